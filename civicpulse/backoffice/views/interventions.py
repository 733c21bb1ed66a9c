"""Interventions: staff record what changed where and when; the dashboard measures it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, ListView, UpdateView, View

from civicpulse.analytics.interventions import interventions_visible_to
from civicpulse.backoffice.forms.interventions import InterventionForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin, SaveFormMixin


class InterventionListView(OrganizationPermissionMixin, ListView):
    permission = "interventions.view"
    template_name = "backoffice/interventions/list.html"
    context_object_name = "interventions"
    paginate_by = 50

    def get_queryset(self):
        return interventions_visible_to(membership=self.membership)


class InterventionFormMixin(SaveFormMixin, OrganizationPermissionMixin):
    permission = "interventions.manage"
    template_name = "backoffice/interventions/form.html"
    form_class = InterventionForm
    success_message = gettext_lazy("The intervention “%(name)s” has been saved.")

    def get_queryset(self):
        return interventions_visible_to(membership=self.membership)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["organization"]
        return {**kwargs, "membership": self.membership}

    def get_success_url(self):
        return reverse(
            "backoffice:intervention_list", kwargs={"organization": self.organization.slug}
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_url=self.get_success_url(), **kwargs)


class InterventionCreateView(InterventionFormMixin, CreateView):
    title = gettext_lazy("Record an intervention")

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class InterventionEditView(InterventionFormMixin, UpdateView):
    title = gettext_lazy("Edit the intervention")


class InterventionDeleteView(OrganizationPermissionMixin, View):
    permission = "interventions.manage"

    def post(self, request, *args, **kwargs):
        intervention = get_object_or_404(
            interventions_visible_to(membership=self.membership), pk=kwargs["pk"]
        )
        intervention.delete()
        messages.success(
            request, _("The intervention “%(name)s” has been deleted.") % {"name": intervention}
        )
        return redirect("backoffice:intervention_list", organization=self.organization.slug)
