"""Forms for one organisation's data: their choices offer only that organisation's rows."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField


def _scope_safe_formfield(db_field, **kwargs):
    # Django builds a related field's choices when the form class is defined, outside any
    # scope, which django-scopes refuses; these fields start empty and __init__ fills them.
    if isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", SafeModelChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


class OrganizationModelForm(forms.ModelForm):
    """Saves into `organization`; `choices` maps a related field to the rows it may offer.

    A row of another organisation, posted by hand, is not among the choices and is refused
    as an invalid choice.
    """

    choices: dict = {}  # field name → function(organization, instance) → queryset

    class Meta:
        formfield_callback = staticmethod(_scope_safe_formfield)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization
        for name, rows in self.choices.items():
            if name in self.fields:
                self.fields[name].queryset = rows(organization, self.instance)


class CoordinatesMixin:
    """For a form with `latitude` and `longitude`: both or neither, and on the globe."""

    def clean_latitude(self):
        return _within(self.cleaned_data.get("latitude"), 90)

    def clean_longitude(self):
        return _within(self.cleaned_data.get("longitude"), 180)

    def clean(self):
        cleaned = super().clean()
        has_latitude = cleaned.get("latitude") is not None
        has_longitude = cleaned.get("longitude") is not None
        already_refused = self.has_error("latitude") or self.has_error("longitude")
        if has_latitude != has_longitude and not already_refused:
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        return cleaned


def _within(value, limit):
    if value is not None and not -limit <= value <= limit:
        raise forms.ValidationError(
            _("Enter a number from %(low)s to %(high)s."), params={"low": -limit, "high": limit}
        )
    return value


def area_label(area):
    """An area's name indented by its depth, so a plain <select> shows the tree."""
    return "\u00a0\u00a0" * area.depth + area.name
