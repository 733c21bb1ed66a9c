"""Survey campaigns: creating and changing them, their status, and the lists staff read."""

from datetime import datetime

from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Organization
from civicpulse.feedback.models import Campaign, Questionnaire

EDITABLE_FIELDS = frozenset(
    {
        "title_bg",
        "title_en",
        "introduction_bg",
        "introduction_en",
        "questionnaire",
        "starts_at",
        "ends_at",
        "is_active",
    }
)


class CampaignStatus(models.TextChoices):
    SCHEDULED = "scheduled", gettext_lazy("Scheduled")
    OPEN = "open", gettext_lazy("Open")
    CLOSED = "closed", gettext_lazy("Closed")
    INACTIVE = "inactive", gettext_lazy("Switched off")


def campaign_status(campaign: Campaign, *, now: datetime | None = None) -> CampaignStatus:
    now = now or timezone.now()
    if not campaign.is_active:
        return CampaignStatus.INACTIVE
    if now < campaign.starts_at:
        return CampaignStatus.SCHEDULED
    if now >= campaign.ends_at:
        return CampaignStatus.CLOSED
    return CampaignStatus.OPEN


def answerable_questionnaires(*, organization: Organization) -> QuerySet[Questionnaire]:
    """What a campaign may ask: the organisation's questionnaires that have questions."""
    return Questionnaire.objects.filter(
        organization=organization, current_version__isnull=False
    ).order_by("title_bg", "pk")


def _check(campaign: Campaign) -> None:
    if not campaign.title_bg.strip():
        raise RuleViolation(_("Give the survey a title."), field="title_bg")
    if campaign.ends_at <= campaign.starts_at:
        raise RuleViolation(_("The survey must close after it opens."), field="ends_at")
    questionnaire = campaign.questionnaire
    if questionnaire.organization_id != campaign.organization_id:
        raise RuleViolation(_("Choose one of your own questionnaires."), field="questionnaire")
    if questionnaire.current_version_id is None:
        raise RuleViolation(_("This questionnaire has no questions yet."), field="questionnaire")


@transaction.atomic
def campaign_create(
    *,
    organization: Organization,
    title_bg: str,
    questionnaire: Questionnaire,
    starts_at: datetime,
    ends_at: datetime,
    title_en: str = "",
    introduction_bg: str = "",
    introduction_en: str = "",
    is_active: bool = True,
) -> Campaign:
    """A new survey: it closes after it opens and asks one of the organisation's own
    questionnaires that has questions. Its code is made once and never changes."""
    campaign = Campaign(
        organization=organization,
        title_bg=title_bg,
        title_en=title_en,
        introduction_bg=introduction_bg,
        introduction_en=introduction_en,
        questionnaire=questionnaire,
        starts_at=starts_at,
        ends_at=ends_at,
        is_active=is_active,
    )
    _check(campaign)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, **changes) -> Campaign:
    """Changes a survey under the same rules; once answered, its questionnaire stays, so
    that every response is read against the questions it answered."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    new_questionnaire = changes.get("questionnaire")
    # Compared with what is stored: a form may have set the new value on the instance already.
    stored = Campaign.objects.filter(pk=campaign.pk).values_list("questionnaire_id", flat=True)
    if (
        new_questionnaire is not None
        and new_questionnaire.pk != stored.first()
        and campaign.responses.exists()
    ):
        raise RuleViolation(
            _("This survey has responses, so its questionnaire can no longer change."),
            field="questionnaire",
        )
    for name, value in changes.items():
        setattr(campaign, name, value)
    _check(campaign)
    campaign.save()
    return campaign


def campaign_list(*, organization: Organization) -> QuerySet[Campaign]:
    """The organisation's surveys, newest first, each with its counted responses."""
    return (
        Campaign.objects.filter(organization=organization)
        .select_related("questionnaire")
        .annotate(response_count=Count("responses", filter=Q(responses__is_flagged=False)))
        .order_by("-starts_at", "-pk")
    )
