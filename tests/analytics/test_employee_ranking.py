"""Employees ranked by shrunk means, only those rated at least the organisation's threshold."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scope

from civicpulse.analytics.employee_ranking import employee_ranking
from civicpulse.analytics.filters import DashboardFilterForm
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.analytics.statistics.rankings import shrunk_means
from civicpulse.analytics.statistics.summaries import score_moments
from civicpulse.core.models import Role
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.responses import bulk_record
from tests.factories import MembershipFactory, TouchpointFactory

TODAY = date(2026, 6, 30)
SCORES = {
    "Ana": [9, 10, 9, 8, 10, 9],
    "Boris": [4, 5, 6, 5, 3, 5, 6],
    "Vera": [10, 10],  # fewer than the threshold (5): never named
}
PREVIOUS = {"Ana": [6, 7, 6, 7, 6], "Boris": [5, 5]}  # Boris was hidden then


def rate(employee, scores, day):
    zone = ZoneInfo(employee.organization.time_zone)
    start = datetime.combine(day, time(9), tzinfo=zone)
    bulk_record(employee, [(start + timedelta(minutes=i), s, {}) for i, s in enumerate(scores)])


@pytest.fixture
def staff(sofia, places):
    place = places[0]
    people = {
        name: TouchpointFactory(
            organization=sofia,
            kind=TouchpointKind.EMPLOYEE,
            category=place.category,
            place=place,
            area=place.area,
            name_bg=name,
            name_en=name,
        )
        for name in SCORES
    }
    for name, scores in SCORES.items():
        rate(people[name], scores, TODAY - timedelta(days=3))
    for name, scores in PREVIOUS.items():
        rate(people[name], scores, TODAY - timedelta(days=40))
    rollups_catch_up()
    return people


def ranking(membership):
    with scope(organization=membership.organization):
        form = DashboardFilterForm({"period": "30d"}, membership=membership, today=TODAY)
        return employee_ranking(form.choice())


def test_only_employees_above_the_threshold_are_ranked(sofia, staff):
    figures = ranking(MembershipFactory(organization=sofia, role=Role.LEADER))
    assert [item.row.label for item in figures.ranked] == ["Ana", "Boris"]
    assert figures.too_few_ratings == 1
    expected = shrunk_means(places=[score_moments(scores=SCORES[n]) for n in ("Ana", "Boris")])
    assert [item.shrunk.value for item in figures.ranked] == pytest.approx(
        [place.value for place in expected.places]
    )
    ana, boris = figures.ranked
    assert ana.sums.mean_value == pytest.approx(sum(SCORES["Ana"]) / 6)
    assert ana.change.value == pytest.approx(sum(SCORES["Ana"]) / 6 - 6.4)
    assert boris.previous is None and boris.change is None


def test_a_head_ranks_only_employees_in_scope(sofia, staff, elsewhere):
    head = MembershipFactory(organization=sofia, role=Role.DEPARTMENT_HEAD)
    with scope(organization=sofia):
        head.categories.set([elsewhere.category])
    figures = ranking(head)
    assert figures.ranked == [] and figures.too_few_ratings == 0
