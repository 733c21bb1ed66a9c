"""Administrative service files (преписки): what a citizen applied for at the municipality's
desk (a certificate, a sketch, a permit), tracked by sector against the service's legal term.

A file is registered by staff, by a CSV import or by the document system through the API.
Its status history is append-only; the citizen follows it with the number and an access
code, of which only a keyed hash is kept.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicpulse.core.i18n import Translated, translated_char_fields
from civicpulse.core.models.history import AppendOnly
from civicpulse.core.models.organizations import Department, Organization, TenantModel

service_code = RegexValidator(
    r"^[0-9A-Za-z][0-9A-Za-z._-]{0,29}$",
    _("Use up to 30 Latin letters, digits, dots, dashes or underscores."),
)
MAX_SERVICE_DAYS = 365


class AdministrativeService(TenantModel):
    """One service of the catalogue, with its legal term in days and the sector doing it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="administrative_services"
    )
    code = models.CharField(_("code"), max_length=30, validators=[service_code])
    name_bg, name_en = translated_char_fields(_("name"), max_length=200)
    name = Translated()
    days = models.PositiveSmallIntegerField(
        _("days to complete"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SERVICE_DAYS)],
        help_text=_("The legal term, in calendar days from registration."),
    )
    sector = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="administrative_services",
        null=True,
        blank=True,
        verbose_name=_("sector"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("administrative service")
        verbose_name_plural = _("administrative services")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="administrative_service_code"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def term(self) -> timedelta:
        return timedelta(days=self.days)


class CaseFileStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_DOCUMENTS = "awaiting_documents", _("Waiting for documents from the applicant")
    READY = "ready", _("Ready for collection")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def open(cls) -> tuple[str, ...]:
        """The administration still owes the applicant a result."""
        return (cls.SUBMITTED, cls.IN_PROGRESS, cls.AWAITING_DOCUMENTS)

    @classmethod
    def done(cls) -> tuple[str, ...]:
        """The administration has done its part: its time is measured up to here."""
        return (cls.READY, cls.COMPLETED, cls.REFUSED)


class DelayReason(models.TextChoices):
    MISSING_DOCUMENTS = "missing_documents", _("Documents missing from the application")
    OTHER_INSTITUTION = "other_institution", _("Waiting for another institution")
    WORKLOAD = "workload", _("Workload")
    TECHNICAL = "technical", _("A technical problem")
    OTHER = "other", _("Another reason")


class CaseFileSource(models.TextChoices):
    STAFF = "staff", _("Registered at the desk")
    IMPORT = "import", _("Imported from a CSV file")
    API = "api", _("Sent by the document system")


class CaseFileCounter(TenantModel):
    """The last file number given per organisation and year (numbers we make ourselves)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="case_file_counters"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("case-file counter")
        verbose_name_plural = _("case-file counters")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="case_file_counter_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"


class CaseFile(TenantModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="case_files"
    )
    # "<prefix>-<year>-F<five digits>" when we number it; the document system's own otherwise.
    number = models.CharField(_("file number"), max_length=40)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    external_id = models.CharField(
        _("document system's id"), max_length=100, blank=True, default=""
    )
    service = models.ForeignKey(
        AdministrativeService,
        on_delete=models.PROTECT,
        related_name="case_files",
        verbose_name=_("service"),
    )
    sector = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="case_files",
        null=True,
        blank=True,
        verbose_name=_("sector"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseFileStatus, default=CaseFileStatus.SUBMITTED
    )
    registered_at = models.DateTimeField(_("registered"))
    due_at = models.DateTimeField(_("due"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    delay_reason = models.CharField(
        _("reason for delay"), max_length=20, choices=DelayReason, blank=True, default=""
    )
    delay_note = models.TextField(_("about the delay"), max_length=1000, blank=True, default="")
    # A keyed hash of the code given to the applicant (civicpulse.casefiles.access_codes).
    access_code_hash = models.CharField(max_length=64, editable=False)
    # Personal data: seen only by staff with casefiles.manage, never by the public or the API's
    # list; optional, since the document system keeps the applicant's record.
    applicant_name = models.CharField(_("applicant's name"), max_length=200, blank=True)
    applicant_email = models.EmailField(_("applicant's e-mail"), blank=True)
    source = models.CharField(
        _("registered through"), max_length=10, choices=CaseFileSource, default="staff"
    )
    client = models.ForeignKey(
        "core.ApiClient",
        on_delete=models.SET_NULL,
        related_name="case_files",
        null=True,
        blank=True,
        verbose_name=_("API client"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        ordering = ["-registered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="case_file_number"),
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~models.Q(external_id=""),
                name="case_file_external_id",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="case_file_sequence",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "registered_at"], name="case_file_registered"),
            models.Index(fields=["organization", "status", "due_at"], name="case_file_status"),
            models.Index(fields=["organization", "completed_at"], name="case_file_completed"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in CaseFileStatus.open()

    def is_overdue(self, now=None) -> bool:
        """Still open past its due time."""
        return self.is_open and self.due_at < (now or timezone.now())

    @property
    def was_late(self) -> bool:
        """Done, but after its due time."""
        return self.completed_at is not None and self.completed_at > self.due_at


class CaseFileEvent(AppendOnly, TenantModel):
    """One status change of a file, by whom and when. Rows are only ever added."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"))
    status = models.CharField(_("status"), max_length=20, choices=CaseFileStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    client = models.ForeignKey(
        "core.ApiClient",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("API client"),
    )
    delay_reason = models.CharField(
        _("reason for delay"), max_length=20, choices=DelayReason, blank=True, default=""
    )
    note = models.TextField(_("note"), max_length=1000, blank=True, default="")
    is_public = models.BooleanField(_("shown to the applicant"), default=True)

    class Meta:
        verbose_name = _("event of a case file")
        verbose_name_plural = _("history of a case file")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case_file", "at"], name="case_file_event_time")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def by(self) -> str:
        """Who made the change, as the back office names them."""
        if self.client_id:
            return str(self.client)
        return str(self.actor) if self.actor_id else ""
