"""The individual responses of a selection, as CSV and XLSX: every answer, no employee,
scope kept, formulas defused."""

import csv
import io
from datetime import UTC, datetime

from django.urls import reverse
from django.utils.http import urlencode
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Membership, Role
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.responses import rated_definition, record
from tests.factories import MembershipFactory, TouchpointFactory, make_questionnaire

JUNE = {"period": "custom", "since": "2026-06-01", "until": "2026-06-30"}


def export(client, organization, **query):
    url = reverse("backoffice:dashboard_responses", kwargs={"organization": organization.slug})
    return client.get(f"{url}?{urlencode(JUNE | query)}", HTTP_ACCEPT_LANGUAGE="en")


def rows_of(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_answer_of_the_selection_in_csv_and_xlsx(
    client, organization, structure, member_factory
):
    s = structure
    make_questionnaire(
        organization=organization, category=s["parks"], definition=rated_definition()
    )
    town = TouchpointFactory(organization=organization, category=s["parks"], area=s["town"])
    village = TouchpointFactory(organization=organization, category=s["parks"], area=s["village"])
    clerk = TouchpointFactory(
        organization=organization, category=s["parks"], kind=TouchpointKind.EMPLOYEE
    )
    at = datetime(2026, 6, 10, 9, 30, tzinfo=UTC)
    record(town, at=at, overall=8, staff=4, quick="yes", problem="dirty", comment="=1+2")
    record(village, at=at, overall=3)
    record(clerk, at=at, overall=10, comment="Много любезен")
    record(town, at=datetime(2026, 7, 1, 9, tzinfo=UTC), overall=5)  # after the period
    rollups_catch_up()
    client.force_login(member_factory(organization, Role.LEADER))

    rows = rows_of(export(client, organization))
    assert len(rows) == 2
    first = next(row for row in rows if row["Touchpoint code"] == town.code)
    assert first["Submitted (local time)"].startswith("2026-06-10T12:30")  # Sofia, summer
    assert first["Score (0-10)"] == "8"
    assert (first["staff"], first["quick"], first["problem"]) == ("4", "1", "dirty")
    assert first["comment"] == "'=1+2"  # a formula is kept as text
    assert "Много любезен" not in str(rows)

    book = load_workbook(io.BytesIO(export(client, organization, format="xlsx").content))
    sheet = book.worksheets[0]
    assert sheet.max_row == 3 and sheet.cell(1, 8).value == "Score (0-10)"
    assert export(client, organization, format="pdf").status_code == 404

    head = MembershipFactory(organization=organization, role=Role.DEPARTMENT_HEAD)
    with scopes_disabled():
        Membership.objects.get(pk=head.pk).areas.set([s["village"]])
    client.force_login(head.user)
    assert [row["Touchpoint code"] for row in rows_of(export(client, organization))] == [
        village.code
    ]
