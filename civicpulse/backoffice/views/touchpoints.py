from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, TemplateView, UpdateView

from civicpulse.backoffice.forms.results import ResultsPeriodForm
from civicpulse.backoffice.forms.touchpoints import TouchpointFilterForm, TouchpointForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin, SaveFormMixin
from civicpulse.feedback.posters import formats_for
from civicpulse.feedback.results import touchpoint_results
from civicpulse.feedback.selectors import (
    touchpoint_search,
    touchpoint_summary,
    touchpoints_visible_to,
)

PAGE_SIZE = 50


class TouchpointListView(OrganizationPermissionMixin, TemplateView):
    permission = "touchpoints.view"
    template_name = "backoffice/touchpoints/list.html"

    def get_context_data(self, **kwargs):
        filter_form = TouchpointFilterForm(self.request.GET or None, organization=self.organization)
        touchpoints = touchpoint_search(membership=self.membership, filters=filter_form.filters())
        page = Paginator(touchpoints, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=filter_form, page=page, filter_query=query.urlencode(), **kwargs
        )


class TouchpointDetailView(OrganizationPermissionMixin, TemplateView):
    permission = "touchpoints.view"
    template_name = "backoffice/touchpoints/detail.html"

    def get_context_data(self, **kwargs):
        # Fetched through what the member may see: outside a department head's scope is 404.
        touchpoint = get_object_or_404(
            touchpoints_visible_to(membership=self.membership).select_related(
                "category", "area", "department", "place"
            ),
            pk=self.kwargs["pk"],
        )
        period_form = ResultsPeriodForm(self.request.GET or None)
        since, until = period_form.period()
        return super().get_context_data(
            touchpoint=touchpoint,
            summary=touchpoint_summary(touchpoint=touchpoint),
            period_form=period_form,
            touchpoint_results=touchpoint_results(
                touchpoint=touchpoint, membership=self.membership, since=since, until=until
            ),
            poster_formats=[(value, value.label) for value in formats_for(touchpoint)],
            **kwargs,
        )


class TouchpointFormMixin(SaveFormMixin, OrganizationPermissionMixin):
    permission = "touchpoints.manage"
    form_class = TouchpointForm
    template_name = "backoffice/touchpoints/form.html"
    success_message = _("%(name)s has been saved.")

    def get_queryset(self):
        return self.organization.touchpoints.all()

    def get_success_url(self):
        return reverse(
            "backoffice:touchpoint_detail",
            kwargs={"organization": self.organization.slug, "pk": self.object.pk},
        )


class TouchpointCreateView(TouchpointFormMixin, CreateView):
    title = _("New touchpoint")


class TouchpointEditView(TouchpointFormMixin, UpdateView):
    title = _("Edit touchpoint")
