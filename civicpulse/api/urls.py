"""The REST API, version 1, and its OpenAPI document. Every endpoint needs an API key."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from civicpulse.api import casefile_views, figures_views

app_name = "api"

# The document system's numbers may hold slashes and dots ("94-00-123/12.03.2025").
NUMBER = r"(?P<number>[\w][\w\-/.]{0,39}?)"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/figures/summary/", figures_views.FiguresSummaryView.as_view(), name="figures_summary"),
    path("v1/figures/series/", figures_views.FiguresSeriesView.as_view(), name="figures_series"),
    path(
        "v1/figures/by/<str:dimension>/", figures_views.FiguresByView.as_view(), name="figures_by"
    ),
    path("v1/services/", casefile_views.ServiceListView.as_view(), name="service_list"),
    path("v1/casefiles/", casefile_views.CaseFileListView.as_view(), name="casefile_list"),
    re_path(
        rf"^v1/casefiles/{NUMBER}/access-code/$",
        casefile_views.CaseFileAccessCodeView.as_view(),
        name="casefile_access_code",
    ),
    re_path(
        rf"^v1/casefiles/{NUMBER}/$",
        casefile_views.CaseFileDetailView.as_view(),
        name="casefile_detail",
    ),
]
