"""Survey campaigns: a questionnaire shared by link and QR code, not tied to one place."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicpulse.core.i18n import Translated, translated_char_fields
from civicpulse.core.models.organizations import TenantModel
from civicpulse.feedback.models.touchpoints import new_touchpoint_code

CAMPAIGN_PATH = "/s/"


class Campaign(TenantModel):
    """A yearly survey of the service centre, say: open between two dates, answered once per
    form, with results read as distributions rather than per place."""

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="campaigns",
        verbose_name=_("organisation"),
    )
    title_bg, title_en = translated_char_fields(_("title"))
    title = Translated()
    introduction_bg, introduction_en = translated_char_fields(
        _("introduction"), max_length=1000, blank=True
    )
    introduction = Translated()
    questionnaire = models.ForeignKey(
        "feedback.Questionnaire",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("questionnaire"),
    )
    # Printed in QR codes and links like a touchpoint's, so made once and never changed.
    code = models.CharField(
        _("code"), max_length=16, unique=True, editable=False, default=new_touchpoint_code
    )
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="campaign_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._state.adding:
            while Campaign.objects.with_scopes_disabled().filter(code=self.code).exists():
                self.code = new_touchpoint_code()
        super().save(*args, **kwargs)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_active and self.starts_at <= now < self.ends_at

    @property
    def public_path(self) -> str:
        return f"{CAMPAIGN_PATH}{self.code}"

    @property
    def public_url(self) -> str:
        return f"{settings.SITE_URL}{self.public_path}"
