"""Cases as the public register sees them, made directly (filing and confirming is tested
in test_filing.py): registered ones with a number, and drafts."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.models import Case, CaseKind, CaseStatus, Publication, Stage
from civicpulse.cases.registry import case_register

SENDER = {
    "sender_name": "Мария Иванова",
    "sender_email": "maria.ivanova@example.org",
    "sender_phone": "+359 88 765 4321",
}


def register_case(
    organization,
    *,
    title="Дупки на улицата",
    description="Има дупки пред блока.",
    kind="signal",
    publication=Publication.NAMED,
    registered=True,
    stage=None,
    at=None,
    **fields,
) -> Case:
    """A case of `organization`, registered (with a number) unless `registered` is False.
    `stage` moves it to that stage's state; `fields` are set before registration."""
    cases_install_defaults(organization=organization)
    with scope(organization=organization):
        case = Case.objects.create(
            organization=organization,
            kind=CaseKind.objects.get(organization=organization, slug=kind),
            title=title,
            description=description,
            publication=publication,
            **{**SENDER, **fields},
        )
        if not registered:
            return case
        case = case_register(case=case, now=at or timezone.now() - timedelta(hours=1))
        if stage is not None:
            case.status = CaseStatus.objects.filter(organization=organization, stage=stage).first()
            if stage == Stage.ANSWERED:
                case.answered_at = case.registered_at + timedelta(days=3)
            case.save()
        return case
