"""The officers' day: the queues of cases, bulk actions, one case's page with its actions,
registering a case received by phone or at the desk, and reminders to departments.

A department head reaches only the cases within their scope; any other case is 404. Every
change goes through a service of civicpulse.cases, which refuses what is not allowed; its
refusal comes back on the form that asked, with what was typed kept.
"""

import mimetypes

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView, View

from civicpulse.backoffice.forms.cases import (
    AnswerForm,
    AssignForm,
    BulkForm,
    CaseFilterForm,
    ExtendForm,
    ModerateForm,
    NoteForm,
    RouteForm,
    StaffCaseForm,
    StatusForm,
)
from civicpulse.backoffice.views.base import OrganizationPermissionMixin, show_rule_violation
from civicpulse.cases.desk import case_register_by_staff
from civicpulse.cases.handling import (
    case_answer,
    case_assign,
    case_extend,
    case_note,
    case_route,
    case_set_status,
    routing_propose,
)
from civicpulse.cases.models import CasePhoto, Stage
from civicpulse.cases.moderation import case_moderate
from civicpulse.cases.reminders import case_reminders_queue
from civicpulse.cases.selectors import (
    DUE_SOON_DAYS,
    case_search,
    cases_visible_to,
    queue_counts,
    queues_for,
)
from civicpulse.core.exceptions import RuleViolation

PAGE_SIZE = 50
MOST_REFUSALS_SHOWN = 20


def _list_url(organization, query: str = "") -> str:
    url = reverse("backoffice:case_list", kwargs={"organization": organization.slug})
    return f"{url}?{query}" if query else url


def due_note(case, now) -> dict:
    """How the deadline stands, in words (not only a colour): overdue, due soon or in time."""
    if case.due_at is None or case.status is None or case.status.stage not in Stage.open():
        return {"state": "none", "days": None}
    days = (case.due_at - now).total_seconds() / 86400
    if days < 0:
        return {"state": "overdue", "days": max(1, int(-days))}
    return {"state": "soon" if days < DUE_SOON_DAYS else "ok", "days": int(days)}


class CaseListView(OrganizationPermissionMixin, TemplateView):
    permission = "cases.view"
    template_name = "backoffice/cases/list.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        queues = queues_for(self.membership)
        keys = [key for key, _label in queues]
        queue = self.request.GET.get("queue")
        if queue not in keys:  # officers start with what to triage, heads with their own
            queue = (
                "triage"
                if self.membership.has_permission("cases.triage")
                else "departments"
                if "departments" in keys
                else "all"
            )
        filter_form = CaseFilterForm(self.request.GET or None, organization=self.organization)
        cases = case_search(membership=self.membership, filters=filter_form.filters(queue), now=now)
        page = Paginator(cases, PAGE_SIZE).get_page(self.request.GET.get("page"))
        for case in page.object_list:
            case.due = due_note(case, now)
        counts = queue_counts(membership=self.membership, now=now)
        filters = self.request.GET.copy()
        for key in ("page", "queue"):
            filters.pop(key, None)
        query = filters.copy()
        query["queue"] = queue
        can_bulk = self.membership.has_permission("cases.triage")
        return super().get_context_data(
            queue=queue,
            tabs=[(key, label, counts[key]) for key, label in queues],
            filter_form=filter_form,
            filters_query=filters.urlencode(),
            query=query.urlencode(),
            page=page,
            bulk_form=BulkForm(organization=self.organization, cases=cases.none())
            if can_bulk
            else None,
            **kwargs,
        )


class CaseBulkView(OrganizationPermissionMixin, View):
    """One action on the chosen rows: each case is changed, or refused with its reason."""

    permission = "cases.triage"
    http_method_names = ["post"]
    KEPT = {
        "queue",
        "text",
        "kind",
        "category",
        "area",
        "status",
        "department",
        "officer",
        "registered_from",
        "registered_until",
        "sort",
        "page",
    }

    def post(self, request, *args, **kwargs):
        back = QueryDict(request.POST.get("query", ""), mutable=True)
        for key in set(back) - self.KEPT:
            del back[key]
        form = BulkForm(
            request.POST,
            organization=self.organization,
            cases=cases_visible_to(membership=self.membership),
        )
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(_list_url(self.organization, back.urlencode()))
        changed, refused = 0, []
        for case in form.cleaned_data["cases"].select_related("organization"):
            try:
                self.apply(form.cleaned_data, case)
                changed += 1
            except RuleViolation as violation:
                refused.append((case.number, violation.message))
        if changed:
            messages.success(
                request,
                ngettext("%(n)s case changed.", "%(n)s cases changed.", changed) % {"n": changed},
            )
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(n)s case was not changed:", "%(n)s cases were not changed:", len(refused)
                )
                % {"n": len(refused)},
            )
            for number, reason in refused[:MOST_REFUSALS_SHOWN]:
                messages.warning(request, f"{number}: {reason}")
        return redirect(_list_url(self.organization, back.urlencode()))

    def apply(self, cleaned, case):
        actor = self.request.user
        if cleaned["action"] == BulkForm.ROUTE:
            case_route(case=case, department=cleaned["department"], actor=actor)
        elif cleaned["action"] == BulkForm.ASSIGN:
            case_assign(case=case, officer=cleaned["officer"], actor=actor)
        else:
            case_set_status(case=case, status=cleaned["status"], actor=actor)


