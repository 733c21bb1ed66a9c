"""Cases: signals, complaints, suggestions and questions from named citizens, and their history.

A case is filed as a draft and registered, with its registry number, only once its sender
confirms their e-mail address (civicpulse.cases.registry). Its history is append-only.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.cases.models.kinds import CaseKind, CaseStatus
from civicpulse.core.models.organizations import (
    Area,
    Category,
    Department,
    Organization,
    TenantModel,
)


def new_tracking_key() -> str:
    return secrets.token_urlsafe(24)


class Publication(models.TextChoices):
    """How the sender lets the case appear in the public register."""

    NAMED = "named", _("Publish it with my name")
    ANONYMOUS = "anonymous", _("Publish it without my name")
    PRIVATE = "private", _("Do not publish it")


class Case(TenantModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="cases")
    kind = models.ForeignKey(
        CaseKind, on_delete=models.PROTECT, related_name="cases", verbose_name=_("kind")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("category"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    # The place whose QR page led the citizen here, when one did.
    touchpoint = models.ForeignKey(
        "feedback.Touchpoint",
        on_delete=models.SET_NULL,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("place"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))

    # The sender: required by the Administrative Procedure Code (art. 111(4)); seen only
    # by staff who handle the case, and published only as `publication` allows.
    sender_name = models.CharField(_("names"), max_length=200)
    sender_email = models.EmailField(_("e-mail"))
    sender_phone = models.CharField(_("phone"), max_length=40)
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication, default=Publication.NAMED
    )
    language = models.CharField(_("language"), max_length=2, default="bg")

    status = models.ForeignKey(
        CaseStatus,
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("state"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("department"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("officer"),
    )

    # Empty until registration: "<prefix>-<year>-<five digits>", gap-free per year.
    number = models.CharField(_("registry number"), max_length=32, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The secret in the sender's tracking link (and inside the confirmation link).
    tracking_key = models.CharField(
        max_length=40, default=new_tracking_key, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="case_registry_sequence",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "number"], name="case_number"),
            models.Index(fields=["organization", "registered_at"], name="case_registered"),
            models.Index(fields=["organization", "due_at"], name="case_due"),
        ]

    def __str__(self):
        return self.number or _("Unconfirmed case %(pk)s") % {"pk": self.pk}

    @property
    def is_registered(self) -> bool:
        return self.registered_at is not None


class EventAction(models.TextChoices):
    FILED = "filed", _("Filed")
    REGISTERED = "registered", _("Registered")
    ROUTED = "routed", _("Sent to a department")
    ASSIGNED = "assigned", _("Assigned to an officer")
    STATUS = "status", _("State changed")
    NOTE = "note", _("Internal note")
    ANSWERED = "answered", _("Answered")
    EXTENDED = "extended", _("Deadline extended")
    REPLIED = "replied", _("The sender replied")
    REOPEN_REQUESTED = "reopen", _("The sender says the answer did not solve it")
    RATED = "rated", _("The sender rated the answer")
    MODERATED = "moderated", _("Moderated")


class CaseEvent(TenantModel):
    """One action on a case, by whom and when. Rows are only ever added."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction)
    is_public = models.BooleanField(_("shown to the sender"), default=False)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("event of a case")
        verbose_name_plural = _("history of a case")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_time")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A case's history is only added to.")
        super().save(*args, **kwargs)
