import zoneinfo

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from civicpulse.core.models import Organization

LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}  # what every browser shows; no SVG, which can run scripts


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class LogoField(forms.ImageField):
    default_error_messages = {
        "invalid_image": _("Upload the logo as a PNG, JPEG or WebP image."),
        "too_large": _("The logo is %(size)s MB; upload an image of at most 1 MB."),
    }

    def to_python(self, data):
        # The size is checked before Pillow reads the file, so a huge upload costs little.
        if data and getattr(data, "size", 0) > LOGO_MAX_BYTES:
            raise forms.ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"size": f"{data.size / 1024 / 1024:.1f}"},
            )
        uploaded = super().to_python(data)
        if uploaded is not None and uploaded.image.format not in LOGO_FORMATS:
            raise forms.ValidationError(self.error_messages["invalid_image"], code="invalid_image")
        return uploaded


class OrganizationSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=capfirst(Organization._meta.get_field("time_zone").verbose_name),
        choices=time_zone_choices,
    )

    class Meta:
        model = Organization
        fields = [
            "name_bg",
            "name_en",
            "registry_prefix",
            "time_zone",
            "logo",
            "brand_colour",
            "employee_min_responses",
            "publishes_figures",
            "figures_min_responses",
        ]
        field_classes = {"logo": LogoField}
        widgets = {
            "brand_colour": forms.TextInput(attrs={"type": "color"}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "logo": _("A PNG, JPEG or WebP image of at most 1 MB."),
            "brand_colour": _("Used behind the organisation's name in the page header."),
        }
