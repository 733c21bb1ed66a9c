"""The public home page and the organisation logo served to every page."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.factories import OrganizationFactory


def test_the_home_page_says_what_civicpulse_is_and_links_to_staff_log_in(db, client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="bg">' in page
    assert 'href="/accounts/login/"' in page
    assert '<main id="main"' in page
    assert '<a class="skip-link" href="#main">' in page
    assert "<h1" in page


def test_the_home_page_in_english(db, client):
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Hear the people you serve" in page
    assert "Staff log-in" in page


def test_every_asset_comes_from_the_app(db, client):
    page = client.get("/").content.decode()
    external = [url for url in ("http://", "https://", "//") if f'src="{url}' in page]
    assert not external
    assert 'href="/static/civicpulse/civicpulse.css"' in page


def test_an_unknown_address_gets_the_citizen_404_page(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#ffffff").save(buffer, "PNG")
    return buffer.getvalue()


class TestLogo:
    @pytest.fixture
    def branded(self, db):
        organization = OrganizationFactory(slug="branded")
        organization.logo.save("logo.png", ContentFile(png()))
        return organization

    def test_is_served_with_its_type_and_a_cache_header(self, branded, client):
        response = client.get("/o/branded/logo/")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "max-age" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == png()

    def test_no_logo_is_404(self, db, client):
        OrganizationFactory(slug="plain")
        assert client.get("/o/plain/logo/").status_code == 404

    def test_an_inactive_organization_shows_nothing(self, branded, client):
        branded.is_active = False
        branded.save()
        assert client.get("/o/branded/logo/").status_code == 404

    def test_a_file_that_is_not_a_raster_image_is_never_served(self, db, client):
        organization = OrganizationFactory(slug="svg")
        organization.logo.save("logo.svg", ContentFile(b"<svg onload='alert(1)'/>"))
        assert client.get("/o/svg/logo/").status_code == 404

    def test_a_missing_file_is_404(self, branded, client):
        branded.logo.storage.delete(branded.logo.name)
        assert client.get("/o/branded/logo/").status_code == 404
