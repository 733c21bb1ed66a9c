"""API clients of the organisation (its document system, a city app): add one, rotate its key,
deactivate it. A key is shown once, to the administrator who made it, from their session."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from civicpulse.backoffice.forms.api_clients import ApiClientForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.core.api_clients import api_client_create, api_client_rotate, api_client_set_active
from civicpulse.core.models import ApiClient


def _key_session(client) -> str:
    return f"api-client-key-{client.pk}"


class ApiClientListView(OrganizationPermissionMixin, TemplateView):
    permission = "api_clients.manage"
    template_name = "backoffice/api_clients/list.html"

    def get_context_data(self, **kwargs):
        clients = ApiClient.objects.filter(organization=self.organization).order_by("name")
        return super().get_context_data(clients=clients, **kwargs)


class ApiClientMixin(OrganizationPermissionMixin):
    permission = "api_clients.manage"

    @cached_property
    def client(self) -> ApiClient:
        return get_object_or_404(
            ApiClient.objects.filter(organization=self.organization), pk=self.kwargs["pk"]
        )

    def to_edit(self):
        return redirect(
            "backoffice:api_client_edit", organization=self.organization.slug, pk=self.client.pk
        )


class ApiClientCreateView(OrganizationPermissionMixin, FormView):
    permission = "api_clients.manage"
    form_class = ApiClientForm
    template_name = "backoffice/api_clients/form.html"
    extra_context = {"title": gettext_lazy("New API client")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        client, key = api_client_create(
            organization=self.organization,
            name=form.cleaned_data["name"],
            contact_email=form.cleaned_data["contact_email"],
            is_trusted=form.cleaned_data["is_trusted"],
        )
        self.request.session[_key_session(client)] = key
        messages.success(self.request, _("%(name)s has been added.") % {"name": client.name})
        return redirect(
            "backoffice:api_client_edit", organization=self.organization.slug, pk=client.pk
        )


class ApiClientEditView(ApiClientMixin, FormView):
    form_class = ApiClientForm
    template_name = "backoffice/api_clients/form.html"
    extra_context = {"title": gettext_lazy("API client")}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organization": self.organization,
            "instance": self.client,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            client=self.client,
            key=self.request.session.pop(_key_session(self.client), ""),
            **kwargs,
        )

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("%(name)s has been saved.") % {"name": self.client.name})
        return self.to_edit()


class ApiClientRotateView(ApiClientMixin, View):
    """A new key; the old one stops working at once."""

    def post(self, request, *args, **kwargs):
        request.session[_key_session(self.client)] = api_client_rotate(client=self.client)
        messages.success(request, _("A new key was made; the old one no longer works."))
        return self.to_edit()


class ApiClientActiveView(ApiClientMixin, View):
    """Deactivates the client (its key is refused from then on), or activates it again."""

    def post(self, request, *args, **kwargs):
        active = request.POST.get("active") == "1"
        api_client_set_active(client=self.client, is_active=active)
        if active:
            message = _("%(name)s can use the API again.")
        else:
            message = _("%(name)s can no longer use the API.")
        messages.success(request, message % {"name": self.client.name})
        return self.to_edit()
