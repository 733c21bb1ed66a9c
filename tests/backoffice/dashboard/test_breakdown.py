"""The breakdowns page: every dimension, drills, exports, charts, scope and hostile input."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from civicpulse.backoffice.views import dashboard_breakdown
from tests.backoffice.dashboard.conftest import HOSTILE, add_places


def page(client, rated_town, **query):
    return client.get(rated_town.url("dashboard_breakdown"), query)


@pytest.mark.parametrize("by", ["category", "area", "touchpoint", "channel", "language"])
def test_every_dimension_shows_its_rows_with_n(leader, rated_town, by):
    response = page(leader, rated_town, by=by)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html or 'role="group"' in html  # with links, a group
    assert "n = " in html


def test_places_link_to_the_narrowed_dashboard_and_their_results(leader, rated_town):
    html = page(leader, rated_town, by="touchpoint").content.decode()
    assert "North park" in html
    results = reverse(
        "backoffice:touchpoint_detail",
        kwargs={"organization": rated_town.organization.slug, "pk": rated_town.park_north.pk},
    )
    assert f'href="{results}"' in html
    assert f"{rated_town.url('dashboard')}?" in html
    assert f"touchpoint={rated_town.park_north.pk}" in html


def table_body(html: str) -> str:
    """The rows of the page's own table (the chart's data table comes first)."""
    table = html.split('id="breakdown-table-title"')[1]
    return table.split("<tbody>")[1].split("</tbody>")[0]


def test_many_rows_show_those_with_most_responses_and_a_link_to_all(
    leader, rated_town, monkeypatch
):
    monkeypatch.setattr(dashboard_breakdown, "SHOWN_ROWS", 2)
    add_places(rated_town, 2)
    address = rated_town.url("dashboard_breakdown")
    html = leader.get(address, {"by": "touchpoint"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    body = table_body(html)
    assert body.count("<tr") == 2
    assert "The 2 rows with most responses" in html
    shown_all = re.search(r'href="([^"]*all=1[^"]*)">Show all (\d+) rows<', html)
    assert shown_all and int(shown_all[2]) > 2
    everything = leader.get(address + shown_all[1].replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="en")
    every_html = everything.content.decode()
    every_body = table_body(every_html)
    assert every_body.count("<tr") == int(shown_all[2])
    assert "Show only the 2 rows with most responses" in every_html
    # A place's drill leaves "all" behind; the export holds every row either way.
    assert "all=1&amp;touchpoint" not in every_body and "all=1&touchpoint" not in every_body
    exported = page(leader, rated_town, by="touchpoint", export="csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) - 1 == int(shown_all[2])


def test_an_area_drills_to_its_own_areas(leader, rated_town):
    # The region alone at the top is passed through: its parts are the rows.
    html = page(leader, rated_town, by="area").content.decode()
    assert f"area={rated_town.north.pk}" in html and f"area={rated_town.south.pk}" in html
    narrowed = page(leader, rated_town, by="area", area=rated_town.region.pk).content.decode()
    assert "North" in narrowed and "South" in narrowed
    # The change against the previous period: the north park was rated then too.
    assert "none before" in narrowed


def test_a_wrong_dimension_says_so_and_shows_categories(leader, rated_town):
    response = page(leader, rated_town, by="<b>nope</b>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "<b>nope</b>" not in html
    assert "Parks" in html


def test_a_hostile_place_name_is_escaped(leader, rated_town):
    html = page(leader, rated_town, by="touchpoint").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    svg = page(leader, rated_town, by="touchpoint", chart="breakdown", format="svg")
    assert b"<script>alert" not in svg.content


def test_exports_and_charts_keep_the_dimension(leader, rated_town):
    html = page(leader, rated_town, by="touchpoint").content.decode()
    links = re.findall(r'href="([^"]*(?:chart=breakdown|export=)[^"]*)"', html)
    assert len(links) == 4  # SVG, PNG, XLSX, CSV
    assert all("by=touchpoint" in link for link in links)
    exported = page(leader, rated_town, by="touchpoint", export="csv")
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Place"
    assert {row[0] for row in rows[1:]} == {"North park", HOSTILE, "South school"}
    workbook = load_workbook(io.BytesIO(page(leader, rated_town, by="area", export="xlsx").content))
    sheet = workbook.worksheets[0]
    assert next(sheet.iter_rows(max_row=1))[0].value == "Area"
    for fmt, kind in (("svg", "image/svg+xml"), ("png", "image/png")):
        chart = page(leader, rated_town, by="touchpoint", chart="breakdown", format=fmt)
        assert chart.status_code == 200
        assert chart["Content-Type"].startswith(kind)


def test_a_head_sees_only_their_scope(north_head, rated_town):
    html = page(north_head, rated_town, by="touchpoint").content.decode()
    assert "North park" in html
    assert "South school" not in html and "&lt;script&gt;" not in html
    exported = page(north_head, rated_town, by="touchpoint", export="csv").content.decode(
        "utf-8-sig"
    )
    assert "North park" in exported and "South school" not in exported
    svg = page(north_head, rated_town, by="touchpoint", chart="breakdown", format="svg").content
    assert b"North park" in svg and b"South school" not in svg


@pytest.mark.usefixtures("history_off")
@pytest.mark.parametrize("by", ["touchpoint", "area"])
def test_queries_do_not_grow_with_places(leader, rated_town, by, django_assert_max_num_queries):
    page(leader, rated_town, by=by)  # the session and membership are warm
    with django_assert_max_num_queries(QUERIES):
        page(leader, rated_town, by=by)
    add_places(rated_town, 6)
    with django_assert_max_num_queries(QUERIES):
        page(leader, rated_town, by=by)


QUERIES = 20  # with the live mark (2), a lone top area passed through (1), today apart (2)
