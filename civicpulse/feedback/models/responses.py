"""Responses: what one person answered, once, about one touchpoint.

Nothing here identifies the person: no IP address, no user agent, no account.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from civicpulse.core.models.organizations import TenantModel
from civicpulse.feedback.models.questionnaires import Question, QuestionnaireVersion, QuestionOption
from civicpulse.feedback.models.touchpoints import Touchpoint


class Channel(models.TextChoices):
    QR = "qr", _("QR code")
    KIOSK = "kiosk", _("Kiosk")
    LINK = "link", _("Campaign link")


# What the comments page lists: a response with a comment or a photo. Queries filter on
# this very condition, so that both databases match it to the partial index.
COMMENTED = Q(has_comment=True) | ~Q(photo="")


class Response(TenantModel):
    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="responses",
        db_index=False,  # led by the (organization, submitted_at) index
        verbose_name=_("organisation"),
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.PROTECT,
        related_name="responses",
        null=True,
        blank=True,
        db_index=False,  # led by the (touchpoint, submitted_at) index
        verbose_name=_("touchpoint"),
    )
    campaign = models.ForeignKey(
        "feedback.Campaign",
        on_delete=models.PROTECT,
        related_name="responses",
        null=True,
        blank=True,
        db_index=False,  # led by the (campaign, submitted_at) index
        verbose_name=_("survey campaign"),
    )
    kiosk = models.ForeignKey(
        "feedback.Kiosk",
        on_delete=models.SET_NULL,
        related_name="responses",
        null=True,
        blank=True,
        db_index=False,  # few rows per kiosk are ever read by it; the device keeps its times
        verbose_name=_("kiosk"),
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("questionnaire version"),
    )
    channel = models.CharField(_("channel"), max_length=5, choices=Channel, default=Channel.QR)
    language = models.CharField(_("language"), max_length=2, default="bg")
    submitted_at = models.DateTimeField(_("submitted"))
    score = models.SmallIntegerField(
        _("headline score"),
        null=True,
        blank=True,
        help_text=_("The answer to the headline rating."),
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to="responses/%Y/%m/", blank=True)
    # Whether any answer is text: the comments page reads a period's commented responses
    # through a partial index instead of probing every response for an answer with text.
    has_comment = models.BooleanField(
        _("has a comment"), default=False, db_default=False, editable=False
    )
    # Made per rendered form: a double tap, a retry or a resubmitted page stores one response.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Flagged responses are kept for administrators to review but left out of statistics.
    # Database defaults too, so bulk loads that list their own columns (demo) still insert.
    is_flagged = models.BooleanField(_("flagged"), default=False, db_default=False)
    flag_reason = models.CharField(
        _("reason flagged"), max_length=20, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["organization", "submitted_at"], name="response_org_time"),
            # Partial: a response is about a place or a campaign, and every write skips the
            # index it has no entry in (queries name one, so they still use it).
            models.Index(
                fields=["touchpoint", "submitted_at"],
                condition=Q(touchpoint__isnull=False),
                name="response_touchpoint_time",
            ),
            models.Index(
                fields=["campaign", "submitted_at"],
                condition=Q(campaign__isnull=False),
                name="response_campaign_time",
            ),
            models.Index(
                fields=["organization", "submitted_at"],
                condition=COMMENTED,
                name="response_org_commented_time",
            ),
        ]

    def __str__(self):
        return f"{self.touchpoint} · {self.submitted_at:%Y-%m-%d %H:%M}"


class SubmissionCounter(TenantModel):
    """Submissions counted per key and time window, for rate limits that hold across processes.

    The key is a hash (of a daily-salted client fingerprint, or of a touchpoint): nothing in
    a counter identifies anyone, and counters older than a day are deleted.
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key", "window_start"], name="submission_counter_window"
            )
        ]

    def __str__(self):
        return f"{self.key[:8]}… · {self.window_start:%Y-%m-%d %H:%M:%S} · {self.count}"


class Answer(models.Model):
    """One answer: a number (ratings, yes/no), a chosen option, or text.

    A multiple-choice question gets one row per chosen option.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    # Options of an answered version never change (the version is frozen), so no index is needed.
    option = models.ForeignKey(
        QuestionOption, on_delete=models.DO_NOTHING, null=True, blank=True, db_index=False
    )
    text = models.TextField(blank=True)

    objects = ScopedManager(organization="response__organization")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.question.key}: {self.number if self.number is not None else self.text}"
