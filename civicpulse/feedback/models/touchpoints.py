"""Touchpoints: what a printed QR code points at, a place or an employee."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import Translated, translated_char_fields
from civicpulse.core.models.organizations import Area, Category, Department, TenantModel

# No 0/O, 1/I/L or U: a code read aloud or typed from a poster is not mistaken.
# Upper case keeps the URL in QR's compact alphanumeric mode.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8  # 30**8 ≈ 6.6e11 codes: unguessable at any realistic number of stickers
PUBLIC_PATH = "/q/"


def new_touchpoint_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class TouchpointKind(models.TextChoices):
    PLACE = "place", _("Place")
    EMPLOYEE = "employee", _("Employee")


class Touchpoint(TenantModel):
    """A place (a playground, a desk, a bus stop) or an employee that citizens rate.

    Its code is printed on stickers, so it is made once and never changes.
    """

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="touchpoints",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=TouchpointKind, default=TouchpointKind.PLACE
    )
    code = models.CharField(
        _("code"), max_length=16, unique=True, editable=False, default=new_touchpoint_code
    )
    name_bg, name_en = translated_char_fields(_("name"))
    name = Translated()
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="touchpoints", verbose_name=_("category")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="touchpoints",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        related_name="touchpoints",
        null=True,
        blank=True,
        verbose_name=_("department"),
        help_text=_("For a place, the department responsible; for an employee, their own."),
    )
    place = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        related_name="employees",
        null=True,
        blank=True,
        limit_choices_to={"kind": TouchpointKind.PLACE},
        verbose_name=_("workplace"),
    )
    job_title_bg, job_title_en = translated_char_fields(_("job title"), blank=True)
    job_title = Translated()
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    questionnaire = models.ForeignKey(
        "feedback.Questionnaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("own questionnaire"),
        help_text=_("Leave empty to use the category's questionnaire."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["name_bg"]
        indexes = [
            models.Index(fields=["organization", "kind", "is_active"], name="touchpoint_org_kind")
        ]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_code = instance.__dict__.get("code")
        return instance

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_code", None)
        if stored and self.code != stored:
            raise RuleViolation("A touchpoint's code is printed on stickers and never changes.")
        if self.place_id and self.place.organization_id != self.organization_id:
            raise RuleViolation("The workplace belongs to another organisation.")
        if self._state.adding:
            # Codes are global (the URL has no organisation), so look across tenants.
            while Touchpoint.objects.with_scopes_disabled().filter(code=self.code).exists():
                self.code = new_touchpoint_code()
        super().save(*args, **kwargs)
        self._stored_code = self.code

    @property
    def is_employee(self) -> bool:
        return self.kind == TouchpointKind.EMPLOYEE

    @property
    def public_path(self) -> str:
        return f"{PUBLIC_PATH}{self.code}"

    @property
    def public_url(self) -> str:
        return f"{settings.SITE_URL}{self.public_path}"
