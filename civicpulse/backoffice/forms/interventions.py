from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicpulse.analytics.interventions import intervention_areas, intervention_touchpoints
from civicpulse.analytics.models import Intervention
from civicpulse.backoffice.forms.base import OrganizationModelForm, area_label

EARLIEST = date(2000, 1, 1)
MOST_DAYS_AHEAD = 366  # an intervention planned for next year can be recorded now


class InterventionForm(OrganizationModelForm):
    class Meta(OrganizationModelForm.Meta):
        model = Intervention
        fields = ["touchpoint", "area", "kind", "title", "description", "started_on"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "touchpoint": _("One place, or leave it empty and choose an area."),
            "area": _("An area stands for every place inside it."),
            "started_on": _("The first day with the change in place."),
        }

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, organization=membership.organization, **kwargs)
        self.fields["touchpoint"].queryset = intervention_touchpoints(
            membership=membership
        ).select_related("area")
        self.fields["area"].queryset = intervention_areas(membership=membership)
        self.fields["area"].label_from_instance = area_label

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        latest = timezone.localdate() + timedelta(days=MOST_DAYS_AHEAD)
        if not EARLIEST <= day <= latest:
            raise forms.ValidationError(
                _("Choose a date from %(earliest)s to %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": latest.isoformat()}
            )
        return day

    def clean(self):
        cleaned = super().clean()
        touchpoint, area = cleaned.get("touchpoint"), cleaned.get("area")
        if self.has_error("touchpoint") or self.has_error("area"):
            return cleaned
        if (touchpoint is None) == (area is None):
            raise forms.ValidationError(_("Choose either one touchpoint or one area."))
        return cleaned
