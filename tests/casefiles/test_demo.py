"""The demo's case files look like a real year: volumes, sectors' timeliness, reasons."""

import random

import pytest
from django_scopes import scope

from civicpulse.casefiles.demo import casefiles_demo
from civicpulse.casefiles.figures import casefile_figures
from civicpulse.casefiles.lookup import casefile_lookup
from civicpulse.casefiles.models import CaseFile, CaseFileEvent
from tests.casefiles.fixtures import sofia

pytestmark = pytest.mark.django_db
NOW = sofia(2026, 6, 15, 12)


@pytest.fixture
def demo(organization):
    return casefiles_demo(organization, random.Random(7), NOW, files_per_year=3000)


def test_a_year_of_files_with_realistic_timeliness(organization, demo):
    assert demo["services"] == 14
    assert 2500 < demo["files"] < 3600
    with scope(organization=organization):
        figures = casefile_figures(organization=organization, now=NOW)
        by_sector = {s.total.sector.name_en: s.total for s in figures.sectors}
        sequences = sorted(CaseFile.objects.filter(year=2026).values_list("sequence", flat=True))
        histories = {}
        for file_id, at in CaseFileEvent.objects.order_by("pk").values_list("case_file", "at"):
            histories.setdefault(file_id, []).append(at)
    civil = by_sector["Civil status"]
    building = by_sector["Spatial planning and construction"]
    assert civil.on_time_share > 0.95
    assert 0.3 < building.on_time_share < 0.55  # about 60 % late
    assert civil.registered > building.registered
    assert building.reasons.most_common(1)[0][0] == "missing_documents"
    assert figures.total.open_now > 0 and figures.total.overdue_now > 0
    assert sequences == list(range(1, len(sequences) + 1))  # gap-free
    assert all(history == sorted(history) for history in histories.values())


def test_the_samples_open_the_citizens_page(organization, demo):
    number, code = demo["samples"][0]
    with scope(organization=organization):
        found = casefile_lookup(
            organization=organization, number=number, code=code, fingerprint="x"
        )
    assert found is not None and found.number == number


def test_running_it_again_adds_a_year_without_clashing(organization, demo):
    again = casefiles_demo(organization, random.Random(8), NOW, files_per_year=200)
    assert again["services"] == 14
    with scope(organization=organization):
        assert CaseFile.objects.count() == demo["files"] + again["files"]
