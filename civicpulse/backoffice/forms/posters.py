from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from civicpulse.backoffice.forms.base import area_label
from civicpulse.core.models import Area, Category
from civicpulse.feedback.models import TouchpointKind
from civicpulse.feedback.poster_jobs import touchpoints_to_print
from civicpulse.feedback.posters import PosterFormat


class PosterPrintForm(forms.Form):
    """Which active touchpoints to print, and on what; an empty choice means all."""

    poster_format = forms.ChoiceField(label=_("Format"), choices=PosterFormat.choices)
    area = SafeModelChoiceField(
        label=_("Area"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("All"),
        help_text=_("With everything inside it."),
    )
    category = SafeModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(), empty_label=_("All")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *TouchpointKind.choices]
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["area"].queryset = organization.areas.all()
        self.fields["area"].label_from_instance = area_label
        self.fields["category"].queryset = organization.categories.all()

    def job_arguments(self) -> dict:
        """The choice as the ids and values a job is given."""
        area, category = self.cleaned_data.get("area"), self.cleaned_data.get("category")
        return {
            "poster_format": self.cleaned_data["poster_format"],
            "area_id": area.pk if area else None,
            "category_id": category.pk if category else None,
            "kind": self.cleaned_data.get("kind", ""),
        }

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            arguments = self.job_arguments()
            del arguments["poster_format"]
            chosen = touchpoints_to_print(organization=self.organization, **arguments)
            if not chosen.exists():
                raise forms.ValidationError(_("No active touchpoint matches this choice."))
        return cleaned
