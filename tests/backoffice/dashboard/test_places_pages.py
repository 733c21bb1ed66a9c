"""The dashboard's "Over time", "Map" and "Comments and photos" pages: figures, scope,
exports, chart downloads, query caps and hostile input."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from civicpulse.analytics.breakdowns import period_cells
from civicpulse.analytics.comments import CommentFilters, responses_listed
from civicpulse.analytics.models import Intervention
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Role
from civicpulse.feedback.models import Response
from tests.analytics.figures import choice_for
from tests.analytics.responses import flag
from tests.backoffice.dashboard.conftest import LAST_MONTH, last_month_start
from tests.factories import TouchpointFactory

PAGES = ("dashboard_times", "dashboard_map", "dashboard_comments")
CHARTS = {"dashboard_times": ("means", "counts", "hours"), "dashboard_map": ("places",)}


def text_of(response) -> str:
    return response.content.decode()


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- What each page shows ----------------------------------------------------------------


def test_over_time_series_table_and_counts(rated, as_role):
    client = as_role(Role.ADMINISTRATOR)
    response = client.get(rated.url("dashboard_times"), LAST_MONTH | {"export": "csv"})
    rows = csv_rows(response)
    assert rows[0][:5] == ["From", "To", "Part of the period", "Responses", "With a score"]
    by_day = {row[0]: row for row in rows[1:]}
    start = last_month_start()
    # Day 1: north 9, south 2, employee 8.
    assert by_day[start.isoformat()][3] == "1"  # the employee's first
    second = by_day[(start + timedelta(days=1)).isoformat()]
    assert second[3] == "3"
    assert float(second[5]) == pytest.approx((9 + 2 + 8) / 3, abs=0.01)
    assert sum(int(row[3]) for row in rows[1:]) == 8
    assert {row[2] for row in rows[1:]} == {""}  # last month's days are all over


def test_over_time_marks_buckets_cut_short(rated, as_role):
    """Weeks of last month: the first and last are cut by the month unless it starts on a
    Monday and ends on a Sunday; every such bucket says how many of its days it covers."""
    client = as_role(Role.ADMINISTRATOR)
    response = client.get(rated.url("dashboard_times"), LAST_MONTH | {"unit": "week"})
    start = last_month_start()
    if start.weekday():
        days = 7 - start.weekday()
        assert f"{days} of 7 days" in text_of(response)
    days = csv_rows(client.get(rated.url("dashboard_times"), {"period": "7d", "export": "csv"}))
    assert [row[2] for row in days[1:]] == [""] * 6 + ["so far"]  # today is still running


def test_over_time_heat_map_table(rated, as_role):
    client = as_role(Role.ADMINISTRATOR)
    response = client.get(rated.url("dashboard_times"), LAST_MONTH | {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Weekday", "0", "1")
    hour_ten = [row[1 + 10] for row in rows[1:]]
    assert sum(hour_ten) == 8  # every response was at 10:00 local
    assert sum(sum(row[1:]) for row in rows[1:]) == 8


def test_over_time_marks_interventions_that_apply(rated, as_role):
    start = last_month_start()
    with scopes_disabled():
        on_north = Intervention.objects.create(
            organization=rated.organization,
            touchpoint=rated.north_place,
            title="Нова пейка",
            started_on=start + timedelta(days=5),
        )
        Intervention.objects.create(
            organization=rated.organization,
            area=rated.south,
            title="Ремонт на юг",
            started_on=start + timedelta(days=6),
        )
    client = as_role(Role.ADMINISTRATOR)
    everything = text_of(client.get(rated.url("dashboard_times"), LAST_MONTH))
    assert "Нова пейка" in everything and "Ремонт на юг" in everything
    narrowed = text_of(
        client.get(rated.url("dashboard_times"), LAST_MONTH | {"touchpoint": rated.north_place.pk})
    )
    assert on_north.title in narrowed and "Ремонт на юг" not in narrowed
    north = text_of(client.get(rated.url("dashboard_times"), LAST_MONTH | {"area": rated.north.pk}))
    assert on_north.title in north and "Ремонт на юг" not in north


def test_map_places_link_and_count_those_without_coordinates(rated, as_role):
    client = as_role(Role.ADMINISTRATOR)
    page = text_of(client.get(rated.url("dashboard_map"), LAST_MONTH))
    assert f"touchpoint={rated.north_place.pk}" in page
    assert "1 place has no coordinates" in page
    assert "Иван Служител" not in page  # employees are not places on a map
    rows = csv_rows(client.get(rated.url("dashboard_map"), LAST_MONTH | {"export": "csv"}))
    by_place = {row[0]: row for row in rows[1:]}
    assert by_place["Северен парк"][2] == "3"
    assert by_place["Северен парк"][-2:] == ["42.7", "23.3"]
    assert by_place["Парк без място"][2] == "0"
    assert by_place["Южен парк"][1] == "South"


def test_map_tiles_when_configured(rated, as_role, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    client = as_role(Role.ADMINISTRATOR)
    page = text_of(client.get(rated.url("dashboard_map"), LAST_MONTH))
    assert "tiles.example.org" in page
    settings.MAP_TILES_URL = ""
    page = text_of(client.get(rated.url("dashboard_map"), LAST_MONTH))
    assert "tiles.example.org" not in page


def test_comments_newest_first_escaped_and_flagged_left_out(rated, as_role):
    hostile = rated.record(
        rated.north_place, day_offset=9, overall=5, comment="<script>alert(1)</script>"
    )
    hidden = rated.record(rated.north_place, day_offset=10, overall=5, comment="флагнат текст")
    flag(hidden)
    rollups_catch_up()
    client = as_role(Role.ADMINISTRATOR)
    page = text_of(client.get(rated.url("dashboard_comments"), LAST_MONTH))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "флагнат текст" not in page
    assert page.index("&lt;script&gt;") < page.index("Чисто и подредено")  # newest first
    assert hostile.pk


def test_comments_export_is_spreadsheet_safe(rated, as_role):
    rated.record(rated.north_place, day_offset=9, overall=5, comment='=HYPERLINK("x")')
    rollups_catch_up()
    client = as_role(Role.ADMINISTRATOR)
    rows = csv_rows(client.get(rated.url("dashboard_comments"), LAST_MONTH | {"export": "csv"}))
    assert rows[0] == ["Date and time", "Place", "Score", "Language", "Channel", "Comment"]
    texts = [row[-1] for row in rows[1:]]
    assert '\'=HYPERLINK("x")' in texts
    newest = rows[1]
    assert newest[0].startswith(f"{(last_month_start() + timedelta(days=9)).isoformat()}T10:00")
    workbook = load_workbook(
        io.BytesIO(
            client.get(rated.url("dashboard_comments"), LAST_MONTH | {"export": "xlsx"}).content
        )
    )
    cells = [row[-1] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert any(text.endswith('HYPERLINK("x")') for text in cells)


def test_comments_are_found_through_the_index_of_commented_responses(rated):
    """A filter that matches no comment then reads the period's comments, not every
    response of the period probing each for a comment (seconds at millions of rows)."""
    choice = choice_for(rated.organization, start=last_month_start(), end=timezone.localdate())
    with scope(organization=rated.organization):
        rows = responses_listed(choice, CommentFilters(band="9-10"), period_cells(choice))
        assert len(rows) == 1
        assert "response_org_commented_time" in rows.explain()


def test_score_band_and_photo_filters(rated, as_role):
    with_photo = rated.record(rated.north_place, day_offset=11, overall=10)
    with scope(organization=rated.organization):
        with_photo.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    client = as_role(Role.ADMINISTRATOR)
    low = text_of(client.get(rated.url("dashboard_comments"), LAST_MONTH | {"band": "0-6"}))
    assert "южна тайна" in low and "Чисто и подредено" not in low
    high = text_of(client.get(rated.url("dashboard_comments"), LAST_MONTH | {"band": "9-10"}))
    assert "Чисто и подредено" in high and "южна тайна" not in high
    photos = text_of(client.get(rated.url("dashboard_comments"), LAST_MONTH | {"photo": "on"}))
    assert rated.url("dashboard_response_photo", pk=with_photo.pk) in photos
    assert "Чисто и подредено" not in photos
    served = client.get(rated.url("dashboard_response_photo", pk=with_photo.pk))
    assert served.status_code == 200
    assert served["Cache-Control"].startswith("private") or "private" in served["Cache-Control"]


def test_bad_values_get_a_message(rated, as_role):
    client = as_role(Role.ADMINISTRATOR)
    response = client.get(
        rated.url("dashboard_comments"), LAST_MONTH | {"band": "11-12", "page": "x<b>"}
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "Select a valid choice" in page
    assert "That page number is not valid" in page
    assert "x<b>" not in page
    assert "Чисто и подредено" in page  # the defaults still show
    times = client.get(rated.url("dashboard_times"), LAST_MONTH | {"unit": "century"})
    assert times.status_code == 200 and "Select a valid choice" in text_of(times)


def test_pagination(rated, as_role):
    for offset in range(27):
        rated.record(rated.south_place, day_offset=offset, hour=12, overall=6, comment=f"№{offset}")
    client = as_role(Role.ADMINISTRATOR)
    first = text_of(client.get(rated.url("dashboard_comments"), LAST_MONTH))
    assert first.count('class="response-item"') == 25
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = text_of(client.get(rated.url("dashboard_comments"), LAST_MONTH | {"page": 2}))
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert second.count('class="response-item"') == 27 + 6 - 25


def test_drill_down_to_every_response_with_its_answers(rated, as_role):
    client = as_role(Role.ADMINISTRATOR)
    narrowed = LAST_MONTH | {"touchpoint": rated.north_place.pk}
    overview = text_of(client.get(rated.url("dashboard"), narrowed))
    assert "See the individual responses" in overview
    comments = text_of(client.get(rated.url("dashboard_comments"), narrowed))
    assert "See the individual responses" in comments
    assert comments.count('class="response-item"') == 1  # only one has a comment
    every = text_of(client.get(rated.url("dashboard_comments"), narrowed | {"all": "on"}))
    assert every.count('class="response-item"') == 3
    assert "<dt>Score</dt><dd>4</dd>" in every
    assert "южна тайна" not in every
    assert "See the individual responses" not in text_of(
        client.get(rated.url("dashboard"), LAST_MONTH)
    )


# --- Employees' comments -----------------------------------------------------------------


def test_employee_comments_only_for_trusted_roles(rated, as_role):
    leader = text_of(as_role(Role.LEADER).get(rated.url("dashboard_comments"), LAST_MONTH))
    assert "за служителя" in leader
    viewer = as_role(Role.VIEWER)
    page = text_of(viewer.get(rated.url("dashboard_comments"), LAST_MONTH))
    assert "за служителя" not in page and "Чисто и подредено" in page
    assert "Responses about employees are not shown to your role" in page
    rows = csv_rows(viewer.get(rated.url("dashboard_comments"), LAST_MONTH | {"export": "csv"}))
    assert "за служителя" not in {row[-1] for row in rows}
    every = viewer.get(rated.url("dashboard_comments"), LAST_MONTH | {"all": "on"})
    assert "Иван Служител" not in text_of(every).split('id="comments-title"')[1]


def test_employee_below_the_threshold_is_left_out(rated, as_role):
    rated.organization.employee_min_responses = 4
    rated.organization.save()
    client = as_role(Role.ADMINISTRATOR)
    page = text_of(client.get(rated.url("dashboard_comments"), LAST_MONTH))
    assert "за служителя" not in page
    rows = csv_rows(client.get(rated.url("dashboard_comments"), LAST_MONTH | {"export": "csv"}))
    assert "за служителя" not in {row[-1] for row in rows}


def test_employee_photo_follows_the_same_rules(rated, as_role):
    with scope(organization=rated.organization):
        response = Response.objects.filter(touchpoint=rated.employee).first()
        response.photo.save("e.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    url = rated.url("dashboard_response_photo", pk=response.pk)
    assert as_role(Role.LEADER).get(url).status_code == 200
    assert as_role(Role.VIEWER).get(url).status_code == 404
    rated.organization.employee_min_responses = 4
    rated.organization.save()
    assert as_role(Role.LEADER).get(url).status_code == 404


# --- A department head's scope -------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_head_sees_only_their_scope(rated, as_role, name):
    client = as_role("head")
    page = text_of(client.get(rated.url(name), LAST_MONTH))
    assert "Южен парк" not in page and "южна тайна" not in page
    xlsx = client.get(rated.url(name), LAST_MONTH | {"export": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = {
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    }
    assert "Южен парк" not in cells and "южна тайна" not in cells
    for chart in CHARTS.get(name, ()):
        svg = text_of(client.get(rated.url(name), LAST_MONTH | {"chart": chart, "format": "svg"}))
        assert "Южен парк" not in svg
        png = client.get(rated.url(name), LAST_MONTH | {"chart": chart, "format": "png"})
        assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    # The south's area cannot be chosen; choosing it falls back to the head's scope.
    for outside in ({"area": rated.south.pk}, {"touchpoint": rated.south_place.pk}):
        forced = text_of(client.get(rated.url(name), LAST_MONTH | outside))
        assert "Южен парк" not in forced and "южна тайна" not in forced


def test_head_figures_exclude_the_south(rated, as_role):
    client = as_role("head")
    rows = csv_rows(client.get(rated.url("dashboard_times"), LAST_MONTH | {"export": "csv"}))
    # North 3 + the employee 3, not the south's 2.
    assert sum(int(row[3]) for row in rows[1:]) == 6
    points = csv_rows(client.get(rated.url("dashboard_map"), LAST_MONTH | {"export": "csv"}))
    assert {row[0] for row in points[1:]} == {"Северен парк", "Парк без място"}


def test_photo_outside_scope_or_organisation_is_404(
    rated, as_role, other_organization, member_factory, client
):
    south = rated.record(rated.south_place, day_offset=12, overall=3)
    with scope(organization=rated.organization):
        south.photo.save("s.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    url = rated.url("dashboard_response_photo", pk=south.pk)
    assert as_role("head").get(url).status_code == 404
    assert as_role(Role.ADMINISTRATOR).get(url).status_code == 200
    flag(south)
    assert as_role(Role.ADMINISTRATOR).get(url).status_code == 404


# --- Query caps ----------------------------------------------------------------------------


def more_places(town, count: int, comments: int) -> None:
    for number in range(count):
        place = TouchpointFactory(
            organization=town.organization,
            category=town.north_place.category,
            area=town.north,
            name_bg=f"Място {number}",
        )
        for offset in range(comments):
            town.record(place, day_offset=offset, overall=number % 11, comment=f"к{number}")
    rollups_catch_up()


@pytest.mark.usefixtures("history_off")
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, "head"])
def test_query_count_does_not_grow_with_places(
    rated, as_role, django_assert_max_num_queries, name, role
):
    client = as_role(role)
    params = LAST_MONTH | ({"all": "on"} if name == "dashboard_comments" else {})
    client.get(rated.url(name), params)  # warm caches (sessions, content types)
    with django_assert_max_num_queries(30) as few:
        client.get(rated.url(name), params)
    more_places(rated, 12, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(rated.url(name), params)
    assert response.status_code == 200
