"""Employees: the rated staff of the organisation, with their counts and badges."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, TemplateView, UpdateView

from civicpulse.backoffice.forms.employees import EmployeeFilterForm, EmployeeForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.backoffice.views.touchpoints import PAGE_SIZE, TouchpointFormMixin
from civicpulse.feedback.employees import employee_search
from civicpulse.feedback.models import TouchpointKind
from civicpulse.feedback.posters import EMPLOYEE_FORMATS


class EmployeeListView(OrganizationPermissionMixin, TemplateView):
    permission = "touchpoints.view"
    template_name = "backoffice/employees/list.html"

    def get_context_data(self, **kwargs):
        filter_form = EmployeeFilterForm(self.request.GET or None, organization=self.organization)
        employees = employee_search(membership=self.membership, filters=filter_form.filters())
        page = Paginator(employees, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=filter_form,
            page=page,
            filter_query=query.urlencode(),
            threshold=self.organization.employee_min_responses,
            badge_formats=[(value, value.label) for value in EMPLOYEE_FORMATS],
            **kwargs,
        )


class EmployeeFormMixin(TouchpointFormMixin):
    """The touchpoint form and its save, with the kind fixed to employee."""

    form_class = EmployeeForm
    template_name = "backoffice/employees/form.html"

    def get_queryset(self):
        return self.organization.touchpoints.filter(kind=TouchpointKind.EMPLOYEE)


class EmployeeCreateView(EmployeeFormMixin, CreateView):
    title = _("New employee")


class EmployeeEditView(EmployeeFormMixin, UpdateView):
    title = _("Edit employee")
