from django import forms
from django.utils.translation import gettext_lazy as _

from civicpulse.backoffice.forms.base import OrganizationModelForm
from civicpulse.feedback.campaigns import (
    EDITABLE_FIELDS,
    answerable_questionnaires,
    campaign_create,
    campaign_update,
)
from civicpulse.feedback.models import Campaign

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and shows


def _local_datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE)


class CampaignForm(OrganizationModelForm):
    """A survey's texts, questionnaire and dates; saved through the campaign services, which
    hold the rules (closes after it opens, own questionnaire with questions)."""

    choices = {
        "questionnaire": lambda organization, _campaign: answerable_questionnaires(
            organization=organization
        ),
    }

    class Meta(OrganizationModelForm.Meta):
        model = Campaign
        fields = [
            "title_bg",
            "title_en",
            "introduction_bg",
            "introduction_en",
            "questionnaire",
            "starts_at",
            "ends_at",
            "is_active",
        ]
        widgets = {
            "introduction_bg": forms.Textarea(attrs={"rows": 4}),
            "introduction_en": forms.Textarea(attrs={"rows": 4}),
            "starts_at": _local_datetime_input(),
            "ends_at": _local_datetime_input(),
        }
        help_texts = {
            "questionnaire": _("Any of your questionnaires that has questions."),
            "starts_at": _("In the organisation's time zone."),
        }

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The survey must close after it opens."))
        return cleaned

    def save(self, commit=True):
        fields = {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}
        if self.instance.pk:
            return campaign_update(campaign=self.instance, **fields)
        return campaign_create(organization=self.organization, **fields)
