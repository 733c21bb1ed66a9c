"""The site's URLs with a public photo page, as the public register provides, so that
media_url can be tested before the register is merged."""

from django.http import HttpResponse
from django.urls import include, path

from civicpulse.public import urls as public_urls

public_patterns = [
    *public_urls.urlpatterns,
    path("photos/<int:pk>/", lambda request, pk: HttpResponse(), name="case_photo"),
]

urlpatterns = [
    path("", include((public_patterns, "public"))),
    path("open311/v2/", include("civicpulse.open311.urls")),
]
