"""The Django admin: for platform operators (superusers) only; staff use the back office.

It is an audience like the back office, so it lives here and may call any domain service.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.core.models import Area, Category, Department, Job, Membership, Organization, User
from civicpulse.feedback.defaults import organization_install_defaults
from civicpulse.feedback.models import Questionnaire, Touchpoint


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_bg", "slug", "kind", "registry_prefix", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_bg", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # A new organisation starts with the standard categories and questionnaires,
            # and the standard kinds of case and their states.
            organization_install_defaults(organization=obj)
            cases_install_defaults(organization=obj)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_superuser", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = []
    list_filter = ["is_active", "is_superuser"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


class TenantAdmin(admin.ModelAdmin):
    list_filter = ["organization"]


@admin.register(Area)
class AreaAdmin(TenantAdmin):
    list_display = ["name_bg", "kind", "organization", "path"]
    search_fields = ["name_bg", "name_en"]


@admin.register(Department)
class DepartmentAdmin(TenantAdmin):
    list_display = ["name_bg", "organization", "is_active"]
    search_fields = ["name_bg", "name_en"]


@admin.register(Category)
class CategoryAdmin(TenantAdmin):
    list_display = ["name_bg", "slug", "icon", "organization", "position", "is_active"]


@admin.register(Job)
class JobAdmin(TenantAdmin):
    list_display = ["name", "organization", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "organization"]
    readonly_fields = [f.name for f in Job._meta.fields]


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["name_bg", "code", "kind", "category", "area", "organization", "is_active"]
    list_filter = ["organization", "kind", "is_active"]
    search_fields = ["name_bg", "name_en", "code"]
    readonly_fields = ["code"]
    raw_id_fields = ["category", "area", "department", "place", "questionnaire"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title_bg", "category", "for_employees", "organization", "current_version"]
    list_filter = ["organization", "for_employees"]
    raw_id_fields = ["category", "current_version"]
