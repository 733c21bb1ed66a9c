"""Staff accounts and their roles in each organisation."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from civicpulse.core.models.organizations import Area, Category, Department, Organization


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A staff account needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff; they sign in with their e-mail address. Citizens have no accounts."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False, help_text=_("Only for platform operators.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    LEADER = "leader", _("Leader")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    CASE_OFFICER = "case_officer", _("Case officer")
    AUDITOR = "auditor", _("Auditor")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A user's role in one organisation. A department head's scope narrows what they see:
    each non-empty list (departments, categories, areas) must match, the lists combine with AND.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    departments = models.ManyToManyField(Department, blank=True, verbose_name=_("departments"))
    categories = models.ManyToManyField(Category, blank=True, verbose_name=_("categories"))
    areas = models.ManyToManyField(Area, blank=True, verbose_name=_("areas"))
    external_organization = models.CharField(
        _("external organisation"),
        max_length=200,
        blank=True,
        help_text=_("For auditors: the organisation they work for."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} · {self.organization} · {self.get_role_display()}"

    def has_permission(self, permission: str) -> bool:
        from civicpulse.core.permissions import role_has_permission

        return role_has_permission(self.role, permission)
