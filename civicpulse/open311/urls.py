"""/open311/v2/: each resource ends in its format (.xml or .json); anything else is a 404
in the specification's error format."""

from django.urls import re_path

from civicpulse.open311 import views

app_name = "open311"

FORMAT = r"\.(?P<format>[A-Za-z0-9]+)$"
SEGMENT = r"[^/]{1,200}"

urlpatterns = [
    re_path(rf"^discovery{FORMAT}", views.discovery, name="discovery"),
    re_path(rf"^services{FORMAT}", views.services, name="services"),
    re_path(
        rf"^services/(?P<service_code>{SEGMENT}){FORMAT}",
        views.service_definition,
        name="service",
    ),
    re_path(rf"^requests{FORMAT}", views.service_requests, name="requests"),
    re_path(
        rf"^requests/(?P<service_request_id>{SEGMENT}){FORMAT}",
        views.service_request,
        name="request",
    ),
    re_path(rf"^tokens/(?P<token>{SEGMENT}){FORMAT}", views.token, name="token"),
    re_path(r"^(?P<path>.*)$", views.unknown, name="unknown"),
]
