from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from civicpulse.backoffice.forms.base import area_label
from civicpulse.core.members import MemberScope
from civicpulse.core.models import Area, Category, Department, Role


def _scope_field(model, label):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=model.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MemberRoleForm(forms.Form):
    """A member's role and what narrows it; the service drops what the role does not use."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    departments = _scope_field(Department, _("Departments"))
    categories = _scope_field(Category, _("Categories"))
    areas = _scope_field(Area, _("Areas (with everything inside them)"))
    external_organization = forms.CharField(
        label=_("External organisation"),
        max_length=200,
        required=False,
        help_text=_("The organisation the auditor works for."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = organization.departments.all()
        self.fields["categories"].queryset = organization.categories.all()
        self.fields["areas"].queryset = organization.areas.all()
        self.fields["areas"].label_from_instance = area_label

    def general_fields(self):
        """The fields every role uses; the template groups the rest by role."""
        by_role = {"departments", "categories", "areas", "external_organization"}
        return [field for field in self if field.name not in by_role]

    def scope(self) -> MemberScope:
        data = self.cleaned_data
        return MemberScope(
            departments=data["departments"],
            categories=data["categories"],
            areas=data["areas"],
            external_organization=data["external_organization"],
        )


class MemberInviteForm(MemberRoleForm):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("If the person already has an account, it keeps its own name."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )

    field_order = ["email", "full_name", "language", "role"]
