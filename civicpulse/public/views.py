import mimetypes

from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from django_scopes import scopes_disabled

from civicpulse.cases.published import published_cases_anywhere
from civicpulse.core.models import Organization

# Raster images only: an SVG served from our own origin could run scripts.
LOGO_TYPES = {"image/png", "image/jpeg", "image/webp"}


class HomeView(TemplateView):
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        # The organisations whose public register has something to show.
        with scopes_disabled():
            published = published_cases_anywhere().filter(organization=OuterRef("pk"))
            registers = list(Organization.objects.filter(Exists(published), is_active=True))
        publishing = Organization.objects.filter(publishes_figures=True, is_active=True)
        return {
            **super().get_context_data(**kwargs),
            "registers": registers,
            "publishing": list(publishing),
        }


@require_GET
def organization_logo(request, slug):
    """An organisation's logo through the storage API, so it works on disk and in a bucket."""
    organization = get_object_or_404(Organization, slug=slug, is_active=True)
    content_type, _encoding = mimetypes.guess_type(organization.logo.name or "")
    if not organization.logo or content_type not in LOGO_TYPES:
        raise Http404("No logo.")
    try:
        logo = organization.logo.open("rb")
    except FileNotFoundError:
        raise Http404("No logo.") from None
    response = FileResponse(logo, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
