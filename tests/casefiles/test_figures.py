"""Sector timeliness against figures worked out by hand; run on SQLite and PostgreSQL."""

import csv
import io

import pytest
from django_scopes import scope

from civicpulse.casefiles.exports import casefile_figures_csv
from civicpulse.casefiles.figures import casefile_figures
from civicpulse.casefiles.services import casefile_register, casefile_set_status
from tests.casefiles.fixtures import make_service, sofia

pytestmark = pytest.mark.django_db
NOW = sofia(2025, 6, 30, 12)


def file(organization, service, registered, done=None, status="completed", reason=""):
    case_file, _ = casefile_register(
        organization=organization, service=service, registered_at=registered, now=NOW
    )
    if done is not None:
        casefile_set_status(case_file=case_file, status=status, at=done, delay_reason=reason)
    return case_file


@pytest.fixture
def history(organization, services):
    """Heirs (7 days), sketch (14) and permit (30); all registered in 2025 unless said."""
    heirs, sketch, permit = services["heirs"], services["sketch"], services["permit"]
    with scope(organization=organization):
        # Heirs: done in 2, 4, 6 and 10 days (the last one late, workload).
        for days in (2, 4, 6):
            file(organization, heirs, sofia(2025, 3, 1), sofia(2025, 3, 1 + days))
        file(organization, heirs, sofia(2025, 3, 1), sofia(2025, 3, 11), reason="workload")
        # Sketch: one done in 3 days, one refused in 20 (late, missing documents), one open
        # and overdue, one open in time.
        file(organization, sketch, sofia(2025, 4, 1), sofia(2025, 4, 4), status="ready")
        file(
            organization,
            sketch,
            sofia(2025, 4, 1),
            sofia(2025, 4, 21),
            status="refused",
            reason="missing_documents",
        )
        file(organization, sketch, sofia(2025, 6, 1))
        file(organization, sketch, sofia(2025, 6, 25))
        # Permit: waiting for documents (so missing documents), overdue.
        waiting = file(organization, permit, sofia(2025, 5, 1))
        casefile_set_status(case_file=waiting, status="awaiting_documents", at=sofia(2025, 5, 3))
        # Before the period: registered and done in 2024, only counted as history.
        file(organization, heirs, sofia(2024, 12, 1), sofia(2024, 12, 3))
        # Withdrawn: neither open nor done.
        withdrawn = file(organization, heirs, sofia(2025, 5, 1))
        casefile_set_status(case_file=withdrawn, status="withdrawn", at=sofia(2025, 5, 2))


def figures(organization):
    with scope(organization=organization):
        return casefile_figures(
            organization=organization, since=sofia(2025, 1, 1), until=sofia(2026, 1, 1), now=NOW
        )


def test_figures_per_service_and_sector(organization, services, sectors, history):
    result = figures(organization)
    by_name = {s.total.sector.name_bg: s for s in result.sectors}
    civil, building = by_name["Гражданско състояние"], by_name["Строителство"]
    (heirs,) = civil.services
    assert (heirs.registered, heirs.completed, heirs.on_time) == (5, 4, 3)
    assert heirs.on_time_share == 0.75
    assert heirs.median_days == 5.0  # (4 + 6) / 2
    assert (heirs.open_now, heirs.overdue_now) == (0, 0)
    assert dict(heirs.reasons) == {"workload": 1}

    sketch, permit = building.services
    assert sketch.service.code == "TS-02"
    assert (sketch.registered, sketch.completed, sketch.on_time) == (4, 2, 1)
    assert sketch.median_days == 11.5  # (3 + 20) / 2
    assert (sketch.open_now, sketch.overdue_now) == (2, 1)
    # The refused file late for missing documents, the overdue one without a reason.
    assert dict(sketch.reasons) == {"missing_documents": 1, "": 1}
    assert (permit.registered, permit.completed, permit.open_now, permit.overdue_now) == (
        1, 0, 1, 1,
    )  # fmt: skip
    assert permit.median_days is None and permit.on_time_share is None
    assert dict(permit.reasons) == {"missing_documents": 1}

    assert (building.total.registered, building.total.completed, building.total.on_time) == (
        5, 2, 1,
    )  # fmt: skip
    assert building.total.median_days == 11.5
    assert dict(building.total.reasons) == {"missing_documents": 2, "": 1}
    assert result.total.registered == 10
    assert result.total.completed == 6
    assert result.total.on_time == 4
    # Durations 2, 3, 4, 6, 10, 20: the median is (4 + 6) / 2.
    assert result.total.median_days == 5.0


def test_an_odd_group_takes_its_middle_value(organization, services):
    with scope(organization=organization):
        for days in (1, 5, 3):
            file(organization, services["heirs"], sofia(2025, 2, 1), sofia(2025, 2, 1 + days))
    (sector,) = figures(organization).sectors
    assert sector.services[0].median_days == 3.0


def test_other_organizations_files_are_not_counted(
    organization, other_organization, services, history
):
    theirs = make_service(other_organization, "GS-01", days=7)
    with scope(organization=other_organization):
        file(other_organization, theirs, sofia(2025, 3, 1), sofia(2025, 3, 30), reason="other")
    assert figures(organization).total.registered == 10
    with scope(organization=other_organization):
        theirs_figures = casefile_figures(organization=other_organization, now=NOW)
    assert theirs_figures.total.registered == 1


def test_the_csv_export_has_a_row_per_service_and_totals(organization, services, history):
    stream = io.StringIO(newline="")
    casefile_figures_csv(figures=figures(organization), stream=stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert len(rows) == 1 + 3 + 2 + 1  # header, services, sector totals, the total
    heirs = next(row for row in rows if row[1] == "GS-01")
    assert heirs[3:10] == ["5", "4", "3", "75.0", "5.0", "0", "0"]


def test_formulas_in_names_stay_text_in_the_csv(organization, sectors):
    service = make_service(organization, "X1", name_bg='=HYPERLINK("http://evil")')
    with scope(organization=organization):
        file(organization, service, sofia(2025, 3, 1), sofia(2025, 3, 2))
    stream = io.StringIO(newline="")
    casefile_figures_csv(figures=figures(organization), stream=stream)
    assert "'=HYPERLINK" in stream.getvalue()
    assert ",=HYPERLINK" not in stream.getvalue()
