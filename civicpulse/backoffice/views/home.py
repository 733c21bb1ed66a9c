from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView

from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.core.tenancy import memberships_of
from civicpulse.feedback.selectors import RECENT_DAYS, organization_overview


class OrganizationChooserView(LoginRequiredMixin, TemplateView):
    """The user's organisations; with only one there is nothing to choose."""

    template_name = "backoffice/choose_organization.html"

    def get(self, request, *args, **kwargs):
        memberships = memberships_of(request.user)
        if len(memberships) == 1:
            return redirect("backoffice:overview", organization=memberships[0].organization.slug)
        return self.render_to_response(self.get_context_data(memberships=memberships))


class OverviewView(OrganizationPermissionMixin, TemplateView):
    permission = "organization.view"
    template_name = "backoffice/overview.html"

    def get_context_data(self, **kwargs):
        sees_figures = self.membership.has_permission("organization.figures")
        return super().get_context_data(
            overview=organization_overview(membership=self.membership) if sees_figures else None,
            recent_days=RECENT_DAYS,
            **kwargs,
        )
