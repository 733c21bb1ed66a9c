"""Forms of the officers' daily work: the queue's filters, bulk actions, the actions on one
case and registering a case received by phone or at the desk. They only read and type-check
what was posted; the rules are the services' (civicpulse.cases.handling), whose refusals
come back as errors on these forms. Every choice offers only the organisation's own rows."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from civicpulse.backoffice.forms.base import area_label
from civicpulse.cases.desk import Channel
from civicpulse.cases.handling import MAX_ANSWER, MAX_EXTENSION_DAYS, MAX_FORWARDED_TO, MAX_TEXT
from civicpulse.cases.models import (
    AnswerTemplate,
    Case,
    CaseKind,
    CasePhoto,
    CaseStatus,
    Publication,
)
from civicpulse.cases.selectors import CaseFilters, Sort, handling_officers
from civicpulse.core.models import Area, Category, Department, User

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _choice(queryset, label, **kwargs):
    return SafeModelChoiceField(queryset=queryset.none(), label=label, **kwargs)


class OfficerChoiceField(SafeModelChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


class CaseFilterForm(forms.Form):
    """The queue's filters, read from the query string; an unknown value is simply ignored."""

    text = forms.CharField(
        label=_("Number or words"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(),
        help_text=_("A registry number, or words of the subject or description."),
    )
    kind = _choice(CaseKind.objects, _("Kind"), required=False, empty_label=_("All"))
    category = _choice(Category.objects, _("Category"), required=False, empty_label=_("All"))
    area = _choice(Area.objects, _("Area"), required=False, empty_label=_("All"))
    status = _choice(CaseStatus.objects, _("State"), required=False, empty_label=_("All"))
    department = _choice(Department.objects, _("Department"), required=False, empty_label=_("All"))
    officer = OfficerChoiceField(
        queryset=User.objects.none(), label=_("Officer"), required=False, empty_label=_("All")
    )
    registered_from = forms.DateField(label=_("Registered from"), required=False, widget=DATE_INPUT)
    registered_until = forms.DateField(label=_("until"), required=False, widget=DATE_INPUT)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=Sort.CHOICES)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = organization.case_kinds.all()
        self.fields["category"].queryset = organization.categories.all()
        self.fields["area"].queryset = organization.areas.all()
        self.fields["area"].label_from_instance = area_label
        self.fields["status"].queryset = organization.case_statuses.all()
        self.fields["department"].queryset = organization.departments.all()
        self.fields["officer"].queryset = handling_officers(organization_id=organization.pk)

    def filters(self, queue: str) -> CaseFilters:
        cleaned = self.cleaned_data if self.is_valid() else {}
        return CaseFilters(
            queue=queue,
            kind=cleaned.get("kind"),
            category=cleaned.get("category"),
            area=cleaned.get("area"),
            status=cleaned.get("status"),
            department=cleaned.get("department"),
            officer=cleaned.get("officer"),
            registered_from=cleaned.get("registered_from"),
            registered_until=cleaned.get("registered_until"),
            text=cleaned.get("text", ""),
            sort=cleaned.get("sort") or Sort.DEFAULT,
        )


