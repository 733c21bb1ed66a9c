"""Interventions: what staff changed at a place or in an area (a repair, new staff, new
opening hours), and when, so that the dashboard can measure the change before and after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.core.models.organizations import Area, Organization, TenantModel


class InterventionKind(models.TextChoices):
    REPAIR = "repair", _("Repair or renovation")
    STAFF = "staff", _("New or retrained staff")
    HOURS = "hours", _("New opening hours")
    SERVICE = "service", _("A new or changed service")
    OTHER = "other", _("Other")


class Intervention(TenantModel):
    """On a touchpoint or on an area (and everything inside it), from `started_on`."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="interventions"
    )
    touchpoint = models.ForeignKey(
        "feedback.Touchpoint",
        on_delete=models.CASCADE,
        related_name="interventions",
        null=True,
        blank=True,
        verbose_name=_("touchpoint"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="interventions",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=InterventionKind, default=InterventionKind.REPAIR
    )
    title = models.CharField(_("what was done"), max_length=200)
    description = models.TextField(_("details"), blank=True, max_length=2000)
    started_on = models.DateField(_("from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(touchpoint__isnull=True) ^ models.Q(area__isnull=True),
                name="intervention_on_a_touchpoint_or_an_area",
            )
        ]
        indexes = [models.Index(fields=["organization", "started_on"], name="intervention_date")]

    def __str__(self):
        return self.title

    @property
    def target(self):
        return self.touchpoint or self.area
