"""The public transparency page and its open data: only when the organisation publishes,
only cells with enough ratings, never an employee, a comment or a person."""

import csv
import gzip
import io
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.analytics.breakdowns import period_cells
from civicpulse.analytics.filters import DashboardFilterForm
from civicpulse.analytics.open_data import NAMES
from civicpulse.analytics.published import published_period
from civicpulse.core.models import Role
from tests.analytics.publishing import EMPLOYEE_NAME, SECRET_COMMENT, publishing
from tests.factories import MembershipFactory, TouchpointFactory
from tests.public.test_page_weight import BUDGET, first_view

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return publishing()


def page(client, world, suffix="/", **params):
    return client.get(f"/o/{world.organization.slug}/figures{suffix}", params)


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def set_organization(organization, **values):
    for name, value in values.items():
        setattr(organization, name, value)
    with scopes_disabled():
        organization.save()


# ------------------------------------------------------------------ opting in


@pytest.mark.parametrize("suffix", ["/", ".csv", ".json"])
def test_nothing_is_published_without_opting_in(client, suffix):
    world = publishing(slug="keeps-quiet", publishes=False)
    assert page(client, world, suffix).status_code == 404


@pytest.mark.parametrize("suffix", ["/", ".csv", ".json"])
def test_an_inactive_or_unknown_organization_has_no_page(client, world, suffix):
    set_organization(world.organization, is_active=False)
    assert page(client, world, suffix).status_code == 404
    assert client.get(f"/o/nobody/figures{suffix}").status_code == 404


# ------------------------------------------------------------------ the page


def test_the_page_shows_categories_settlements_months_and_places(client, world):
    response = page(client, world, HTTP_ACCEPT_LANGUAGE="en", lang="en")
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("Stara Zagora", "Pryaporets", "By category", "By month", "Places"):
        assert shown in html
    for place in (world.park_in_town, world.park_in_village, world.desk_in_town):
        assert place.name_en in html
    assert "out of 10, from 66 ratings" in html  # 12 + 11 + 10 in each of two months
    assert '<th scope="row">' in html and "<caption" in html
    assert 'href="/o/publishes/figures.csv"' in html
    assert 'href="/o/publishes/figures.json"' in html
    assert "CC BY 4.0" in html
    for column in NAMES:
        assert f"<code>{column}</code>" in html


def test_the_page_is_in_bulgarian_by_default(client, world):
    html = page(client, world).content.decode()
    assert "Стара Загора" in html and "Паркове" in html


def test_no_employee_comment_or_small_cell_is_shown(client, world):
    html = page(client, world, lang="en").content.decode()
    assert EMPLOYEE_NAME not in html and world.employee.name_en not in html
    assert SECRET_COMMENT not in html
    assert world.desk_in_village.name_en not in html  # its cell has 3 ratings a month
    assert "6 ratings in smaller groups are not counted." in html


def test_a_lower_minimum_publishes_the_small_cell(client, world):
    set_organization(world.organization, figures_min_responses=3)
    html = page(client, world, lang="bg").content.decode()
    assert world.desk_in_village.name_bg in html
    assert EMPLOYEE_NAME not in html