class BulkForm(forms.Form):
    """One action on the rows chosen in the queue."""

    ROUTE, ASSIGN, STATUS = "route", "assign", "status"
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (ROUTE, _("Send to a department")),
            (ASSIGN, _("Assign to an officer")),
            (STATUS, _("Change the state")),
        ],
    )
    cases = SafeModelMultipleChoiceField(
        queryset=Case.objects.none(),
        label=_("Cases"),
        error_messages={"required": _("Choose at least one case.")},
    )
    department = _choice(Department.objects, _("Department"), required=False)
    officer = OfficerChoiceField(queryset=User.objects.none(), label=_("Officer"), required=False)
    status = _choice(CaseStatus.objects, _("State"), required=False)

    def __init__(self, *args, organization, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["department"].queryset = organization.departments.filter(is_active=True)
        self.fields["officer"].queryset = handling_officers(organization_id=organization.pk)
        self.fields["status"].queryset = organization.case_statuses.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        needed = {self.ROUTE: "department", self.ASSIGN: "officer", self.STATUS: "status"}
        field = needed.get(cleaned.get("action"))
        if field and not cleaned.get(field):
            self.add_error(field, _("Choose where the cases go."))
        return cleaned


class RouteForm(forms.Form):
    department = _choice(Department.objects, _("Department"))

    def __init__(self, *args, organization, proposed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = organization.departments.filter(is_active=True)
        self.fields["department"].widget.attrs["accesskey"] = "r"
        if proposed is not None:
            self.fields["department"].initial = proposed.pk


class AssignForm(forms.Form):
    officer = OfficerChoiceField(queryset=User.objects.none(), label=_("Officer"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = handling_officers(organization_id=organization.pk)
        self.fields["officer"].widget.attrs["accesskey"] = "o"


class StatusForm(forms.Form):
    status = _choice(CaseStatus.objects, _("New state"))
    text = forms.CharField(
        label=_("Message to the sender"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown and e-mailed to the sender. Required when rejecting: the reason."),
    )
    duplicate_of = forms.CharField(
        label=_("Duplicate of (registry number)"),
        required=False,
        max_length=32,
        help_text=_("Only for a duplicate: the case this one repeats."),
    )
    forwarded_to = forms.CharField(
        label=_("Forwarded to"),
        required=False,
        max_length=MAX_FORWARDED_TO,
        help_text=_("Only when forwarding: the institution now in charge."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["status"].queryset = organization.case_statuses.filter(is_active=True)
        self.fields["status"].widget.attrs["accesskey"] = "s"

    def clean_duplicate_of(self):
        number = self.cleaned_data["duplicate_of"].strip()
        if not number:
            return None
        original = self.organization.cases.filter(
            number__iexact=number, registered_at__isnull=False
        ).first()
        if original is None:
            raise forms.ValidationError(_("No case has this registry number."))
        return original


class AnswerForm(forms.Form):
    template = _choice(AnswerTemplate.objects, _("Answer template"), required=False)
    answer = forms.CharField(
        label=_("Answer to the sender"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 10, "accesskey": "a"}),
        help_text=_("Published in the register as the sender allowed, and e-mailed to them."),
    )

    def __init__(self, *args, organization, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["template"].queryset = organization.answer_templates.filter(
            is_active=True
        ).filter(Q(kind__isnull=True) | Q(kind_id=case.kind_id))

    def template_text(self) -> str:
        """The chosen template's text in the case's language (for the "insert" button)."""
        template = self.cleaned_data.get("template") if self.is_valid() else None
        if template is None:
            pk = self.data.get("template")
            template = self.fields["template"].queryset.filter(pk=pk).first() if pk else None
        return template.text_for(self.case.language) if template else ""


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=_("By days"),
        required=False,
        min_value=1,
        max_value=MAX_EXTENSION_DAYS,
        widget=forms.NumberInput(attrs={"accesskey": "e"}),
    )
    due_on = forms.DateField(label=_("or to the date"), required=False, widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown and e-mailed to the sender."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "accesskey": "n"}),
        help_text=_("Only staff see it; never shown or e-mailed to the sender."),
    )


class ModerateForm(forms.Form):
    is_hidden = forms.BooleanField(
        label=_("Hide the case from the public register"), required=False
    )
    redacted_title = forms.CharField(
        label=_("Subject as published"),
        required=False,
        max_length=Case._meta.get_field("redacted_title").max_length,
        help_text=_("Leave empty to publish the sender's own text."),
    )
    redacted_description = forms.CharField(
        label=_("Description as published"),
        required=False,
        max_length=MAX_TEXT * 2,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    redacted_answer = forms.CharField(
        label=_("Answer as published"),
        required=False,
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    hidden_photos = SafeModelMultipleChoiceField(
        queryset=CasePhoto.objects.none(),
        label=_("Photos hidden from the register"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Why (for the history)"), required=False, max_length=MAX_TEXT)

    FIELDS = ("is_hidden", "redacted_title", "redacted_description", "redacted_answer")

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        photos = case.photos.all()
        self.fields["hidden_photos"].queryset = photos
        self.fields["hidden_photos"].label_from_instance = lambda photo: (
            _("Photo %(n)s") % {"n": photo.position + 1}
        )
        if not self.is_bound:
            for name in self.FIELDS:
                self.fields[name].initial = getattr(case, name)
            self.fields["hidden_photos"].initial = [p.pk for p in photos if p.is_hidden]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    def photos_hidden(self) -> dict[int, bool]:
        hidden = {photo.pk for photo in self.cleaned_data["hidden_photos"]}
        return {photo.pk: photo.pk in hidden for photo in self.case.photos.all()}


class StaffCaseForm(forms.Form):
    """A case received by phone, at the desk or by letter."""

    channel = forms.ChoiceField(label=_("Received"), choices=Channel.choices)
    kind = _choice(CaseKind.objects, _("Kind"))
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    category = _choice(Category.objects, _("Category"), required=False)
    area = _choice(Area.objects, _("Area"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    sender_name = forms.CharField(label=_("Sender's names"), max_length=200)
    sender_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    sender_email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        help_text=_(
            "Give a phone number or an e-mail address, at least one. With an e-mail "
            "address the sender gets the number and every step by e-mail."
        ),
    )
    publication = forms.ChoiceField(
        label=_("Publication"), choices=Publication.choices, initial=Publication.PRIVATE
    )
    language = forms.ChoiceField(
        label=_("Language of the answer"), choices=[("bg", _("Bulgarian")), ("en", _("English"))]
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = organization.case_kinds.filter(is_active=True)
        self.fields["category"].queryset = organization.categories.filter(is_active=True)
        self.fields["area"].queryset = organization.areas.all()
        self.fields["area"].label_from_instance = area_label
