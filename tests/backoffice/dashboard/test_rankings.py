"""The rankings page: fair order, places too few to rank, the funnel plot and its named
outliers, needs attention; scope, exports, charts and hostile input."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from civicpulse.analytics.rollups import rollups_catch_up
from tests.analytics.responses import bulk_record
from tests.backoffice.dashboard.conftest import add_places, rate
from tests.factories import TouchpointFactory


def page(client, rated_town, **query):
    return client.get(rated_town.url("dashboard_rankings"), query)


@pytest.fixture
def ranked(rated_town):
    """A few more places in the north: one rated too rarely, one far below the rest."""
    few = TouchpointFactory(
        organization=rated_town.organization,
        area=rated_town.north,
        category=rated_town.parks,
        name_en="Few",
    )
    rate(few, [10, 10, 9])
    low = TouchpointFactory(
        organization=rated_town.organization,
        area=rated_town.north,
        category=rated_town.parks,
        name_en="Low",
    )
    rate(low, [1, 2, 0, 3, 1, 2, 1, 0, 2, 1, 3, 2])
    add_places(rated_town, 3)
    return rated_town


def test_places_ranked_with_n_and_too_few_apart(leader, ranked):
    response = page(leader, ranked)
    assert response.status_code == 200
    html = response.content.decode()
    ranking, rest = html.split('id="too-few-title"')
    assert "North park" in ranking and "Few" not in ranking
    too_few, _after = rest.split('id="funnel-title"')
    assert "Few" in too_few and "n = 3" in too_few
    assert "Below the 99.8" in html
    below = html.split("Below the 99.8")[1].split("</li>")[0]
    assert "Low" in below
    overview = f"{ranked.url('dashboard')}?period=30d&amp;touchpoint={ranked.park_north.pk}&amp;"
    assert f'href="{overview}' in ranking


def test_the_table_export_is_in_rank_order(leader, ranked):
    exported = page(leader, ranked, export="csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][:3] == ["Rank", "Place", "Ratings (n)"]
    shrunk = [float(row[4]) for row in rows[1:]]
    assert shrunk == sorted(shrunk, reverse=True)
    assert rows[-1][1] == "Low"
    assert rows[-1][8].startswith("Below the 99.8")
    workbook = load_workbook(io.BytesIO(page(leader, ranked, export="xlsx").content))
    assert [sheet.title for sheet in workbook.worksheets][1].startswith("Too few")
    too_few = [row[1] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert too_few == ["South school", "Few"]  # most ratings first


def test_the_wilson_order_and_a_longer_attention_list(leader, ranked):
    exported = page(leader, ranked, order="wilson", export="csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    bounds = [float(row[7]) for row in rows[1:]]
    assert bounds == sorted(bounds, reverse=True)
    assert page(leader, ranked, order="wilson", limit="30").status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"order": "best"}, "Select a valid choice"),
        ({"limit": "many"}, "Enter a whole number."),
        ({"limit": "0"}, "greater than or equal to 1"),
        ({"limit": "100000"}, "less than or equal to 50"),
        ({"limit": "1e9", "order": ["x", "y"]}, "Enter a whole number."),
    ],
)
def test_wrong_values_get_a_message(leader, ranked, query, message):
    response = page(leader, ranked, **query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_hostile_place_name_is_escaped(leader, ranked):
    html = page(leader, ranked).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    svg = page(leader, ranked, chart="funnel", format="svg").content
    assert b"<script>alert" not in svg


@pytest.mark.parametrize("name", ["funnel", "ranking"])
def test_charts_download(leader, ranked, name):
    for fmt, kind in (("svg", "image/svg+xml"), ("png", "image/png")):
        response = page(leader, ranked, chart=name, format=fmt, order="wilson")
        assert response.status_code == 200
        assert response["Content-Type"].startswith(kind)
    assert page(leader, ranked, chart="nothing").status_code == 404


def test_a_head_ranks_only_their_scope(north_head, ranked):
    html = page(north_head, ranked).content.decode()
    assert "North park" in html and "South school" not in html
    exported = page(north_head, ranked, export="xlsx").content
    sheets = load_workbook(io.BytesIO(exported)).worksheets
    names = {row[1] for sheet in sheets for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "North park" in names and "South school" not in names
    svg = page(north_head, ranked, chart="funnel", format="svg").content
    assert b"North park" in svg and b"South school" not in svg


def test_no_ratings_say_so(leader, rated_town):
    html = page(leader, rated_town, period="custom", since="2020-01-01", until="2020-01-31")
    assert "No place has enough ratings to rank." in html.content.decode()


@pytest.mark.usefixtures("history_off")
def test_queries_do_not_grow_with_places(leader, ranked, django_assert_max_num_queries):
    page(leader, ranked)
    with django_assert_max_num_queries(QUERIES):
        page(leader, ranked)
    add_places(ranked, 6)
    with django_assert_max_num_queries(QUERIES):
        page(leader, ranked)


QUERIES = 14  # with the live mark (2)


@pytest.fixture
def crowded(rated_town):
    """50 more ranked places, "Ranked 01" best to "Ranked 50" worst, and 46 rated too rarely:
    written in bulk, as a town of hundreds of places would take long to rate one by one."""
    at = timezone.now() - timedelta(days=2)

    def place(name, scores):
        touchpoint = TouchpointFactory(
            organization=rated_town.organization,
            area=rated_town.north,
            category=rated_town.parks,
            name_en=name,
        )
        bulk_record(touchpoint, [(at, score, {}) for score in scores])

    for index in range(1, 51):
        place(f"Ranked {index:02d}", [0] * index + [10] * (60 - index))
    for index in range(1, 47):
        place(f"Rare {index:02d}", [5, 6])
    rollups_catch_up()
    return rated_town


def test_a_long_ranking_shows_the_best_and_the_worst(leader, crowded):
    html = page(leader, crowded).content.decode()
    ranking, rest = html.split('id="too-few-title"')
    ranking = ranking.split('<figure class="chart">')[0]  # the chart keeps its 30 rows
    assert "Ranked 01" in ranking and "Ranked 50" in ranking and "Ranked 25" not in ranking
    assert '<td class="number">20</td>' in ranking and '<td class="number">21</td>' not in ranking
    assert '<td class="number">33</td>' in ranking and '<td class="number">52</td>' in ranking
    assert "12 places in the middle are left out." in ranking
    assert "Show all 52 ranked places" in ranking and "all=1" in ranking
    too_few = rest.split('id="funnel-title"')[0]
    assert too_few.count("Rare ") == 39  # with South school: 20 first and 20 last of 47
    assert "7 more places are left out." in too_few
    assert "Show only the best" not in html

    everything = page(leader, crowded, all="1").content.decode()
    ranking, rest = everything.split('id="too-few-title"')
    assert "Ranked 25" in ranking and "left out" not in ranking
    assert rest.split('id="funnel-title"')[0].count("Rare ") == 46
    assert "Show only the best and the worst 20" in ranking
    assert "all=" not in ranking.split("Show only the best")[0].rsplit("href=", 1)[1]


def test_a_long_ranking_exports_every_place(leader, crowded):
    exported = page(leader, crowded, export="csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(exported)))) == 1 + 52
    workbook = load_workbook(io.BytesIO(page(leader, crowded, export="xlsx").content))
    assert workbook.worksheets[1].max_row == 1 + 47
