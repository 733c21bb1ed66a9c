"""The comparison page: periods, areas and categories with differences in words; every wrong
pick gets a message, never an error page."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.backoffice.dashboard.conftest import add_places
from tests.factories import AreaFactory


def page(client, rated_town, **query):
    return client.get(rated_town.url("dashboard_compare"), query)


def test_by_default_this_period_against_the_previous_one(leader, rated_town):
    response = page(leader, rated_town)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This period" in html and "The other period" in html
    assert "n = " in html


def test_areas_against_the_first_in_words(leader, rated_town):
    html = page(
        leader, rated_town, what="area", areas=[rated_town.north.pk, rated_town.south.pk]
    ).content.decode()
    assert "Against North" in html
    assert "Lower by" in html  # the south rates lower, beyond chance
    assert 'name="what" value="area"' in html


def test_categories_can_be_within_chance(leader, rated_town):
    html = page(
        leader, rated_town, what="category", categories=[rated_town.parks.pk, rated_town.schools.pk]
    ).content.decode()
    assert "Against Parks" in html
    assert "within chance" in html or "Lower by" in html


@pytest.mark.parametrize("against", ["previous", "year"])
def test_periods_against_another(leader, rated_town, against):
    response = page(leader, rated_town, what="period", against=against)
    assert response.status_code == 200
    assert "The other period" in response.content.decode()


def test_chosen_dates(leader, rated_town):
    html = page(
        leader, rated_town, against="dates", against_since="2026-01-01", against_until="2026-01-31"
    ).content.decode()
    assert "No ratings on one side." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"what": "area", "areas": ["abc"]}, "is not a valid value"),
        ({"what": "area", "areas": ["1.5", "x"]}, "is not a valid value"),
        ({"what": "area"}, "Choose at least two to compare."),
        ({"what": "category", "categories": ["999999", "1"]}, "Select a valid choice"),
        ({"what": "<svg onload=alert(1)>"}, "Select a valid choice"),
        ({"against": "tomorrow"}, "Select a valid choice"),
        ({"against": "dates"}, "Choose the first day."),
        ({"against": "dates", "against_since": "yesterday"}, "Enter a valid date."),
        (
            {"against": "dates", "against_since": "2026-02-01", "against_until": "2026-01-01"},
            "The end of the period cannot come before its start.",
        ),
        (
            {"against": "dates", "against_since": "1999-01-01", "against_until": "1999-01-02"},
            "Choose days from 2000 until today.",
        ),
    ],
)
def test_wrong_picks_get_a_message(leader, rated_town, query, message):
    response = page(leader, rated_town, **query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<svg onload" not in html


def test_the_same_area_twice_or_too_many(leader, rated_town):
    twice = page(leader, rated_town, what="area", areas=[rated_town.north.pk, rated_town.north.pk])
    assert "Choose each item only once." in twice.content.decode()
    many = [AreaFactory(organization=rated_town.organization).pk for _ in range(6)]
    too_many = page(leader, rated_town, what="area", areas=[rated_town.north.pk, *many])
    assert "Choose at most 6 items." in too_many.content.decode()


def test_another_organisations_area_is_refused(leader, rated_town, other_organization):
    theirs = AreaFactory(organization=other_organization)
    response = page(leader, rated_town, what="area", areas=[rated_town.north.pk, theirs.pk])
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_head_cannot_pick_outside_their_scope(north_head, rated_town):
    response = page(
        north_head, rated_town, what="area", areas=[rated_town.north.pk, rated_town.south.pk]
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    # The region above their area is outside it too.
    html = page(
        north_head, rated_town, what="area", areas=[rated_town.north.pk, rated_town.region.pk]
    ).content.decode()
    assert "Select a valid choice" in html


def test_a_head_compares_periods_of_their_scope_only(north_head, rated_town):
    exported = page(north_head, rated_town, export="csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[1][3] == "30"  # the north park's 30 responses, not the south's
    svg = page(north_head, rated_town, chart="means", format="svg").content
    assert b"n = 30" in svg.replace("\u00a0".encode(), b" ")


def test_exports_and_charts_keep_the_picks(leader, rated_town):
    query = {"what": "area", "areas": [rated_town.north.pk, rated_town.south.pk]}
    html = page(leader, rated_town, **query).content.decode()
    assert f"areas={rated_town.north.pk}&amp;areas={rated_town.south.pk}" in html
    rows = list(
        csv.reader(
            io.StringIO(page(leader, rated_town, **query, export="csv").content.decode("utf-8-sig"))
        )
    )
    assert [row[0] for row in rows[1:]] == ["North", "South"]
    assert rows[2][11] not in ("", None)  # the difference's lower limit
    workbook = load_workbook(io.BytesIO(page(leader, rated_town, **query, export="xlsx").content))
    assert workbook.worksheets[0].max_row == 3
    for name in ("means", "satisfied"):
        for fmt in ("svg", "png"):
            assert page(leader, rated_town, **query, chart=name, format=fmt).status_code == 200


def test_a_wrong_pick_still_exports_an_empty_table(leader, rated_town):
    response = page(leader, rated_town, what="area", areas=["x"], export="xlsx")
    assert response.status_code == 200


@pytest.mark.usefixtures("history_off")
def test_queries_do_not_grow_with_places(leader, rated_town, django_assert_max_num_queries):
    query = {"what": "area", "areas": [rated_town.north.pk, rated_town.south.pk]}
    page(leader, rated_town, **query)
    with django_assert_max_num_queries(QUERIES):
        page(leader, rated_town, **query)
    add_places(rated_town, 6)
    with django_assert_max_num_queries(QUERIES):
        page(leader, rated_town, **query)


QUERIES = 16  # with the live mark (2)
