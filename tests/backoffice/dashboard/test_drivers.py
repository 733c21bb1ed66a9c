"""The key drivers tab: the weights, their n, warnings, and what a wrong choice gets."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Membership, Role
from tests.analytics.responses import bulk_record
from tests.analytics.test_key_drivers import ASPECTS, driven_definition, made_rows
from tests.factories import TouchpointFactory, make_questionnaire


@pytest.fixture
def desks(organization):
    desk = TouchpointFactory(organization=organization)
    questionnaire = make_questionnaire(
        organization=organization, category=desk.category, definition=driven_definition()
    )
    other = TouchpointFactory(organization=organization)
    make_questionnaire(
        organization=organization, category=other.category, definition=driven_definition()
    )
    zone = ZoneInfo(organization.time_zone)
    at = datetime.combine(timezone.localdate() - timedelta(days=3), time(9), tzinfo=zone)
    for place, count in ((desk, 80), (other, 30)):
        bulk_record(
            place,
            [
                (at + timedelta(minutes=i), overall, dict(zip(ASPECTS, rest, strict=True)))
                for i, (overall, *rest) in enumerate(made_rows(count))
            ],
        )
    rollups_catch_up()
    return {"desk": desk, "other": other, "questionnaire": questionnaire}


def address(organization):
    return reverse("backoffice:dashboard_drivers", kwargs={"organization": organization.slug})


@pytest.mark.usefixtures("history_off")
def test_the_questionnaire_with_most_responses_is_shown(
    leader_client, organization, desks, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        page = leader_client.get(address(organization)).content.decode()
    assert "Based on all 80 responses." in page
    assert "80 of them answered every aspect (n)." in page
    assert "Few responses:" in page  # 80 < 100
    assert page.count("Staff") >= 2  # chart and table
    csv = leader_client.get(address(organization), {"export": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("Staff,staff,")
    svg = leader_client.get(address(organization), {"chart": "weights", "format": "svg"})
    assert b"Staff" in svg.content


@pytest.mark.parametrize("asked", ["abc", "99999999", "-1", "1" * 40, "<b>x</b>"])
def test_a_wrong_questionnaire_gets_a_message(leader_client, organization, desks, asked):
    page = leader_client.get(address(organization), {"questionnaire": asked})
    assert page.status_code == 200
    text = page.content.decode()
    assert "That questionnaire has no sub-ratings answered in this selection." in text
    assert "Based on all 80 responses." in text and "<b>x</b>" not in text


def test_a_head_sees_only_their_scope(client, organization, member_factory, desks):
    user = member_factory(organization, Role.DEPARTMENT_HEAD)
    with scope(organization=organization):
        Membership.objects.get(user=user).categories.set([desks["other"].category])
    client.force_login(user)
    client.cookies["django_language"] = "en"
    page = client.get(address(organization)).content.decode()
    assert "Based on all 30 responses." in page
    asked = client.get(address(organization), {"questionnaire": desks["questionnaire"].pk})
    assert "no sub-ratings answered in this selection" in asked.content.decode()
