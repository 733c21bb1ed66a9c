"""Before and after on constructed data: a step of known size is recovered by the
interrupted time series and by the difference-in-differences, within their intervals."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django_scopes import scope

from civicpulse.analytics.intervention_effects import (
    change_sentence,
    effect_window,
    intervention_effect,
    interventions_summary,
)
from civicpulse.analytics.models import Intervention
from civicpulse.analytics.reasons import reason_sentence
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.analytics.statistics.estimates import Effect, Reason
from civicpulse.core.models import Role
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.responses import bulk_record
from tests.factories import MembershipFactory, TouchpointFactory

MONDAY = date(2026, 3, 2)
TODAY = date(2026, 7, 1)
STEP = 2  # at the treated place
SEASON = 1  # everywhere, from the same week: DiD must take it out, ITS cannot


def rate_weeks(touchpoint, *, base, step, first, last, seed, per_week=6):
    """`per_week` ratings each week around `base` (+`step` from MONDAY), on Wednesdays."""
    rng = random.Random(seed)
    zone = ZoneInfo(touchpoint.organization.time_zone)
    rows = []
    week = first
    while week <= last:
        level = base + (step + SEASON if week >= MONDAY else 0)
        for hour in range(per_week):
            score = min(10, max(0, level + rng.choice([-1, 0, 0, 1])))
            at = datetime.combine(week + timedelta(days=2), time(8 + hour), tzinfo=zone)
            rows.append((at, score, {}))
        week += timedelta(days=7)
    bulk_record(touchpoint, rows)


@pytest.fixture
def town(sofia, places, elsewhere):
    treated, comparison = places
    third = TouchpointFactory(organization=sofia, category=treated.category)
    other_category = elsewhere
    first, last = MONDAY - timedelta(weeks=12), MONDAY + timedelta(weeks=11)
    rate_weeks(treated, base=5, step=STEP, first=first, last=last, seed=1)
    rate_weeks(comparison, base=6, step=0, first=first, last=last, seed=2)
    rate_weeks(third, base=4, step=0, first=first, last=last, seed=3)
    rate_weeks(other_category, base=7, step=0, first=first, last=last, seed=4)
    rollups_catch_up()
    with scope(organization=sofia):
        intervention = Intervention.objects.create(
            organization=sofia, touchpoint=treated, title="Repair", started_on=MONDAY
        )
    return {
        "treated": treated,
        "comparison": comparison,
        "third": third,
        "other_category": other_category,
        "intervention": intervention,
    }


@pytest.fixture
def leader(sofia):
    return MembershipFactory(organization=sofia, role=Role.LEADER)


def test_a_step_is_recovered_by_its_and_by_did(sofia, town, leader):
    with scope(organization=sofia):
        effect = intervention_effect(town["intervention"], membership=leader, today=TODAY)
    level = effect.its.level_change
    assert level.low <= STEP + SEASON <= level.high
    assert abs(level.estimate - (STEP + SEASON)) < 0.5
    assert level.p_value < 0.001
    slope = effect.its.slope_change
    assert slope.low <= 0 <= slope.high
    did = effect.did.effect
    assert did.low <= STEP <= did.high
    assert abs(did.estimate - STEP) < 0.4
    assert (effect.its.n_before, effect.its.n_after) == (12, 12)
    assert {p.name for p in effect.comparisons} == {town["comparison"].name, town["third"].name}
    assert effect.before.scored == effect.after.scored == 72


def test_places_with_their_own_intervention_are_no_comparison(sofia, town, leader):
    with scope(organization=sofia):
        Intervention.objects.create(
            organization=sofia,
            area=town["third"].area,
            title="New benches",
            started_on=MONDAY + timedelta(weeks=3),
        )
        effect = intervention_effect(town["intervention"], membership=leader, today=TODAY)
    assert [p.name for p in effect.comparisons] == [town["comparison"].name]


def test_a_head_compares_only_within_their_scope(sofia, town):
    head = MembershipFactory(organization=sofia, role=Role.DEPARTMENT_HEAD)
    with scope(organization=sofia):
        head.areas.set([town["treated"].area])
        effect = intervention_effect(town["intervention"], membership=head, today=TODAY)
    assert [p.name for p in effect.treated] == [town["treated"].name]
    assert effect.comparisons == []
    assert effect.did.too_few and effect.did.reason == Reason.NO_COMPARISON_UNITS


def test_too_few_weeks_after_gives_a_reason(sofia, town, leader):
    with scope(organization=sofia):
        effect = intervention_effect(
            town["intervention"], membership=leader, today=MONDAY + timedelta(days=12)
        )
    assert effect.its.too_few and effect.its.reason == Reason.TOO_FEW_AFTER
    assert effect.its.level_change is None
    with translation.override("en"):
        assert "after the date" in reason_sentence(effect.its.reason)


def test_a_mid_week_date_leaves_its_week_out():
    window = effect_window(date(2026, 3, 4), weeks=4, today=TODAY)
    assert window.start == date(2026, 2, 2) and window.end == date(2026, 4, 5)
    assert window.transition == MONDAY and window.first_after == date(2026, 3, 9)
    assert window.side(MONDAY) is None and window.side(date(2026, 2, 23)) is False


def test_the_window_stops_today():
    window = effect_window(MONDAY, weeks=12, today=date(2026, 3, 20))
    assert window.end == date(2026, 3, 20)


def test_the_summary_matches_the_single_page(sofia, town, leader, django_assert_max_num_queries):
    with scope(organization=sofia):
        single = intervention_effect(town["intervention"], membership=leader, today=TODAY)
        for offset in range(5):
            Intervention.objects.create(
                organization=sofia,
                touchpoint=town["other_category"],
                title=f"Change {offset}",
                started_on=MONDAY + timedelta(weeks=offset),
            )
        listed = list(Intervention.objects.all())
        with django_assert_max_num_queries(6):
            rows = interventions_summary(listed, membership=leader, today=TODAY)
    row = next(r for r in rows if r.intervention == town["intervention"])
    assert row.its.level_change == single.its.level_change
    assert row.places == 1 and len(rows) == 6


@pytest.mark.parametrize(
    ("effect", "what", "expected"),
    [
        (Effect(1.2, 0.3, 0.6, 1.8, 0.0004), "level", "The level rose by 1.2 points (95 % CI 0.6"),
        (Effect(-0.5, 0.4, -1.3, 0.3, 0.2), "level", "chance alone could explain it"),
        (Effect(-0.05, 0.01, -0.07, -0.03, 0.01), "trend", "turned downward by 0.05 points a week"),
        (Effect(2.0, 0.2, 1.6, 2.4, 0.0), "difference", "comparison places, the mean rose by 2.0"),
    ],
)
def test_effects_are_told_in_words(effect, what, expected):
    with translation.override("en"):
        assert expected in change_sentence(effect, what=what)


def test_an_employee_is_measured_only_when_rated_enough_and_allowed(sofia, places):
    employee = TouchpointFactory(
        organization=sofia, kind=TouchpointKind.EMPLOYEE, category=places[0].category,
        place=places[0],
    )  # fmt: skip
    first = MONDAY - timedelta(weeks=12)
    rate_weeks(employee, base=5, step=1, first=first, last=first, seed=5, per_week=3)
    rollups_catch_up()
    with scope(organization=sofia):
        intervention = Intervention.objects.create(
            organization=sofia, touchpoint=employee, title="Training", started_on=MONDAY
        )
        leader = MembershipFactory(organization=sofia, role=Role.LEADER)
        viewer = MembershipFactory(organization=sofia, role=Role.VIEWER)
        few = intervention_effect(intervention, membership=leader, today=TODAY)
        assert few.treated == [] and few.left_out == 1 and few.series == []
        rate_weeks(employee, base=5, step=1, first=MONDAY, last=MONDAY, seed=6, per_week=3)
        rollups_catch_up()
        enough = intervention_effect(intervention, membership=leader, today=TODAY)
        assert [p.id for p in enough.treated] == [employee.pk]
        assert enough.comparisons == []  # places are no comparison for an employee
        hidden = intervention_effect(intervention, membership=viewer, today=TODAY)
        assert hidden.treated == [] and hidden.series == []
