"""Cases: signals, complaints, suggestions and questions from named citizens, and their history.

A case is filed as a draft and registered, with its registry number, only once its sender
confirms their e-mail address (civicpulse.cases.registry). Its history is append-only.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.cases.models.kinds import CaseKind, CaseStatus
from civicpulse.core.models.history import AppendOnly
from civicpulse.core.models.organizations import (
    Area,
    Category,
    Department,
    Organization,
    TenantModel,
)
from civicpulse.core.text_search import search_document


def new_tracking_key() -> str:
    return secrets.token_urlsafe(24)


def new_request_token() -> str:
    return secrets.token_hex(16)


class Publication(models.TextChoices):
    """How the sender lets the case appear in the public register."""

    NAMED = "named", _("Publish it with my name")
    ANONYMOUS = "anonymous", _("Publish it without my name")
    PRIVATE = "private", _("Do not publish it")


class Source(models.TextChoices):
    """How the case reached the organisation."""

    WEB = "web", _("The signals portal")
    OPEN311 = "open311", _("An Open311 client")
    STAFF = "staff", _("Registered by staff (phone, desk, letter)")


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
    source = models.CharField(
        _("received through"), max_length=10, choices=Source, default=Source.WEB
    )
    # The Open311 client that posted it, when one did (civicpulse.open311).
    client = models.ForeignKey(
        "core.ApiClient",
        on_delete=models.SET_NULL,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("API client"),
    )

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
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    # The public answer, as last given (its history is in the events).
    answer = models.TextField(_("answer"), blank=True)
    # Stage duplicate: the case this one repeats. Stage forwarded: the institution now in charge.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        related_name="duplicates",
        null=True,
        blank=True,
        verbose_name=_("duplicate of"),
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    # The sender's say after the answer: a reopen request, and a rating from 1 to 5.
    reopen_requested_at = models.DateTimeField(
        _("the sender asked to reopen it"), null=True, blank=True
    )
    answer_rating = models.PositiveSmallIntegerField(
        _("the sender's rating of the answer"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    # Moderation for the public register: a hidden case is not published at all; a
    # redacted text is published instead of the sender's own (which staff still see).
    is_hidden = models.BooleanField(_("hidden from the register"), default=False)
    redacted_title = models.CharField(_("subject as published"), max_length=200, blank=True)
    redacted_description = models.TextField(_("description as published"), blank=True)
    redacted_answer = models.TextField(_("answer as published"), blank=True)
    # "Me too": how many people said the published case concerns them as well.
    supporters = models.PositiveIntegerField(_("supporters"), default=0)
    # Words and their stems, for the register's full-text search (civicpulse.cases.search).
    search_text = models.TextField(blank=True, editable=False)
    # The secret in the sender's tracking link (and inside the confirmation link).
    tracking_key = models.CharField(
        max_length=40, default=new_tracking_key, unique=True, editable=False
    )
    # The filing form's one-time nonce (from its signed form token): a form sent twice (a
    # double tap, a reload, a replayed post) finds the draft it made and makes no other.
    filing_nonce = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Open311's token for a posted request: public, unlike the tracking key.
    request_token = models.CharField(
        max_length=40, default=new_request_token, unique=True, editable=False
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
            models.Index(fields=["organization", "status"], name="case_status"),
            models.Index(fields=["organization", "department"], name="case_department"),
        ]

    def __str__(self):
        return self.number or _("Unconfirmed case %(pk)s") % {"pk": self.pk}

    @property
    def is_registered(self) -> bool:
        return self.registered_at is not None

    def save(self, *args, update_fields=None, **kwargs):
        # The index holds only what the register may show, so a search cannot find a
        # case by words that moderation took out.
        self.search_text = search_document(
            self.number, self.published_title, self.published_description, self.published_answer
        )
        if update_fields is not None:
            update_fields = {*update_fields, "search_text"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def is_published(self) -> bool:
        """Whether the public register shows it: registered, consented to, not hidden."""
        return self.is_registered and not self.is_hidden and self.publication != Publication.PRIVATE

    @property
    def published_title(self) -> str:
        return self.redacted_title or self.title

    @property
    def published_description(self) -> str:
        return self.redacted_description or self.description

    @property
    def published_answer(self) -> str:
        return self.redacted_answer or self.answer

    @property
    def published_sender(self) -> str:
        """The sender's name as the register may show it: only with their consent."""
        return self.sender_name if self.publication == Publication.NAMED else ""


class CasePhoto(TenantModel):
    """A photo sent with a case, re-encoded without metadata (civicpulse.feedback.photos)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="cases/%Y/%m/")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_hidden = models.BooleanField(_("hidden from the register"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo of a case")
        verbose_name_plural = _("photos of a case")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.image.name


class CaseSupport(TenantModel):
    """One "me too" on a published case. `supporter` is a keyed hash of a random cookie,
    so one browser counts once and nothing about the person is kept."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supports")
    supporter = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support of a case")
        verbose_name_plural = _("supports of a case")
        constraints = [
            models.UniqueConstraint(fields=["case", "supporter"], name="case_support_once")
        ]

    def __str__(self):
        return f"{self.case_id}: {self.at:%Y-%m-%d}"


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
    REMINDED = "reminded", _("Reminder sent to the department")


class CaseEvent(AppendOnly, TenantModel):
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