@pytest.mark.usefixtures("history_off")
def test_the_page_keeps_its_queries_with_more_places(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert page(client, world).status_code == 200
    for _ in range(20):
        TouchpointFactory(organization=world.organization, category=world.parks, area=world.town)
    with django_assert_max_num_queries(8):
        assert page(client, world).status_code == 200


# ------------------------------------------------------------------ open data


def expected_cells(world):
    """(month, category, settlement) of every cell with at least ten ratings."""
    months = (world.month_before.isoformat(), world.last_month.isoformat())
    cells = [("parks", world.town), ("parks", world.village), ("desks", world.town)]
    return {(month, category, str(area.pk)) for month in months for category, area in cells}


def test_the_csv_has_one_row_per_published_cell(client, world):
    response = page(client, world, ".csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert 'rel="license"' in response["Link"]
    rows = csv_rows(response)
    assert list(rows[0]) == list(NAMES)
    assert {(r["month"], r["category"], r["settlement_id"]) for r in rows} == expected_cells(world)
    assert {r["settlement_bg"] for r in rows} == {"Стара Загора", "Пряпорец"}  # Cyrillic intact
    assert all(int(r["ratings"]) >= 10 for r in rows)
    text = response.content.decode("utf-8-sig")
    assert EMPLOYEE_NAME not in text and SECRET_COMMENT not in text


def test_the_json_holds_the_same_rows_with_iso_dates(client, world):
    response = page(client, world, ".json")
    assert response.status_code == 200
    assert "max-age=3600" in response["Cache-Control"]
    body = response.json()
    start, end = published_period(timezone.localdate())
    assert body["period"] == {"start": start.isoformat(), "end": end.isoformat()}
    assert body["licence"] == "CC BY 4.0"
    assert body["minimum_ratings"] == 10
    assert body["columns"] == list(NAMES)
    rows = body["rows"]
    assert {(r["month"], r["category"], str(r["settlement_id"])) for r in rows} == (
        expected_cells(world)
    )
    from_csv = {
        (r["month"], r["category"], r["settlement_id"]): r
        for r in csv_rows(page(client, world, ".csv"))
    }
    for row in rows:
        twin = from_csv[(row["month"], row["category"], str(row["settlement_id"]))]
        assert float(twin["mean"]) == row["mean"]
        assert int(twin["ratings"]) == row["ratings"]
    text = json.dumps(body, ensure_ascii=False)
    assert EMPLOYEE_NAME not in text and SECRET_COMMENT not in text


def dashboard_cells(world, **data):
    membership = MembershipFactory(organization=world.organization, role=Role.ADMINISTRATOR)
    form = DashboardFilterForm(data, membership=membership, today=timezone.localdate())
    assert form.is_valid(), form.errors
    return period_cells(form.choice())


def test_the_open_data_equals_the_dashboard(client, world):
    rows = page(client, world, ".json").json()["rows"]
    with scope(organization=world.organization):
        for month in (world.month_before, world.last_month):
            end = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
            cells = dashboard_cells(
                world,
                period="custom",
                since=month.isoformat(),
                until=(end - timedelta(days=1)).isoformat(),
                category=world.parks.pk,
            )
            for area_row in cells.by_area():
                ours = next(
                    r
                    for r in rows
                    if r["month"] == month.isoformat()
                    and r["category"] == "parks"
                    and r["settlement_id"] == area_row.key
                )
                assert ours["ratings"] == area_row.sums.scored
                assert ours["responses"] == area_row.sums.responses
                assert ours["mean"] == round(area_row.sums.mean.value, 3)
                assert ours["mean_low"] == round(area_row.sums.mean.low, 3)
                assert ours["satisfied"] == round(area_row.sums.satisfied.value, 4)


def test_the_page_totals_equal_the_dashboard_for_the_year(client, world):
    start, end = published_period(timezone.localdate())
    with scope(organization=world.organization):
        cells = dashboard_cells(
            world, period="custom", since=start.isoformat(), until=end.isoformat()
        )
        parks = next(row for row in cells.by_category() if row.key == world.parks.pk)
    html = page(client, world, lang="en").content.decode()
    assert f"<td>{parks.sums.scored}</td>" in html
    assert parks.sums.scored == 46


def test_the_page_is_light_and_fetches_nothing_elsewhere(client, world):
    html = page(client, world).content.decode()
    files = first_view(html)
    assert "/static/public/figures.css" in files
    compressed = sum(len(gzip.compress(content, compresslevel=6)) for content in files.values())
    assert compressed < BUDGET
    assert "<script" not in html  # works the same without JavaScript
    assert not re.search(r'<(?:link|img|script|iframe)[^>]+(?:href|src)="(?:https?:)?//', html)


def test_the_home_page_links_only_publishing_organizations(client, world):
    quiet = publishing(slug="keeps-quiet", publishes=False)
    html = client.get("/").content.decode()
    assert 'href="/o/publishes/figures/"' in html
    assert f"/o/{quiet.organization.slug}/figures/" not in html
