from django import forms
from django.utils.translation import gettext_lazy as _

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.touchpoint_import import MAX_BYTES, touchpoint_import_read


class TouchpointImportForm(forms.Form):
    """The uploaded CSV file; what cannot be read as a table of touchpoints is refused here,
    while the rows' own problems wait for the preview."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 or Windows-1251, columns separated by commas or semicolons; at most 2 MB "
            "and 5,000 rows."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # One byte over the limit is enough for the service to refuse the size.
        data = upload.read(MAX_BYTES + 1)
        try:
            self.imported = touchpoint_import_read(data=data)
        except RuleViolation as violation:
            raise forms.ValidationError(violation.message) from None
        return upload
