"""The kinds of case and the states every organisation starts with; staff may rename,
reorder, switch off or add their own."""

from django.db import transaction
from django_scopes import scope

from civicpulse.cases.models import CaseKind, CaseStatus, Stage
from civicpulse.core.models import Organization

# (slug, Bulgarian, English); answered within the default 14 days.
KIND_DEFAULTS = [
    ("signal", "Сигнал", "Signal"),
    ("complaint", "Жалба", "Complaint"),
    ("suggestion", "Предложение", "Suggestion"),
    ("question", "Въпрос", "Question"),
    ("reception", "Среща в приемния ден", "Meeting on the reception day"),
]

STATUS_DEFAULTS = [
    (Stage.RECEIVED, "Получен", "Received"),
    (Stage.ASSIGNED, "Възложен", "Assigned"),
    (Stage.IN_PROGRESS, "В процес на работа", "In progress"),
    (Stage.ANSWERED, "Отговорен", "Answered"),
    (Stage.CLOSED, "Приключен", "Closed"),
    (Stage.REJECTED, "Отхвърлен", "Rejected"),
    (Stage.DUPLICATE, "Дублиран", "Duplicate"),
    (Stage.FORWARDED, "Препратен по компетентност", "Forwarded to another institution"),
]


@transaction.atomic
def cases_install_defaults(*, organization: Organization) -> None:
    """Adds the default kinds and a state for every stage, where the organisation has none.

    Safe to run again: what staff changed is kept.
    """
    with scope(organization=organization):
        kinds = set(
            CaseKind.objects.filter(organization=organization).values_list("slug", flat=True)
        )
        CaseKind.objects.bulk_create(
            CaseKind(organization=organization, slug=slug, name_bg=bg, name_en=en, position=n * 10)
            for n, (slug, bg, en) in enumerate(KIND_DEFAULTS, start=1)
            if slug not in kinds
        )
        stages = set(
            CaseStatus.objects.filter(organization=organization).values_list("stage", flat=True)
        )
        CaseStatus.objects.bulk_create(
            CaseStatus(
                organization=organization, stage=stage, name_bg=bg, name_en=en, position=n * 10
            )
            for n, (stage, bg, en) in enumerate(STATUS_DEFAULTS, start=1)
            if stage not in stages
        )
