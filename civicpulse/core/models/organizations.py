"""The tenant (Organization) and the structures every organisation has of its own."""

import itertools
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from civicpulse.core.i18n import Translated, translated_char_fields

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))
registry_prefix = RegexValidator(
    r"^[A-Z]{1,6}$", _("Use one to six Latin capital letters, e.g. SZ.")
)


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")


class Organization(models.Model):
    """A tenant: a municipality, an airport operator, a bank or a shop chain."""

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name_bg, name_en = translated_char_fields(_("name"))
    name = Translated()
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganizationKind, default=OrganizationKind.MUNICIPALITY
    )
    registry_prefix = models.CharField(
        _("registry-number prefix"), max_length=6, validators=[registry_prefix]
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    brand_colour = models.CharField(
        _("brand colour"), max_length=7, default="#1f5f8b", validators=[hex_colour]
    )
    employee_min_responses = models.PositiveSmallIntegerField(
        _("minimum responses before an employee's results are shown"),
        default=settings.EMPLOYEE_MIN_RESPONSES_DEFAULT,
    )
    # The public transparency page and its open data (civicpulse.analytics.published).
    publishes_figures = models.BooleanField(
        _("publish aggregate figures"),
        default=False,
        help_text=_(
            "A public page and open data with scores by category, settlement and place; "
            "never employees, comments or personal data."
        ),
    )
    figures_min_responses = models.PositiveSmallIntegerField(
        _("minimum ratings in a published figure"),
        default=settings.FIGURES_MIN_RESPONSES_DEFAULT,
        validators=[
            MinValueValidator(settings.FIGURES_MIN_RESPONSES_DEFAULT // 2),
            MaxValueValidator(10_000),
        ],
        help_text=_("A smaller group of ratings (a month, category and settlement) is left out."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A fresh value whenever the organisation or anything its public forms show changes
    # (see organization_changed); processes that keep forms in memory compare it.
    changes_token = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_bg"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Never written back as it was read: a stale instance saved after a change
        # elsewhere must not bring an old token, and with it old cached forms, back.
        self.changes_token = uuid.uuid4()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "changes_token"}
        super().save(*args, **kwargs)
        _changed_here()


def organization_changed(organization_id: int) -> None:
    """Marks the organisation's public forms as changed, for every process's cache."""
    Organization.objects.filter(pk=organization_id).update(changes_token=uuid.uuid4())
    _changed_here()


# Changes made by this process, counted so that its own memory of the tokens is dropped at
# once (civicpulse.public.form_subjects); other processes read the new token on their own.
_changes_here = itertools.count(1)  # next() is atomic: threads never share a number
_last_change_here = 0


def _count_change_here() -> None:
    global _last_change_here
    _last_change_here = next(_changes_here)


def _changed_here() -> None:
    _count_change_here()
    # Again once the change is committed: a thread that read the old token meanwhile
    # must not keep it as the newest.
    transaction.on_commit(_count_change_here)


def changes_here() -> int:
    """A number that moves whenever this process changes any organisation's forms."""
    return _last_change_here


class TenantModel(models.Model):
    """Data that belongs to one organisation; queries fail loudly outside its scope."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    objects = ScopedManager(organization="organization")

    class Meta:
        abstract = True


class AreaKind(models.TextChoices):
    REGION = "region", _("Region")
    SETTLEMENT = "settlement", _("Settlement")
    DISTRICT = "district", _("District")
    ZONE = "zone", _("Zone")


class Area(TenantModel):
    """A node in the organisation's geography: region → settlement → district, or a chain's regions.

    `path` holds the ids from the root down ("/4/17/"), so a subtree is one prefix query.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="areas", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind, default=AreaKind.SETTLEMENT)
    name_bg, name_en = translated_char_fields(_("name"))
    name = Translated()
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.parent_id:
            if self.parent.organization_id != self.organization_id:
                raise ValueError("An area's parent must belong to the same organisation.")
            if self.pk and f"/{self.pk}/" in self.parent.path:
                raise ValueError("An area cannot be placed inside itself.")
        if self.pk is None:
            super().save(*args, **kwargs)  # the path needs our own id
            args, kwargs = (), {}
        old_path, self.path = self.path, f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            descendants = list(
                Area.objects.filter(
                    organization_id=self.organization_id, path__startswith=old_path
                ).exclude(pk=self.pk)
            )
            for descendant in descendants:
                descendant.path = self.path + descendant.path[len(old_path) :]
            Area.objects.bulk_update(descendants, ["path"])

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def subtree(self):
        return Area.objects.filter(organization_id=self.organization_id, path__startswith=self.path)


class Department(TenantModel):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="departments",
        verbose_name=_("organisation"),
    )
    name_bg, name_en = translated_char_fields(_("name"))
    name = Translated()
    email = models.EmailField(_("e-mail for notifications"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name_bg"]

    def __str__(self):
        return self.name


class CategoryIcon(models.TextChoices):
    """Icons bundled with the app (static/icons/<value>.svg); nothing is loaded from outside."""

    PLAYGROUND = "playground", _("Playground")
    HEALTH = "health", _("Healthcare")
    PARK = "park", _("Park")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    TOWN_HALL = "town-hall", _("Town hall")
    BUS = "bus", _("Bus")
    SERVICE_DESK = "service-desk", _("Service desk")
    TRAIN = "train", _("Train")
    SPORTS = "sports", _("Sports")
    TOURISM = "tourism", _("Tourism")
    SCHOOL = "school", _("School")
    PLANE = "plane", _("Plane")
    SHOP = "shop", _("Shop")
    BANK = "bank", _("Bank")
    CULTURE = "culture", _("Culture")
    SOCIAL = "social", _("Social services")
    PIN = "pin", _("Place")


class Category(TenantModel):
    """A kind of place or service (playgrounds, schools, …): the unit of questionnaires and reports.

    Shared by feedback, signals and analytics, so it lives here rather than in one of them.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(_("short name"), max_length=50)
    name_bg, name_en = translated_char_fields(_("name"))
    name = Translated()
    icon = models.CharField(
        _("icon"), max_length=20, choices=CategoryIcon, default=CategoryIcon.PIN
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_bg"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="category_slug_per_org")
        ]

    def __str__(self):
        return self.name
