"""The public register's search and filters, and its lookup by registry number (GET forms)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from civicpulse.cases.models import CaseKind, CaseStatus
from civicpulse.cases.published import RegisterFilters
from civicpulse.core.models import Area, Category, Organization

MAX_QUERY = 200
NUMBER = re.compile(r"^[A-Z]{1,6}-[0-9]{4}-[0-9]{5,}$")


def registry_number(text: str) -> str | None:
    """The text as a registry number, if it is one (any case, spaces around allowed)."""
    number = (text or "").strip().upper()
    return number if NUMBER.match(number) else None


class _Choice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AreaChoice(_Choice):
    def label_from_instance(self, obj):
        # Parts of an area indented under it, as the filter includes them.
        return "\u00a0\u00a0" * obj.depth + obj.name


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Words or a registry number"),
        max_length=MAX_QUERY,
        required=False,
        strip=True,
    )
    kind = _Choice(
        label=_("Kind"), queryset=CaseKind.objects.none(), to_field_name="slug", required=False
    )
    category = _Choice(
        label=_("Category"), queryset=Category.objects.none(), to_field_name="slug", required=False
    )
    state = _Choice(label=_("State"), queryset=CaseStatus.objects.none(), required=False)
    area = AreaChoice(label=_("Area"), queryset=Area.objects.none(), required=False)
    registered_from = forms.DateField(
        label=_("Registered from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    registered_to = forms.DateField(
        label=_("Registered until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=[("newest", _("Newest first")), ("relevance", _("Best match first"))],
        required=False,
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        with scope(organization=organization):
            self.fields["kind"].queryset = CaseKind.objects.filter(
                organization=organization, is_active=True
            )
            self.fields["category"].queryset = Category.objects.filter(
                organization=organization, is_active=True
            )
            self.fields["state"].queryset = CaseStatus.objects.filter(
                organization=organization, is_active=True
            )
            self.fields["area"].queryset = Area.objects.filter(organization=organization)
        for name in ("kind", "category", "state", "area"):
            self.fields[name].empty_label = _("All")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("registered_from"), cleaned.get("registered_to")
        if start and end and start > end:
            self.add_error("registered_to", _("The end of the period is before its start."))
        return cleaned

    def filters(self) -> RegisterFilters:
        """The filters that are valid; a field with an error filters nothing."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        valid = {
            name: value for name, value in self.cleaned_data.items() if name not in self.errors
        }
        return RegisterFilters(
            query=valid.get("q") or "",
            kind=valid.get("kind"),
            category=valid.get("category"),
            status=valid.get("state"),
            area=valid.get("area"),
            registered_from=valid.get("registered_from"),
            registered_to=valid.get("registered_to"),
            by_relevance=valid.get("sort") == "relevance",
        )

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields if name != "sort")
