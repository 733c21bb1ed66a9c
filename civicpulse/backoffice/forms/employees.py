from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from civicpulse.backoffice.forms.touchpoints import ACTIVE_CHOICES, TouchpointForm
from civicpulse.core.models import Department
from civicpulse.feedback.employees import EmployeeFilters, workplaces
from civicpulse.feedback.models import Touchpoint, TouchpointKind


class EmployeeFilterForm(forms.Form):
    """The employees list's filters, read from the query string; unknown values are ignored."""

    text = forms.CharField(
        label=_("Name, job title or code"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(),
    )
    department = SafeModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.none(),
        empty_label=_("All"),
    )
    place = SafeModelChoiceField(
        label=_("Workplace"),
        required=False,
        queryset=Touchpoint.objects.none(),
        empty_label=_("All"),
    )
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = organization.departments.all()
        self.fields["place"].queryset = workplaces(organization=organization)

    def filters(self) -> EmployeeFilters:
        cleaned = self.cleaned_data if self.is_valid() else {}
        return EmployeeFilters(
            department=cleaned.get("department"),
            place=cleaned.get("place"),
            is_active={"yes": True, "no": False}.get(cleaned.get("active")),
            text=cleaned.get("text", ""),
        )


class EmployeeForm(TouchpointForm):
    """The touchpoint form with the kind fixed: an employee, and what describes one."""

    class Meta(TouchpointForm.Meta):
        fields = [
            "name_bg",
            "name_en",
            "job_title_bg",
            "job_title_en",
            "category",
            "department",
            "place",
            "area",
            "questionnaire",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = TouchpointKind.EMPLOYEE
