"""The before-and-after pages: one intervention's effect, and the dashboard's list."""

import io
import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from openpyxl import load_workbook

from civicpulse.analytics.models import Intervention
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.analytics.sums import week_start
from civicpulse.core.models import Role
from tests.analytics.responses import bulk_record
from tests.factories import MembershipFactory, TouchpointFactory, make_questionnaire


def weeks_of_ratings(place, *, base, step, date, seed):
    """Five ratings a week for 12 weeks before `date` and 6 after, `step` higher after."""
    rng = random.Random(seed)
    zone = ZoneInfo(place.organization.time_zone)
    rows = []
    for offset in range(-12, 6):
        week = date + timedelta(weeks=offset)
        level = base + (step if offset >= 0 else 0)
        for hour in range(5):
            at = datetime.combine(week + timedelta(days=1), time(9 + hour), tzinfo=zone)
            rows.append((at, min(10, max(0, level + rng.choice([-1, 0, 1]))), {}))
    bulk_record(place, rows)


@pytest.fixture
def town(organization):
    date = week_start(timezone.localdate()) - timedelta(weeks=6)
    park = TouchpointFactory(organization=organization, name_bg="Парк Заимов", name_en="")
    make_questionnaire(organization=organization, category=park.category)
    garden = TouchpointFactory(
        organization=organization, category=park.category, name_bg="Градина Кристал", name_en=""
    )
    far = TouchpointFactory(
        organization=organization, category=park.category, name_bg="Далечна градина", name_en=""
    )
    for seed, (place, base, step) in enumerate(((park, 5, 3), (garden, 6, 0), (far, 6, 0))):
        weeks_of_ratings(place, base=base, step=step, date=date, seed=seed)
    rollups_catch_up()
    with scope(organization=organization):
        intervention = Intervention.objects.create(
            organization=organization, touchpoint=park, title="Нова настилка", started_on=date
        )
    return {"park": park, "garden": garden, "far": far, "intervention": intervention}


def url(organization, name, **kwargs):
    return reverse(f"backoffice:{name}", kwargs={"organization": organization.slug, **kwargs})


def effect_url(organization, intervention):
    return url(organization, "intervention_effect", pk=intervention.pk)


def test_the_effect_page_tells_the_change_in_words(leader_client, organization, town):
    page = leader_client.get(effect_url(organization, town["intervention"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "The level rose by" in text
    assert "Beyond the change at the comparison places, the mean rose by" in text
    assert "2 places of the same category" in text
    assert "Градина Кристал" in text and "Далечна градина" in text
    assert 'role="img"' in text and "?weeks=12&amp;chart=weekly&amp;format=svg" in text


def test_the_effect_page_exports_and_draws(leader_client, organization, town):
    address = effect_url(organization, town["intervention"])
    csv = leader_client.get(address, {"export": "csv"}).content.decode("utf-8-sig")
    assert csv.count("\n") == 1 + 18  # the header and every week with ratings
    book = load_workbook(io.BytesIO(leader_client.get(address, {"export": "xlsx"}).content))
    estimates = book.worksheets[1]
    level = next(row for row in estimates.iter_rows(values_only=True) if "level" in str(row[0]))
    assert level[3] < level[1] < level[4] and level[1] > 1.5  # a rise of about 3
    svg = leader_client.get(address, {"chart": "weekly", "format": "svg", "weeks": 8})
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    assert leader_client.get(address, {"chart": "nothing"}).status_code == 404
    assert leader_client.get(address, {"export": "pdf"}).status_code == 404


@pytest.mark.parametrize("weeks", ["abc", "1000", "-3", "2", "1e3", "<script>"])
def test_a_wrong_window_gets_a_message_and_the_default(leader_client, organization, town, weeks):
    page = leader_client.get(effect_url(organization, town["intervention"]), {"weeks": weeks})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Choose a window of 4 to 52 weeks; showing 12." in text
    assert "<script>" not in text


def test_too_few_weeks_are_said_in_words(leader_client, organization, town):
    with scope(organization=organization):
        late = Intervention.objects.create(
            organization=organization,
            touchpoint=town["garden"],
            title="Late",
            started_on=timezone.localdate() - timedelta(days=3),
        )
    text = leader_client.get(effect_url(organization, late)).content.decode()
    assert "Too few data to tell." in text
    assert "Too few weeks with ratings after the date" in text


def test_a_head_sees_only_interventions_and_comparisons_in_scope(
    client, organization, town, structure
):
    head = MembershipFactory(organization=organization, role=Role.DEPARTMENT_HEAD)
    with scope(organization=organization):
        head.areas.set([town["park"].area, town["garden"].area])
        outside = Intervention.objects.create(
            organization=organization,
            touchpoint=town["far"],
            title="X",
            started_on=town["intervention"].started_on,
        )
    client.force_login(head.user)
    assert client.get(effect_url(organization, outside)).status_code == 404
    address = effect_url(organization, town["intervention"])
    page = client.get(address).content.decode()
    csv = client.get(address, {"export": "csv", "table": 3}).content.decode("utf-8-sig")
    for text in (page, csv):
        assert "Градина Кристал" in text and "Далечна градина" not in text


def test_the_list_links_to_the_effect(leader_client, organization, town):
    pk = town["intervention"].pk
    effect = effect_url(organization, town["intervention"])
    assert effect in leader_client.get(url(organization, "intervention_list")).content.decode()
    edit = leader_client.get(url(organization, "intervention_edit", pk=pk)).content.decode()
    assert effect in edit


@pytest.mark.usefixtures("history_off")
def test_the_dashboard_list_reads_once_for_all(leader_client, organization, town):
    address = url(organization, "dashboard_interventions")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert leader_client.get(address).status_code == 200
        return len(captured)

    before = queries()
    with scope(organization=organization):
        for offset in range(8):
            Intervention.objects.create(
                organization=organization,
                touchpoint=town["garden"] if offset % 2 else town["far"],
                title=f"Change {offset}",
                started_on=town["intervention"].started_on - timedelta(weeks=offset),
            )
    assert queries() == before <= 16
    page = leader_client.get(address).content.decode()
    assert page.count("/effect/") == 9 and "Нова настилка" in page
    assert "level" in leader_client.get(address, {"export": "csv"}).content.decode("utf-8-sig")


@pytest.mark.usefixtures("history_off")
def test_the_effect_page_reads_once_for_all_places(leader_client, organization, town):
    address = effect_url(organization, town["intervention"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert leader_client.get(address).status_code == 200
        return len(captured)

    before = queries()
    for seed in range(6):
        place = TouchpointFactory(organization=organization, category=town["park"].category)
        weeks_of_ratings(place, base=6, step=0, date=town["intervention"].started_on, seed=seed)
    rollups_catch_up()
    assert queries() == before <= 14
    assert "8 places of the same category" in leader_client.get(address).content.decode()
