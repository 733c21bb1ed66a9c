"""The registry's counters: one row per organisation and year, the last number given."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.core.models.organizations import Organization, TenantModel


class RegistryCounter(TenantModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="registry_counters"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("registry counter")
        verbose_name_plural = _("registry counters")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="registry_counter_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"
