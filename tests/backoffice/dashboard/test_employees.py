"""The employees tab: ranked with shrunk means, and nobody rated too few times is named,
on the page, in the exports or in the chart."""

import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Role
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.responses import bulk_record
from tests.factories import TouchpointFactory, make_questionnaire

RATED = {"Ана Петрова": [9, 9, 10, 8, 9, 10], "Борис Илиев": [5, 6, 4, 5, 6], "Вера Кол": [10, 10]}


@pytest.fixture
def staff(organization):
    desk = TouchpointFactory(organization=organization)
    make_questionnaire(organization=organization, category=desk.category)
    zone = ZoneInfo(organization.time_zone)
    at = datetime.combine(timezone.localdate() - timedelta(days=2), time(10), tzinfo=zone)
    for name, scores in RATED.items():
        person = TouchpointFactory(
            organization=organization,
            kind=TouchpointKind.EMPLOYEE,
            category=desk.category,
            place=desk,
            name_bg=name,
            name_en="",
        )
        bulk_record(person, [(at + timedelta(minutes=i), s, {}) for i, s in enumerate(scores)])
    rollups_catch_up()
    return desk


def address(organization):
    return reverse("backoffice:dashboard_employees", kwargs={"organization": organization.slug})


def test_employees_below_the_threshold_are_counted_not_named(head_client, organization, staff):
    url = address(organization)
    page = head_client.get(url).content.decode()
    assert "Ана Петрова" in page and "Борис Илиев" in page
    assert page.index("Ана Петрова") < page.index("Борис Илиев")
    assert "1 employee with too few ratings to show." in page
    csv = head_client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    book = load_workbook(io.BytesIO(head_client.get(url, {"export": "xlsx"}).content))
    cells = " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row)
    svg = head_client.get(url, {"chart": "employees", "format": "svg"}).content.decode()
    png = head_client.get(url, {"chart": "employees", "format": "png"})
    assert png["Content-Type"] == "image/png"
    for text in (page, csv, cells, svg):
        assert "Ана Петрова" in text
        assert "Вера Кол" not in text


def test_a_viewer_may_not_see_employees(client, organization, member_factory, staff):
    client.force_login(member_factory(organization, Role.VIEWER))
    assert client.get(address(organization)).status_code == 403
    overview = reverse("backoffice:dashboard", kwargs={"organization": organization.slug})
    assert address(organization) not in client.get(overview).content.decode()


@pytest.mark.usefixtures("history_off")
def test_the_query_count_does_not_grow_with_employees(head_client, organization, staff):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert head_client.get(address(organization)).status_code == 200
        return len(captured)

    before = queries()
    zone = ZoneInfo(organization.time_zone)
    at = datetime.combine(timezone.localdate() - timedelta(days=1), time(10), tzinfo=zone)
    for index in range(12):
        person = TouchpointFactory(
            organization=organization,
            kind=TouchpointKind.EMPLOYEE,
            category=staff.category,
            place=staff,
        )
        bulk_record(person, [(at + timedelta(minutes=i), 7 + index % 3, {}) for i in range(6)])
    rollups_catch_up()
    assert queries() == before <= 26
