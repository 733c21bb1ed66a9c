"""Set-up of the signals portal per organisation: kinds of case, states, routing rules and
answer templates. Choices offer only the organisation's own rows."""

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils.translation import gettext_lazy as _

from civicpulse.backoffice.forms.base import OrganizationModelForm, area_label
from civicpulse.cases.handling import MAX_ANSWER
from civicpulse.cases.models import AnswerTemplate, CaseKind, CaseStatus, RoutingRule, Stage

MAX_TEMPLATE = MAX_ANSWER
MAX_POSITION = 32767  # a small integer column


class PositionMixin:
    """A position that fits the column on every database (SQLite would take any number)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        position = self.fields["position"]
        position.max_value = MAX_POSITION
        position.widget.attrs["max"] = MAX_POSITION
        position.validators.append(MaxValueValidator(MAX_POSITION))


class CaseKindForm(PositionMixin, OrganizationModelForm):
    class Meta(OrganizationModelForm.Meta):
        model = CaseKind
        fields = ["name_bg", "name_en", "slug", "answer_days", "position", "is_active"]
        help_texts = {
            "slug": _("Latin letters, digits and hyphens; Open311 clients know the kind by it."),
            "answer_days": _("The deadline for an answer, counted from registration."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # filed cases and Open311 clients know the kind by it
            self.fields["slug"].disabled = True

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = self.organization.case_kinds.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another kind already uses this short name."))
        return slug


class CaseStatusForm(PositionMixin, OrganizationModelForm):
    class Meta(OrganizationModelForm.Meta):
        model = CaseStatus
        fields = ["stage", "name_bg", "name_en", "position", "is_active"]
        help_texts = {
            "stage": _("What the state means to the workflow; it cannot change later."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # cases in this state rely on what it means
            self.fields["stage"].disabled = True

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage") or self.instance.stage
        if self.instance.pk and self.instance.is_active and not cleaned.get("is_active", True):
            others = self.organization.case_statuses.filter(stage=stage, is_active=True).exclude(
                pk=self.instance.pk
            )
            if not others.exists():
                self.add_error(
                    "is_active",
                    _(
                        "Every stage needs an active state: add or switch on another %(stage)s "
                        "state first."
                    )
                    % {"stage": Stage(stage).label},
                )
        return cleaned


class RoutingRuleForm(PositionMixin, OrganizationModelForm):
    choices = {
        "kind": lambda organization, _rule: organization.case_kinds.all(),
        "category": lambda organization, _rule: organization.categories.all(),
        "area": lambda organization, _rule: organization.areas.all(),
        "department": lambda organization, _rule: organization.departments.filter(is_active=True),
    }

    class Meta(OrganizationModelForm.Meta):
        model = RoutingRule
        fields = ["kind", "category", "area", "department", "position"]
        help_texts = {
            "kind": _("Leave a condition empty to match anything."),
            "area": _("Also matches the areas inside it."),
            "position": _("Of equally specific rules, the lower position wins."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].label_from_instance = area_label
        for name in ("kind", "category", "area"):
            self.fields[name].empty_label = _("Any")


class AnswerTemplateForm(OrganizationModelForm):
    choices = {"kind": lambda organization, _template: organization.case_kinds.all()}

    class Meta(OrganizationModelForm.Meta):
        model = AnswerTemplate
        fields = ["name_bg", "name_en", "kind", "text_bg", "text_en", "is_active"]
        widgets = {
            "text_bg": forms.Textarea(attrs={"rows": 8}),
            "text_en": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].empty_label = _("Any kind")
        for name in ("text_bg", "text_en"):
            self.fields[name].max_length = MAX_TEMPLATE
            self.fields[name].widget.attrs["maxlength"] = MAX_TEMPLATE
            self.fields[name].validators.append(MaxLengthValidator(MAX_TEMPLATE))
