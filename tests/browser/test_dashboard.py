"""The dashboard in real Chromium: it renders without console errors, passes axe, and a new
response appears within seconds without a reload."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Role
from tests.analytics.responses import rated_definition, record
from tests.browser.axe import assert_accessible
from tests.factories import TouchpointFactory, make_questionnaire


@pytest.fixture
def rated_place(organization):
    place = TouchpointFactory(organization=organization)
    make_questionnaire(
        organization=organization, category=place.category, definition=rated_definition()
    )
    now = timezone.now()
    for day, score in enumerate((9, 7, 8, 3, 10)):
        record(place, at=now - timedelta(days=day, hours=1), overall=score)
    rollups_catch_up()
    return place


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_updates_itself_and_is_accessible(
    desk, live_server, organization, member_factory, rated_place, settings
):
    settings.DASHBOARD_LIVE_EVERY_MS = 300
    page = desk(member_factory(organization, Role.LEADER))
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    path = reverse("backoffice:dashboard", kwargs={"organization": organization.slug})
    page.goto(f"{live_server.url}{path}?period=7d")
    responses = page.locator(".headline-figures > div").first.locator("dd")
    expect(responses).to_contain_text("5")
    assert_accessible(page)

    record(rated_place, at=timezone.now(), overall=10)
    rollups_catch_up()
    expect(responses).to_contain_text("6", timeout=10_000)
    expect(page.locator("#live-status")).to_contain_text("Updated")

    page.get_by_role("button", name="Pause live updates").click()
    expect(page.get_by_role("button", name="Resume live updates")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert not errors, errors
