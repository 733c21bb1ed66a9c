"""The dashboard's first page: figures against hand counts, scope, exports, charts, input."""

import io
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from civicpulse.analytics.filters import DashboardFilterForm
from civicpulse.analytics.overview import overview
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.analytics.sums import Source
from civicpulse.core.models import Membership, Role
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.responses import rated_definition, record
from tests.factories import MembershipFactory, TouchpointFactory, make_questionnaire

TODAY = date(2026, 6, 30)


@pytest.fixture
def rated(organization, structure):
    """Parks in town and village, one employee; responses in June and in May (before)."""
    s = structure
    make_questionnaire(
        organization=organization, category=s["parks"], definition=rated_definition()
    )
    town = TouchpointFactory(
        organization=organization, name_bg="Парк в града", category=s["parks"], area=s["town"]
    )
    village = TouchpointFactory(
        organization=organization, name_bg="Парк в селото", category=s["parks"], area=s["village"]
    )
    clerk = TouchpointFactory(
        organization=organization,
        name_bg="Иван Служителев",
        category=s["parks"],
        area=s["town"],
        kind=TouchpointKind.EMPLOYEE,
    )
    june, may = datetime(2026, 6, 10, 9, tzinfo=UTC), datetime(2026, 5, 20, 9, tzinfo=UTC)
    for score in (9, 10, 8, 6):
        record(town, at=june, overall=score)
    for score in (3, 4):
        record(village, at=june, overall=score)
    for score in (7, 7):
        record(town, at=may, overall=score)
    record(clerk, at=june, overall=0)  # one rating: below the employee threshold
    rollups_catch_up()
    return {"town": town, "village": village, "clerk": clerk}


JUNE = {"period": "custom", "since": "2026-06-01", "until": "2026-06-30"}


def url(organization, **query):
    base = reverse("backoffice:dashboard", kwargs={"organization": organization.slug})
    return f"{base}?{urlencode(JUNE | query)}"


@pytest.fixture
def leader(client, organization, member_factory):
    client.force_login(member_factory(organization, Role.LEADER))
    client.cookies["django_language"] = "en"
    return client


def choice_for(organization, role=Role.LEADER, **data):
    membership = MembershipFactory(organization=organization, role=role)
    with scope(organization=organization):
        form = DashboardFilterForm(data or None, membership=membership, today=TODAY)
        return membership, form, form.choice()


def test_the_headline_counts_the_period_and_leaves_out_a_small_employee(organization, rated):
    _, _, choice = choice_for(organization)  # the last 30 days: 1-30 June
    with scope(organization=organization):
        figures = overview(choice, today=TODAY)
    h = figures.headline
    # June: 9, 10, 8, 6, 3, 4 (the employee's 0 is left out): mean 40 / 6.
    assert h.current.responses == 6
    assert h.current.mean.value == pytest.approx(40 / 6)
    assert h.current.satisfied.value == pytest.approx(3 / 6)
    # NPS: promoters 9, 10 (2), detractors 6, 3, 4 (3): (2 - 3) / 6.
    assert h.current.nps.value == pytest.approx(100 * (2 - 3) / 6)
    # The previous 30 days (2-31 May) hold the two 7s.
    assert (h.previous_start, h.previous_end) == (date(2026, 5, 2), date(2026, 5, 31))
    assert h.previous.responses == 2 and h.previous.mean.value == 7
    assert h.mean_change.value == pytest.approx(40 / 6 - 7)
    assert rated["clerk"].pk in figures.cells.hidden_employees


def test_the_figures_from_rollups_equal_those_from_raw_rows(organization, rated):
    _, _, choice = choice_for(organization, period="90d", unit="week")
    with scope(organization=organization):
        rollups = overview(choice, today=TODAY)
        raw = overview(choice, today=TODAY, source=Source.RAW)
    assert rollups.headline.current == raw.headline.current
    assert rollups.series == raw.series
    assert rollups.cells.cells == raw.cells.cells


@translation.override("bg")
def test_breakdowns_by_area_drill_one_level_down(organization, rated, structure):
    _, _, choice = choice_for(organization)
    with scope(organization=organization):
        rows = overview(choice, today=TODAY).cells.by_area()
    # One top-level area alone (the municipality) is passed through to its parts.
    assert {(row.label, row.sums.responses) for row in rows} == {("Град", 4), ("Село", 2)}
    _, _, narrowed = choice_for(organization, area=structure["region"].pk)
    with scope(organization=organization):
        rows = overview(narrowed, today=TODAY).cells.by_area()
    assert {(row.label, row.sums.responses) for row in rows} == {("Град", 4), ("Село", 2)}


@translation.override("bg")
def test_a_department_head_sees_only_their_scope(organization, rated, structure):
    membership = MembershipFactory(organization=organization, role=Role.DEPARTMENT_HEAD)
    with scopes_disabled():
        membership.areas.set([structure["village"]])
        membership = Membership.objects.get(pk=membership.pk)
    with scope(organization=organization):
        choice = DashboardFilterForm(None, membership=membership, today=TODAY).choice()
        figures = overview(choice, today=TODAY)
    assert figures.headline.current.responses == 2
    assert {row.label for row in figures.cells.by_touchpoint()} == {"Парк в селото"}


def test_the_page_shows_the_figures_with_their_n(leader, organization, rated):
    page = leader.get(url(organization)).content.decode()
    assert "6.7" in page and "n = 6" in page
    assert "+200 %" in page  # responses: 6 against 2
    assert rated["town"].name_en not in page  # the overview's charts stop at areas
    export = leader.get(url(organization, export="csv", table=6)).content.decode("utf-8-sig")
    assert rated["town"].name_en in export and rated["clerk"].name_en not in export


def test_wrong_filters_get_messages_and_the_default_figures(leader, organization, rated):
    response = leader.get(
        url(organization, since="2026-06-20", until="2026-06-01", area="abc")
        + "&channel=<script>&unit=century&touchpoint=999999"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end of the period cannot come before its start." in page
    assert "<script>" not in page
    garbage = leader.get(url(organization, period="forever", language=["x"]))
    assert garbage.status_code == 200 and "Select a valid choice" in garbage.content.decode()


def test_exports_hold_the_tables(leader, organization, rated):
    response = leader.get(url(organization, export="xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 5
    csv = leader.get(url(organization, export="csv", table=2)).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Group,Responses")
    assert rated["clerk"].name_en not in csv
    assert leader.get(url(organization, export="csv", table=99)).status_code == 404
    assert leader.get(url(organization, export="pdf")).status_code == 404


def test_charts_download_as_svg_and_png(leader, organization, rated):
    svg = leader.get(url(organization, chart="trend", format="svg"))
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    png = leader.get(url(organization, chart="categories", format="png"))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert leader.get(url(organization, chart="nope")).status_code == 404
    assert leader.get(url(organization, chart="trend", format="gif")).status_code == 404


@pytest.mark.usefixtures("history_off")
def test_the_query_count_does_not_grow_with_places(
    leader, organization, rated, structure, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        assert leader.get(url(organization)).status_code == 200
    for n in range(20):
        place = TouchpointFactory(organization=organization, category=structure["parks"])
        record(place, at=datetime(2026, 6, 1 + n, 9, tzinfo=UTC), overall=n % 11)
    rollups_catch_up()
    with django_assert_max_num_queries(25):
        assert leader.get(url(organization)).status_code == 200
