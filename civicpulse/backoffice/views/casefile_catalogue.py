"""The catalogue of administrative services: code, names, legal term and sector."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, TemplateView, UpdateView

from civicpulse.backoffice.forms.casefiles import AdministrativeServiceForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin, SaveFormMixin
from civicpulse.casefiles.models import AdministrativeService
from civicpulse.casefiles.selectors import administrative_services
from civicpulse.casefiles.services import administrative_service_save


class ServiceListView(OrganizationPermissionMixin, TemplateView):
    permission = "casefiles.view"
    template_name = "backoffice/casefiles/service_list.html"

    def get_context_data(self, **kwargs):
        services = administrative_services(organization=self.organization).annotate(
            file_count=Count("case_files")
        )
        return super().get_context_data(services=services.order_by("code"), **kwargs)


class ServiceFormMixin(SaveFormMixin, OrganizationPermissionMixin):
    permission = "casefiles.manage"
    form_class = AdministrativeServiceForm
    template_name = "backoffice/casefiles/service_form.html"
    success_message = _("%(name)s has been saved.")

    def get_queryset(self):
        return AdministrativeService.objects.filter(organization=self.organization)

    def form_valid(self, form):
        form.save = lambda: administrative_service_save(service=form.instance)
        return super().form_valid(form)

    def get_success_url(self):
        return reverse(
            "backoffice:casefile_service_list", kwargs={"organization": self.organization.slug}
        )


class ServiceCreateView(ServiceFormMixin, CreateView):
    title = _("New service")


class ServiceEditView(ServiceFormMixin, UpdateView):
    title = _("Edit service")
