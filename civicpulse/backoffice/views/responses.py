"""Flagged responses: what the abuse checks held back, for an administrator to restore."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.feedback.abuse import FlagReason, response_restore
from civicpulse.feedback.selectors import flagged_responses

PAGE_SIZE = 50


class FlaggedResponseListView(OrganizationPermissionMixin, TemplateView):
    permission = "responses.moderate"
    template_name = "backoffice/responses/flagged.html"

    def get_context_data(self, **kwargs):
        responses = flagged_responses(organization=self.organization)
        page = Paginator(responses, PAGE_SIZE).get_page(self.request.GET.get("page"))
        reasons = dict(FlagReason.choices)
        for response in page.object_list:
            response.reason_label = reasons.get(response.flag_reason, response.flag_reason)
        return super().get_context_data(page=page, **kwargs)


class ResponseRestoreView(OrganizationPermissionMixin, View):
    permission = "responses.moderate"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        response = get_object_or_404(
            self.organization.responses.filter(is_flagged=True), pk=kwargs["pk"]
        )
        response_restore(response=response)
        messages.success(request, _("The response counts in the statistics again."))
        return redirect("backoffice:flagged_response_list", organization=self.organization.slug)
