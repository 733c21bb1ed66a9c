from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from civicpulse.backoffice.forms.organization import OrganizationSettingsForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin


class OrganizationSettingsView(OrganizationPermissionMixin, UpdateView):
    permission = "organization.manage"
    form_class = OrganizationSettingsForm
    template_name = "backoffice/organization_settings.html"

    def get_object(self, queryset=None):
        return self.organization

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The settings have been saved."))
        return redirect("backoffice:organization_settings", organization=self.organization.slug)
