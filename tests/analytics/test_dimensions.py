"""A period's breakdown by one dimension, each row with its change from the period before."""

from datetime import date

import numpy as np
import pytest
from django_scopes import scope
from scipy import stats

from civicpulse.analytics.dimensions import Dimension, breakdown
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.analytics.sums import Source
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.figures import NORTH, SOUTH, SOUTH_OTHER_CATEGORY, choice_for, rate
from tests.factories import TouchpointFactory, make_questionnaire


def read(sofia, by, **filters):
    with scope(organization=sofia):
        return breakdown(choice_for(sofia, **filters), by)


def test_areas_one_level_down_with_the_change_against_the_period_before(sofia, town):
    found = read(sofia, Dimension.AREA, area=town["region"])
    rows = {item.row.label: item for item in found.rows}
    assert set(rows) == {"Север", "Юг"}
    north = rows["Север"]
    assert north.row.sums.scored == len(NORTH) + 2
    assert north.previous.scored == 1
    assert north.change.value == pytest.approx(np.mean([*NORTH, 0, 1]) - 4)
    assert north.change.low is None  # one rating before: no interval
    south = rows["Юг"]
    assert south.previous.responses == 0 and south.change.value is None
    assert north.row.drill == {"area": town["north"].pk}
    assert (found.previous_start, found.previous_end) == (date(2026, 2, 2), date(2026, 3, 1))


def test_a_change_with_both_periods_rated_matches_welchs_t_test(sofia, town):
    park = TouchpointFactory(organization=sofia, area=town["north"], category=town["parks"])
    now, before = [8, 9, 7, 9, 10, 8, 6], [6, 7, 5, 8, 6, 4]
    rate(park, now)
    rate(park, before, day=date(2026, 2, 10), spread_days=10)
    rollups_catch_up()
    found = read(sofia, Dimension.TOUCHPOINT)
    (row,) = [item for item in found.rows if item.row.key == park.pk]
    result = stats.ttest_ind(now, before, equal_var=False)
    interval = result.confidence_interval(0.95)
    assert row.change.value == pytest.approx(np.mean(now) - np.mean(before))
    assert row.change.p_value == pytest.approx(result.pvalue)
    assert (row.change.low, row.change.high) == pytest.approx((interval.low, interval.high))


def test_by_category_channel_and_language_add_up_to_the_total(sofia, town):
    for by in (Dimension.CATEGORY, Dimension.CHANNEL, Dimension.LANGUAGE, Dimension.TOUCHPOINT):
        found = read(sofia, by)
        assert sum(item.row.sums.scored for item in found.rows) == found.total.scored
    assert found.total.scored == len(NORTH) + 2 + len(SOUTH) + len(SOUTH_OTHER_CATEGORY)


def test_places_leave_employees_out(sofia, town):
    make_questionnaire(organization=sofia, category=town["parks"], for_employees=True)
    employee = TouchpointFactory(
        organization=sofia, category=town["parks"], kind=TouchpointKind.EMPLOYEE
    )
    rate(employee, [5] * 10)
    rollups_catch_up()
    found = read(sofia, Dimension.TOUCHPOINT)
    assert employee.pk not in {item.row.key for item in found.rows}


def test_rollups_equal_raw_rows(sofia, town):
    with scope(organization=sofia):
        choice = choice_for(sofia)
        for by in Dimension:
            rolled = breakdown(choice, by)
            raw = breakdown(choice, by, source=Source.RAW)
            assert [(i.row.key, i.row.sums, i.change) for i in rolled.rows] == [
                (i.row.key, i.row.sums, i.change) for i in raw.rows
            ]