class CasePageMixin(OrganizationPermissionMixin):
    """One case, fetched through what the member may see, and its page with every form."""

    template_name = "backoffice/cases/detail.html"

    @cached_property
    def case(self):
        cases = cases_visible_to(membership=self.membership).select_related(
            "kind",
            "status",
            "department",
            "officer",
            "category",
            "area",
            "touchpoint",
            "duplicate_of",
        )
        return get_object_or_404(cases, pk=self.kwargs["pk"])

    def forms(self, **bound) -> dict:
        organization, case = self.organization, self.case
        proposed = routing_propose(case=case) if case.department_id is None else None
        made = {
            "route_form": lambda: RouteForm(organization=organization, proposed=proposed),
            "assign_form": lambda: AssignForm(organization=organization),
            "status_form": lambda: StatusForm(organization=organization),
            "answer_form": lambda: AnswerForm(organization=organization, case=case),
            "extend_form": lambda: ExtendForm(),
            "note_form": lambda: NoteForm(),
            "moderate_form": lambda: ModerateForm(case=case),
        }
        forms = {name: bound.get(name) or make() for name, make in made.items()}
        return {"proposed_department": proposed, **forms}

    def page_context(self, **bound) -> dict:
        case = self.case
        events = case.events.select_related("actor").order_by("at", "pk")
        return {
            "case": case,
            "due": due_note(case, timezone.now()),
            "events": events,
            "photos": list(case.photos.all()),
            "answer_templates": [
                (t.pk, t.name, t.text_for(case.language))
                for t in AnswerForm(organization=self.organization, case=case)
                .fields["template"]
                .queryset
            ],
            "may_see_sender": self.membership.has_permission("cases.personal_data"),
            "is_open": case.status is not None and case.status.stage in Stage.open(),
            **self.forms(**bound),
        }


class CaseDetailView(CasePageMixin, TemplateView):
    permission = "cases.view"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)


class CaseActionView(CasePageMixin, TemplateView):
    """POST one form of the case page; on success back to the page, else the page again
    with this form's errors and what was typed."""

    http_method_names = ["post"]
    form_name = ""  # the context name of the form on the page
    anchor = ""
    success_message = ""

    def make_form(self, data):
        raise NotImplementedError

    def perform(self, form) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.perform(form)
            except RuleViolation as violation:
                show_rule_violation(form, violation)
            else:
                messages.success(request, self.success_message)
                url = reverse(
                    "backoffice:case_detail",
                    kwargs={"organization": self.organization.slug, "pk": self.case.pk},
                )
                return redirect(f"{url}#{self.anchor}" if self.anchor else url)
        return self.render_page(form)

    def render_page(self, form, **extra):
        context = self.get_context_data(
            **self.page_context(**{self.form_name: form}), failed_form=self.form_name, **extra
        )
        return self.render_to_response(context)


class CaseRouteView(CaseActionView):
    permission = "cases.triage"
    form_name, anchor = "route_form", "handling"
    success_message = gettext_lazy("The case has been sent to the department.")

    def make_form(self, data):
        return RouteForm(data, organization=self.organization)

    def perform(self, form):
        case_route(
            case=self.case, department=form.cleaned_data["department"], actor=self.request.user
        )


class CaseAssignView(CaseActionView):
    permission = "cases.assign"
    form_name, anchor = "assign_form", "handling"
    success_message = gettext_lazy("The case has been assigned.")

    def make_form(self, data):
        return AssignForm(data, organization=self.organization)

    def perform(self, form):
        case_assign(case=self.case, officer=form.cleaned_data["officer"], actor=self.request.user)


