"""Back-office forms for case files: the list's filters, registration at the desk, a status
change, the service catalogue, the import and the figures' period."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from civicpulse.backoffice.forms.base import OrganizationModelForm
from civicpulse.backoffice.forms.results import ResultsPeriodForm
from civicpulse.casefiles.imports import MAX_BYTES, casefile_import_read
from civicpulse.casefiles.models import (
    AdministrativeService,
    CaseFileStatus,
    DelayReason,
)
from civicpulse.casefiles.selectors import CaseFileFilters, administrative_services
from civicpulse.casefiles.services import casefile_status_choices
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Department


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CaseFileFilterForm(ResultsPeriodForm):
    """The list's filters, read from the query string; an invalid value is simply ignored."""

    number = forms.CharField(
        label=_("Number"), required=False, max_length=40, widget=forms.SearchInput()
    )
    service = SafeModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=AdministrativeService.objects.none(),
        empty_label=_("All"),
    )
    sector = SafeModelChoiceField(
        label=_("Sector"), required=False, queryset=Department.objects.none(), empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CaseFileStatus.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    field_order = ["number", "service", "sector", "status", "overdue", "since", "until"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = administrative_services(organization=organization)
        self.fields["sector"].queryset = organization.departments.all()
        self.fields["since"].label = _("Registered from")

    def filters(self) -> CaseFileFilters:
        cleaned = self.cleaned_data if self.is_valid() else {}
        since, until = self.period()
        return CaseFileFilters(
            service=cleaned.get("service"),
            sector=cleaned.get("sector"),
            status=cleaned.get("status", ""),
            overdue=bool(cleaned.get("overdue")),
            since=since,
            until=until,
            number=cleaned.get("number", ""),
        )


class CaseFileRegisterForm(forms.Form):
    service = SafeModelChoiceField(
        label=_("Service"), queryset=AdministrativeService.objects.none()
    )
    number = forms.CharField(
        label=_("File number"),
        required=False,
        max_length=40,
        help_text=_(
            "Leave it empty to get the next number; fill it in to keep the document system's."
        ),
    )
    registered_at = forms.DateTimeField(
        label=_("Registered"),
        required=False,
        widget=_datetime_input(),
        help_text=_("Now, unless the application came in earlier."),
    )
    applicant_name = forms.CharField(label=_("Applicant's name"), required=False, max_length=200)
    applicant_email = forms.EmailField(label=_("Applicant's e-mail"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = administrative_services(
            organization=organization, active_only=True
        )


class CaseFileStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    delay_reason = forms.ChoiceField(
        label=_("Reason for delay"),
        required=False,
        choices=[("", _("None")), *DelayReason.choices],
        help_text=_("Needed when the file is done after its deadline."),
    )
    delay_note = forms.CharField(
        label=_("About the delay"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_public = forms.BooleanField(
        label=_("Show this step to the applicant"), required=False, initial=True
    )

    def __init__(self, *args, case_file, **kwargs):
        super().__init__(*args, **kwargs)
        # The current status too: choosing it records only a note or a reason for delay.
        unchanged = _("%(status)s (no change)") % {"status": case_file.get_status_display()}
        self.fields["status"].choices = [
            (case_file.status, unchanged),
            *casefile_status_choices(case_file),
        ]
        self.fields["delay_reason"].initial = case_file.delay_reason
        self.fields["delay_note"].initial = case_file.delay_note


class AdministrativeServiceForm(OrganizationModelForm):
    choices = {"sector": lambda organization, _service: organization.departments.all()}

    class Meta(OrganizationModelForm.Meta):
        model = AdministrativeService
        fields = ["code", "name_bg", "name_en", "days", "sector", "is_active"]

    def clean_code(self):
        code = self.cleaned_data["code"]
        taken = AdministrativeService.objects.filter(
            organization=self.organization, code__iexact=code
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another service has this code."))
        return code


class CaseFileImportForm(forms.Form):
    """The uploaded CSV file; what cannot be read as a table of files is refused here, while
    the rows' own problems wait for the preview."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 or Windows-1251, columns separated by commas or semicolons; at most 5 MB "
            "and 20,000 rows."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)  # one byte over is enough for the size check
        try:
            self.imported = casefile_import_read(data=data)
        except RuleViolation as violation:
            raise forms.ValidationError(violation.message) from None
        return upload
