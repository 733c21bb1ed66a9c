from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from civicpulse.backoffice.forms.base import CoordinatesMixin, OrganizationModelForm, area_label
from civicpulse.core.models import Area, Category
from civicpulse.feedback.models import Touchpoint, TouchpointKind
from civicpulse.feedback.selectors import TouchpointFilters

ACTIVE_CHOICES = [("", _("All")), ("yes", _("Active")), ("no", _("Inactive"))]
LOCATED_CHOICES = [
    ("", _("All")),
    ("yes", _("With coordinates")),
    ("no", _("Without coordinates")),
]


class TouchpointFilterForm(forms.Form):
    """The list's filters, read from the query string; an unknown value is simply ignored."""

    text = forms.CharField(
        label=_("Name or code"), required=False, max_length=100, widget=forms.SearchInput()
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *TouchpointKind.choices]
    )
    category = SafeModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(), empty_label=_("All")
    )
    area = SafeModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=_("All")
    )
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)
    located = forms.ChoiceField(label=_("Coordinates"), required=False, choices=LOCATED_CHOICES)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = organization.categories.all()
        self.fields["area"].queryset = organization.areas.all()
        self.fields["area"].label_from_instance = area_label

    def filters(self) -> TouchpointFilters:
        cleaned = self.cleaned_data if self.is_valid() else {}
        active = cleaned.get("active")
        return TouchpointFilters(
            kind=cleaned.get("kind", ""),
            category=cleaned.get("category"),
            area=cleaned.get("area"),
            is_active={"yes": True, "no": False}.get(active),
            text=cleaned.get("text", ""),
            located={"yes": True, "no": False}.get(cleaned.get("located")),
        )


def _places(organization, touchpoint):
    places = organization.touchpoints.filter(kind=TouchpointKind.PLACE)
    return places.exclude(pk=touchpoint.pk) if touchpoint.pk else places


class TouchpointForm(CoordinatesMixin, OrganizationModelForm):
    choices = {
        "category": lambda organization, _touchpoint: organization.categories.all(),
        "area": lambda organization, _touchpoint: organization.areas.all(),
        "department": lambda organization, _touchpoint: organization.departments.all(),
        "place": _places,
        "questionnaire": lambda organization, _touchpoint: organization.questionnaires.all(),
    }

    class Meta(OrganizationModelForm.Meta):
        model = Touchpoint
        fields = [
            "kind",
            "name_bg",
            "name_en",
            "category",
            "area",
            "department",
            "place",
            "job_title_bg",
            "job_title_en",
            "address",
            "latitude",
            "longitude",
            "questionnaire",
            "is_active",
        ]
        help_texts = {"place": _("Only for an employee: where they work.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].label_from_instance = area_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == TouchpointKind.PLACE and cleaned.get("place"):
            self.add_error("place", _("Only an employee has a workplace."))
        return cleaned
