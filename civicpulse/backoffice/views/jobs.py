"""Background jobs as administrators see them: progress, failures, and a retry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.jobs import job_retry

PAGE_SIZE = 50
POLL_LIMIT = 100  # ids one progress request may ask about


class JobListView(OrganizationPermissionMixin, TemplateView):
    permission = "jobs.view"
    template_name = "backoffice/jobs/list.html"

    def get_context_data(self, **kwargs):
        jobs = self.organization.jobs.select_related("created_by").order_by("-created_at", "-pk")
        page = Paginator(jobs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, **kwargs)


class JobDetailView(OrganizationPermissionMixin, TemplateView):
    permission = "jobs.view"
    template_name = "backoffice/jobs/detail.html"

    def get_context_data(self, **kwargs):
        job = get_object_or_404(
            self.organization.jobs.select_related("created_by"), pk=self.kwargs["pk"]
        )
        return super().get_context_data(job=job, **kwargs)


class JobRetryView(OrganizationPermissionMixin, View):
    permission = "jobs.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = get_object_or_404(self.organization.jobs, pk=kwargs["pk"])
        try:
            job_retry(job_row=job)
        except RuleViolation as violation:
            messages.error(request, violation.message)
        else:
            messages.success(request, _("The job has been queued again."))
        return redirect("backoffice:job_detail", organization=self.organization.slug, pk=job.pk)


class JobProgressView(OrganizationPermissionMixin, View):
    """The state of the jobs a list page shows (?id=1&id=2), for its script to poll."""

    permission = "jobs.view"

    def get(self, request, *args, **kwargs):
        ids = [value for value in request.GET.getlist("id") if value.isdigit()][:POLL_LIMIT]
        jobs = self.organization.jobs.filter(pk__in=ids)
        return JsonResponse(
            {
                "jobs": [
                    {
                        "id": job.pk,
                        "status": job.status,
                        "status_label": job.get_status_display(),
                        "done": job.progress_done,
                        "total": job.progress_total,
                        "percent": job.percent,
                        "note": job.progress_note,
                        "finished": job.is_finished,
                    }
                    for job in jobs
                ]
            }
        )
