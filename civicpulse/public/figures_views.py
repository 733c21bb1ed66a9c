"""An organisation's public transparency page, /o/<slug>/figures/, and its open data
(figures.csv, figures.json): only when the organisation publishes its figures, else 404.

Everything shown comes from civicpulse.analytics.published: sums of places' ratings, in
cells of at least the organisation's minimum; no response, comment or person is read.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from django_scopes import scope

from civicpulse.analytics.history import organization_today
from civicpulse.analytics.open_data import COLUMNS, open_data_csv, open_data_json
from civicpulse.analytics.published import published_figures
from civicpulse.core.models import Organization
from civicpulse.public.questionnaire_views import language_from_query

OPEN_DATA_MAX_AGE = 3600  # the figures change once a month; an hour keeps them fresh enough


def publishing_organization(view):
    """Runs the view with the published figures of the URL's organisation, in its scope;
    404 unless it is active and publishes them."""

    @wraps(view)
    def scoped(request, slug):
        organization = get_object_or_404(
            Organization, slug=slug, is_active=True, publishes_figures=True
        )
        with scope(organization=organization):
            figures = published_figures(
                organization=organization, today=organization_today(organization)
            )
            return view(request, figures)

    return scoped


def _open_data(response: HttpResponse, figures, extension: str) -> HttpResponse:
    filename = f"{figures.organization.slug}-figures-{figures.end:%Y-%m}.{extension}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    patch_cache_control(response, public=True, max_age=OPEN_DATA_MAX_AGE)
    return response


@require_GET
@language_from_query
@publishing_organization
def figures_page(request, figures):
    context = {
        "organization": figures.organization,
        "figures": figures,
        "by_category": figures.by_category(),
        "by_settlement": figures.by_settlement(),
        "by_month": figures.by_month(),
        "columns": COLUMNS,
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
    }
    return render(request, "public/figures.html", context)


@require_GET
@publishing_organization
def figures_csv(request, figures):
    response = HttpResponse(open_data_csv(figures), content_type="text/csv; charset=utf-8")
    return _open_data(response, figures, "csv")


@require_GET
@publishing_organization
def figures_json(request, figures):
    response = JsonResponse(open_data_json(figures), json_dumps_params={"ensure_ascii": False})
    return _open_data(response, figures, "json")
