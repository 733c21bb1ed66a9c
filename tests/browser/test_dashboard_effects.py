"""Before and after, key drivers and employees in real Chromium: no console error, and
axe finds no WCAG 2.2 A/AA violation."""

import pytest
from django.urls import reverse

from civicpulse.core.models import Role
from tests.backoffice.dashboard import test_drivers, test_employees, test_intervention_effect
from tests.browser.axe import assert_accessible

# The pages' own data fixtures.
desks = test_drivers.desks
staff = test_employees.staff
town = test_intervention_effect.town


@pytest.fixture
def leader_page(desk, organization, member_factory):
    return desk(member_factory(organization, Role.LEADER))


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
