"""Before and after, key drivers and employees in real Chromium: no console error, and
axe finds no WCAG 2.2 A/AA violation."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from civicpulse.core.models import Role
from tests.backoffice.dashboard import test_drivers, test_employees, test_intervention_effect
from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS

DESK = {"width": 1280, "height": 900}
# The pages' own data fixtures.
desks = test_drivers.desks
staff = test_employees.staff
town = test_intervention_effect.town


@pytest.fixture
def leader_page(chromium, live_server, client, organization, member_factory, foreign_requests):
    client.force_login(member_factory(organization, Role.LEADER))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    own = urlsplit(live_server.url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            foreign_requests.append(route.request.url)
            route.abort()

    context = chromium.new_context(
        viewport=DESK, locale="en", extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
            {"name": "django_language", "value": "en", "url": live_server.url},
        ]
    )
    context.route("**/*", guard)
    page = context.new_page()
    page.javascript_off = False
    yield page
    context.close()
    assert not foreign_requests, f"requests to other hosts: {foreign_requests}"


def test_the_pages_render_without_errors(
    leader_page, live_server, organization, town, desks, staff
):
    errors = []
    leader_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    leader_page.on("pageerror", lambda error: errors.append(str(error)))
    slug = organization.slug
    for name, kwargs in (
        ("intervention_effect", {"pk": town["intervention"].pk}),
        ("dashboard_interventions", {}),
        ("dashboard_drivers", {}),
        ("dashboard_employees", {}),
    ):
        address = reverse(f"backoffice:{name}", kwargs={"organization": slug, **kwargs})
        answer = leader_page.goto(live_server.url + address)
        assert answer.status == 200
        assert leader_page.locator("h1").is_visible()
        assert_accessible(leader_page)
    assert errors == []
