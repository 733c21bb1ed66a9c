"""API clients in the back office: the key shown once, rotated, a client deactivated."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from civicpulse.core.models import ApiClient

pytestmark = pytest.mark.django_db


def url(organization, name, **kwargs):
    return reverse(f"backoffice:{name}", kwargs={"organization": organization.slug, **kwargs})


def shown_key(html: str) -> str:
    return html.split('<p class="figure-value"><code>')[1].split("</code>")[0]


def api_status(client, key) -> int:
    return client.get("/api/v1/services/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code


def test_add_rotate_and_deactivate(admin_client, in_english, organization):
    added = admin_client.post(
        url(organization, "api_client_create"),
        {"name": "Деловодна система", "contact_email": "it@example.bg", "is_trusted": "on"},
    )
    assert added.status_code == 302
    page = admin_client.get(added.url).content.decode()
    key = shown_key(page)
    with scopes_disabled():
        client = ApiClient.objects.get()
    assert client.is_trusted and client.key_prefix == key[:8]
    assert key not in client.key_digest
    assert api_status(admin_client, key) == 200
    assert key not in admin_client.get(added.url).content.decode()  # shown once

    admin_client.post(url(organization, "api_client_rotate", pk=client.pk))
    new_key = shown_key(admin_client.get(added.url).content.decode())
    assert new_key != key
    assert api_status(admin_client, key) == 401
    assert api_status(admin_client, new_key) == 200

    admin_client.post(url(organization, "api_client_active", pk=client.pk), {"active": "0"})
    assert api_status(admin_client, new_key) == 401
    listing = admin_client.get(url(organization, "api_client_list")).content.decode()
    assert "Deactivated" in listing
    admin_client.post(url(organization, "api_client_active", pk=client.pk), {"active": "1"})
    assert api_status(admin_client, new_key) == 200


def test_a_name_is_required_and_kept_on_error(admin_client, in_english, organization):
    response = admin_client.post(
        url(organization, "api_client_create"), {"name": "", "contact_email": "bad"}
    )
    assert response.status_code == 200
    assert 'value="bad"' in response.content.decode()
    with scopes_disabled():
        assert not ApiClient.objects.exists()


def test_the_navigation_shows_the_new_sections(admin_client, in_english, organization):
    html = admin_client.get(url(organization, "overview")).content.decode()
    assert url(organization, "casefile_list") in html
    assert url(organization, "api_client_list") in html
