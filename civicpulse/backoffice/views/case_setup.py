"""Set-up of the signals portal: kinds of case, states, routing rules and answer templates.
Administrators (cases.configure) change them; the pages follow structure.py's pattern."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, TemplateView, UpdateView

from civicpulse.backoffice.forms.case_setup import (
    AnswerTemplateForm,
    CaseKindForm,
    CaseStatusForm,
    RoutingRuleForm,
)
from civicpulse.backoffice.views.base import (
    OrganizationPermissionMixin,
    OrganizationRowFormMixin,
)


class SetupListView(OrganizationPermissionMixin, TemplateView):
    permission = "cases.configure"
    related_name = ""
    select_related = ()

    def get_context_data(self, **kwargs):
        rows = getattr(self.organization, self.related_name).all()
        if self.select_related:
            rows = rows.select_related(*self.select_related)
        return super().get_context_data(rows=rows, **kwargs)


class SetupFormMixin(OrganizationRowFormMixin):
    permission = "cases.configure"


class CaseKindListView(SetupListView):
    template_name = "backoffice/cases/setup/kind_list.html"
    related_name = "case_kinds"


class CaseKindFormMixin(SetupFormMixin):
    form_class = CaseKindForm
    related_name = "case_kinds"
    list_url_name = "backoffice:casesetup_kind_list"
    success_message = gettext_lazy("The kind %(name)s has been saved.")


class CaseKindCreateView(CaseKindFormMixin, CreateView):
    title = gettext_lazy("New kind of case")


class CaseKindEditView(CaseKindFormMixin, UpdateView):
    title = gettext_lazy("Edit kind of case")


class CaseStatusListView(SetupListView):
    template_name = "backoffice/cases/setup/status_list.html"
    related_name = "case_statuses"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = context["rows"].order_by("stage", "position", "pk")
        return context


class CaseStatusFormMixin(SetupFormMixin):
    form_class = CaseStatusForm
    related_name = "case_statuses"
    list_url_name = "backoffice:casesetup_status_list"
    success_message = gettext_lazy("The state %(name)s has been saved.")


class CaseStatusCreateView(CaseStatusFormMixin, CreateView):
    title = gettext_lazy("New state")


class CaseStatusEditView(CaseStatusFormMixin, UpdateView):
    title = gettext_lazy("Edit state")


class RoutingRuleListView(SetupListView):
    template_name = "backoffice/cases/setup/routing_list.html"
    related_name = "routing_rules"
    select_related = ("kind", "category", "area", "department")


class RoutingRuleFormMixin(SetupFormMixin):
    form_class = RoutingRuleForm
    related_name = "routing_rules"
    list_url_name = "backoffice:casesetup_routing_list"
    success_message = gettext_lazy("The routing rule to %(name)s has been saved.")


class RoutingRuleCreateView(RoutingRuleFormMixin, CreateView):
    title = gettext_lazy("New routing rule")


class RoutingRuleEditView(RoutingRuleFormMixin, UpdateView):
    title = gettext_lazy("Edit routing rule")


class RoutingRuleDeleteView(OrganizationPermissionMixin, TemplateView):
    permission = "cases.configure"
    template_name = "backoffice/cases/setup/routing_delete.html"

    def rule(self):
        return get_object_or_404(self.organization.routing_rules.all(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(rule=self.rule(), **kwargs)

    def post(self, request, *args, **kwargs):
        rule = self.rule()
        rule.delete()
        messages.success(
            request, _("The routing rule to %(name)s has been deleted.") % {"name": rule}
        )
        return redirect("backoffice:casesetup_routing_list", organization=self.organization.slug)


class AnswerTemplateListView(SetupListView):
    template_name = "backoffice/cases/setup/template_list.html"
    related_name = "answer_templates"
    select_related = ("kind",)


class AnswerTemplateFormMixin(SetupFormMixin):
    form_class = AnswerTemplateForm
    related_name = "answer_templates"
    list_url_name = "backoffice:casesetup_template_list"
    success_message = gettext_lazy("The answer template %(name)s has been saved.")


class AnswerTemplateCreateView(AnswerTemplateFormMixin, CreateView):
    title = gettext_lazy("New answer template")


class AnswerTemplateEditView(AnswerTemplateFormMixin, UpdateView):
    title = gettext_lazy("Edit answer template")
