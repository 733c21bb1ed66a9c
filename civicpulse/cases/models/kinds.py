"""What an organisation's cases can be (kinds) and the states they pass through."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.core.i18n import Translated, translated_char_fields
from civicpulse.core.models.organizations import Organization, TenantModel

DEFAULT_ANSWER_DAYS = 14  # the Administrative Procedure Code's time for an answer


class CaseKind(TenantModel):
    """A signal, a complaint, a suggestion, a question, a request for the reception day…"""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="case_kinds"
    )
    slug = models.SlugField(_("short name"), max_length=50)
    name_bg, name_en = translated_char_fields(_("name"), max_length=100)
    name = Translated()
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=DEFAULT_ANSWER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("kind of case")
        verbose_name_plural = _("kinds of case")
        ordering = ["position", "name_bg"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="case_kind_slug_per_org")
        ]

    def __str__(self):
        return self.name


class Stage(models.TextChoices):
    """What a state means to the workflow; an organisation names its states as it likes."""

    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")
    FORWARDED = "forwarded", _("Forwarded to another institution")

    @classmethod
    def open(cls) -> frozenset[str]:
        """Stages whose deadline still runs."""
        return frozenset({cls.RECEIVED, cls.ASSIGNED, cls.IN_PROGRESS})


class CaseStatus(TenantModel):
    """One of an organisation's states of a case, at one stage of the workflow."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="case_statuses"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage)
    name_bg, name_en = translated_char_fields(_("name"), max_length=100)
    name = Translated()
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("state of a case")
        verbose_name_plural = _("states of a case")
        ordering = ["position", "name_bg"]

    def __str__(self):
        return self.name
