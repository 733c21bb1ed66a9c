"""The product's URLs, and the bare baseline view beside them, for the bench's server only."""

from django.urls import include, path

from bench.baseline import BASELINE_PATH, baseline_submit

urlpatterns = [
    path(BASELINE_PATH.lstrip("/"), baseline_submit, name="bench_baseline"),
    path("", include("civicpulse.urls")),
]
