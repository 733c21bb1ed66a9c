"""QR codes and print-ready posters: one touchpoint's files, and printing many at once."""

import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View

from civicpulse.backoffice.forms.posters import PosterPrintForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.core.jobs import job_enqueue
from civicpulse.feedback.poster_jobs import print_posters
from civicpulse.feedback.posters import PosterFormat, posters_pdf
from civicpulse.feedback.qr import qr_png, qr_svg
from civicpulse.feedback.selectors import touchpoints_visible_to

PNG_SCALE = 20  # pixels per module: about 740 px wide, plenty for a leaflet or a slide


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class TouchpointFileView(OrganizationPermissionMixin, View):
    """A file made from one touchpoint, for staff who may see it (else 404)."""

    permission = "touchpoints.view"

    def get(self, request, *args, **kwargs):
        touchpoint = get_object_or_404(
            touchpoints_visible_to(membership=self.membership), pk=kwargs["pk"]
        )
        return self.file_for(touchpoint)


class QrSvgFile:
    """The QR code of anything with a public code (a touchpoint, a campaign) as SVG."""

    def file_for(self, subject):
        return attachment(
            qr_svg(subject), content_type="image/svg+xml", filename=f"qr-{subject.code}.svg"
        )


class QrPngFile:
    def file_for(self, subject):
        return attachment(
            qr_png(subject, scale=PNG_SCALE),
            content_type="image/png",
            filename=f"qr-{subject.code}.png",
        )


class TouchpointQrSvgView(QrSvgFile, TouchpointFileView):
    pass


class TouchpointQrPngView(QrPngFile, TouchpointFileView):
    pass


class TouchpointPosterView(TouchpointFileView):
    """?format= one of PosterFormat; by default an A4 poster, or an employee's desk card."""

    def file_for(self, touchpoint):
        default = PosterFormat.DESK_CARD if touchpoint.is_employee else PosterFormat.A4
        poster_format = self.request.GET.get("format", default)
        if poster_format not in PosterFormat.values:
            raise Http404("No such format.")
        pdf = posters_pdf([touchpoint], organization=self.organization, poster_format=poster_format)
        return attachment(
            pdf,
            content_type="application/pdf",
            filename=f"{poster_format}-{touchpoint.code}.pdf",
        )


class PosterPrintView(OrganizationPermissionMixin, FormView):
    """Choose touchpoints and a format; a background job builds one PDF of them all."""

    permission = "posters.print"
    form_class = PosterPrintForm
    template_name = "backoffice/posters/print.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        job = job_enqueue(
            print_posters,
            organization=self.organization,
            created_by=self.request.user,
            **form.job_arguments(),
        )
        return redirect("backoffice:job_detail", organization=self.organization.slug, pk=job.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Print posters"), **kwargs)


class JobFileView(OrganizationPermissionMixin, View):
    """The file a job stored, served through storage; only from the job's organisation."""

    permission = "jobs.view"

    def get(self, request, *args, **kwargs):
        job = get_object_or_404(self.organization.jobs, pk=kwargs["pk"])
        path = job.result.get("path") if isinstance(job.result, dict) else None
        if not path or not default_storage.exists(path):
            raise Http404("This job has no file.")
        return FileResponse(
            default_storage.open(path, "rb"), as_attachment=True, filename=posixpath.basename(path)
        )
