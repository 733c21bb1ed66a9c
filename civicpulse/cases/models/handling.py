"""What helps officers handle cases: routing rules that propose a department, and answer
templates."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.cases.models.kinds import CaseKind
from civicpulse.core.i18n import Translated, translated_char_fields
from civicpulse.core.models.organizations import (
    Area,
    Category,
    Department,
    Organization,
    TenantModel,
)


class RoutingRule(TenantModel):
    """Proposes `department` for cases of this kind, category and area. An empty condition
    matches anything; of the rules that match, the most specific wins, then `position`."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="routing_rules"
    )
    kind = models.ForeignKey(
        CaseKind, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("kind")
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("category")
    )
    # An area matches itself and everything inside it (Area.path).
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("area")
    )
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+", verbose_name=_("department")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.department)

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.kind_id, self.category_id, self.area_id))


class AnswerTemplate(TenantModel):
    """A reusable answer; officers start from it and make it fit the case."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="answer_templates"
    )
    kind = models.ForeignKey(
        CaseKind,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("kind"),
        help_text=_("Leave empty to offer it for every kind."),
    )
    name_bg, name_en = translated_char_fields(_("name"), max_length=100)
    name = Translated()
    text_bg = models.TextField(_("text (Bulgarian)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["name_bg"]

    def __str__(self):
        return self.name

    def text_for(self, language: str) -> str:
        return (self.text_en if language == "en" else "") or self.text_bg