class CaseStatusView(CaseActionView):
    permission = "cases.handle"
    form_name, anchor = "status_form", "handling"
    success_message = gettext_lazy("The state has been changed and the sender told.")

    def make_form(self, data):
        return StatusForm(data, organization=self.organization)

    def perform(self, form):
        case_set_status(case=self.case, actor=self.request.user, **form.cleaned_data)


class CaseAnswerView(CaseActionView):
    permission = "cases.handle"
    form_name, anchor = "answer_form", "answer"
    success_message = gettext_lazy("The answer has been sent to the sender.")

    def make_form(self, data):
        return AnswerForm(data, organization=self.organization, case=self.case)

    def post(self, request, *args, **kwargs):
        if "insert" not in request.POST:
            return super().post(request, *args, **kwargs)
        # Without JavaScript, "Insert" puts the template's text into the answer and shows
        # the page again, the answer field focused, so the officer can make it fit.
        form = self.make_form(request.POST)
        text = form.template_text()
        data = request.POST.copy()
        data["answer"] = "\n\n".join(
            part for part in (data.get("answer", "").strip(), text) if part
        )
        form = self.make_form(data)
        form.fields["answer"].widget.attrs["autofocus"] = True
        if not text:
            form.is_valid()
            form.add_error("template", _("Choose a template to insert."))
        return self.render_page(form, answer_inserted=bool(text))

    def perform(self, form):
        case_answer(case=self.case, text=form.cleaned_data["answer"], actor=self.request.user)


class CaseExtendView(CaseActionView):
    permission = "cases.handle"
    form_name, anchor = "extend_form", "handling"
    success_message = gettext_lazy("The deadline has been extended and the sender told.")

    def make_form(self, data):
        return ExtendForm(data)

    def perform(self, form):
        case_extend(case=self.case, actor=self.request.user, **form.cleaned_data)


class CaseNoteView(CaseActionView):
    permission = "cases.handle"
    form_name, anchor = "note_form", "history"
    success_message = gettext_lazy("The note has been added.")

    def make_form(self, data):
        return NoteForm(data)

    def perform(self, form):
        case_note(case=self.case, text=form.cleaned_data["text"], actor=self.request.user)


class CaseModerateView(CaseActionView):
    permission = "cases.moderate"
    form_name, anchor = "moderate_form", "moderation"
    success_message = gettext_lazy("The moderation has been saved.")

    def make_form(self, data):
        return ModerateForm(data, case=self.case)

    def perform(self, form):
        case_moderate(
            case=self.case,
            actor=self.request.user,
            changes=form.changes(),
            photos_hidden=form.photos_hidden(),
            reason=form.cleaned_data["reason"],
        )


class CasePhotoView(OrganizationPermissionMixin, View):
    """A case's photo, for staff who may see the case (hidden ones too: they moderate)."""

    permission = "cases.view"

    def get(self, request, *args, **kwargs):
        photo = get_object_or_404(
            CasePhoto.objects.filter(
                organization=self.organization,
                case__in=cases_visible_to(membership=self.membership),
            ),
            pk=kwargs["pk"],
        )
        try:
            stream = photo.image.open("rb")
        except FileNotFoundError:
            raise Http404("The photo's file is missing.") from None
        content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
        response = FileResponse(stream, content_type=content_type)
        patch_cache_control(response, private=True, no_store=True)
        return response


class CaseRegisterView(OrganizationPermissionMixin, FormView):
    """A case received by phone, at the desk or by letter: registered at once."""

    permission = "cases.triage"
    template_name = "backoffice/cases/register.html"
    form_class = StaffCaseForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        try:
            case = case_register_by_staff(
                organization=self.organization, actor=self.request.user, **form.cleaned_data
            )
        except RuleViolation as violation:
            show_rule_violation(form, violation)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The case is registered with number %(number)s.") % {"number": case.number},
        )
        return redirect("backoffice:case_detail", organization=self.organization.slug, pk=case.pk)


class CaseRemindersView(OrganizationPermissionMixin, View):
    """ "Send reminders now": queues the reminders to departments at once."""

    permission = "cases.triage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        case_reminders_queue(organization=self.organization, requested_by=request.user)
        messages.success(
            request,
            _(
                "Reminders are being sent to the departments with overdue or due-soon cases; "
                "a department already reminded today is not reminded again."
            ),
        )
        return redirect(_list_url(self.organization, "queue=overdue"))
