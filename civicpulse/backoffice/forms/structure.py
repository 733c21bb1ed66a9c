"""Set-up of an organisation's structure: areas, departments and categories."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civicpulse.backoffice.forms.base import CoordinatesMixin, OrganizationModelForm, area_label
from civicpulse.core.models import Area, Category, Department


def _possible_parents(organization, area):
    areas = organization.areas.all()
    if area.pk:  # never inside itself or its own subtree
        areas = areas.exclude(path__startswith=area.path)
    return areas


class AreaForm(CoordinatesMixin, OrganizationModelForm):
    choices = {"parent": _possible_parents}

    class Meta(OrganizationModelForm.Meta):
        model = Area
        fields = ["name_bg", "name_en", "kind", "parent", "latitude", "longitude"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].label_from_instance = area_label


class DepartmentForm(OrganizationModelForm):
    class Meta(OrganizationModelForm.Meta):
        model = Department
        fields = ["name_bg", "name_en", "email", "is_active"]


class CategoryForm(OrganizationModelForm):
    class Meta(OrganizationModelForm.Meta):
        model = Category
        fields = ["name_bg", "name_en", "slug", "icon", "position", "is_active"]
        help_texts = {
            "slug": _("Latin letters, digits and hyphens; used in addresses and exports.")
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = self.organization.categories.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another category already uses this short name."))
        return slug
