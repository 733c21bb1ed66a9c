from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from civicpulse.backoffice.forms.base import OrganizationModelForm
from civicpulse.feedback.kiosks import REPEAT_WINDOW_RANGE, RESET_SECONDS_RANGE
from civicpulse.feedback.models import Kiosk, TouchpointKind


def _places(organization, kiosk):
    # Active places, and the kiosk's own place even if it has since been deactivated.
    places = organization.touchpoints.filter(kind=TouchpointKind.PLACE, is_active=True)
    if kiosk.touchpoint_id:
        places = places | organization.touchpoints.filter(pk=kiosk.touchpoint_id)
    return places.order_by("name_bg")


class KioskForm(OrganizationModelForm):
    """What a kiosk asks and how; the service checks that the questionnaire fits."""

    choices = {
        "touchpoint": _places,
        "questionnaire": lambda organization, _kiosk: organization.questionnaires.all(),
    }

    class Meta(OrganizationModelForm.Meta):
        model = Kiosk
        fields = [
            "name",
            "touchpoint",
            "questionnaire",
            "display",
            "repeat_window_seconds",
            "reset_seconds",
        ]
        help_texts = {
            "display": _("Five smileys fit any rating; 0-10 needs a 0-10 headline question."),
            "repeat_window_seconds": _(
                "Another press this soon after the last one is ignored (0 keeps every press)."
            ),
            "reset_seconds": _("Then the kiosk is ready for the next person."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in (
            ("repeat_window_seconds", REPEAT_WINDOW_RANGE),
            ("reset_seconds", RESET_SECONDS_RANGE),
        ):
            self.fields[name].min_value = low
            self.fields[name].max_value = high
            self.fields[name].validators += [
                MinValueValidator(low),
                MaxValueValidator(high),
            ]
            self.fields[name].widget.attrs.update(min=low, max=high)
