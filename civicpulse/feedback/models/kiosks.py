"""Kiosks: tablets in service centres where citizens rate with one tap."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicpulse.core.models.organizations import TenantModel

# A tablet sends a heartbeat every minute; missing three in a row is "offline".
ONLINE_WITHIN = timedelta(minutes=3)


class KioskDisplay(models.TextChoices):
    SMILEYS = "smileys", _("Five smileys")
    SCALE = "scale", _("Scale 0-10")


class Kiosk(TenantModel):
    """A paired tablet. It holds a secret device token; only its hash is stored here.

    Pairing: staff create the kiosk, which makes a short one-time code; typed on the tablet,
    the code is exchanged for the device token and cleared. Revoking clears the token hash.
    """

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="kiosks",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    touchpoint = models.ForeignKey(
        "feedback.Touchpoint",
        on_delete=models.PROTECT,
        related_name="kiosks",
        verbose_name=_("place rated"),
        help_text=_("Responses from this kiosk count for this place."),
    )
    questionnaire = models.ForeignKey(
        "feedback.Questionnaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("own questionnaire"),
        help_text=_("Leave empty to use the place's questionnaire."),
    )
    display = models.CharField(
        _("display"), max_length=10, choices=KioskDisplay, default=KioskDisplay.SMILEYS
    )
    repeat_window_seconds = models.PositiveSmallIntegerField(
        _("ignore repeated presses for (seconds)"), default=5
    )
    reset_seconds = models.PositiveSmallIntegerField(_("thank-you shown for (seconds)"), default=5)
    pairing_code = models.CharField(max_length=16, blank=True, default="", db_index=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    paired_at = models.DateTimeField(_("paired"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    last_response_at = models.DateTimeField(_("last response"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_paired(self) -> bool:
        return bool(self.token_hash)

    @property
    def is_awaiting_pairing(self) -> bool:
        return bool(self.pairing_code) and self.pairing_expires_at > timezone.now()

    @property
    def is_online(self) -> bool:
        return (
            self.is_paired
            and self.last_seen_at is not None
            and timezone.now() - self.last_seen_at <= ONLINE_WITHIN
        )
