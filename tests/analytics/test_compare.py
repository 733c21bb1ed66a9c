"""Comparisons of areas, categories and periods, checked against scipy and statsmodels."""

from datetime import date

import numpy as np
import pytest
from django.utils import translation
from django_scopes import scope
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

from civicpulse.analytics.compare import (
    compare_areas,
    compare_categories,
    compare_periods,
    difference_words,
    year_before,
)
from civicpulse.analytics.dimensions import mean_changes
from civicpulse.analytics.statistics.comparisons import Difference, mean_difference
from civicpulse.analytics.statistics.summaries import ScoreMoments, score_moments
from civicpulse.core.models import Role
from tests.analytics.figures import NORTH, SOUTH, SOUTH_OTHER_CATEGORY, choice_for


def welch(first, second):
    result = stats.ttest_ind(first, second, equal_var=False)
    return result.pvalue, result.confidence_interval(0.95)


def test_areas_differ_as_welchs_t_test_says(sofia, town):
    choice = choice_for(sofia)
    with scope(organization=sofia):
        comparison = compare_areas(choice, [town["north"], town["south"]])
    north, south = comparison.sides
    assert (north.label, south.label) == ("Север", "Юг")
    assert north.sums.scored == len(NORTH) + 2
    assert south.sums.scored == len(SOUTH) + len(SOUTH_OTHER_CATEGORY)
    (contrast,) = comparison.contrasts
    south_scores = SOUTH + SOUTH_OTHER_CATEGORY
    north_scores = [*NORTH, 0, 1]
    p_value, interval = welch(south_scores, north_scores)
    assert contrast.mean.value == pytest.approx(np.mean(south_scores) - np.mean(north_scores))
    assert contrast.mean.p_value == pytest.approx(p_value)
    assert (contrast.mean.low, contrast.mean.high) == pytest.approx((interval.low, interval.high))


def test_satisfied_shares_differ_by_newcombes_interval(sofia, town):
    choice = choice_for(sofia)
    with scope(organization=sofia):
        (contrast,) = compare_areas(choice, [town["north"], town["south"]]).contrasts
    south_scores = SOUTH + SOUTH_OTHER_CATEGORY
    north_scores = [*NORTH, 0, 1]
    happy_south = sum(score >= 7 for score in south_scores)
    happy_north = sum(score >= 7 for score in north_scores)
    low, high = confint_proportions_2indep(
        happy_south, len(south_scores), happy_north, len(north_scores), method="newcomb"
    )
    assert contrast.satisfied.value == pytest.approx(
        happy_south / len(south_scores) - happy_north / len(north_scores)
    )
    assert (contrast.satisfied.low, contrast.satisfied.high) == pytest.approx((low, high))


def test_the_parent_area_holds_both_and_the_category_filter_still_applies(sofia, town):
    choice = choice_for(sofia, category=town["parks"])
    with scope(organization=sofia):
        comparison = compare_areas(choice, [town["region"], town["south"]])
    region, south = comparison.sides
    assert region.sums.scored == len(NORTH) + 2 + len(SOUTH)
    assert south.sums.scored == len(SOUTH)  # the school is in another category


def test_categories_against_each_other_within_the_chosen_area(sofia, town):
    choice = choice_for(sofia, area=town["south"], category=town["parks"])
    with scope(organization=sofia):
        comparison = compare_categories(choice, [town["parks"], town["schools"]])
    parks, schools = comparison.sides
    assert parks.sums.scored == len(SOUTH)  # the chosen area, not the northern park
    assert schools.sums.scored == len(SOUTH_OTHER_CATEGORY)
    p_value, _interval = welch(SOUTH_OTHER_CATEGORY, SOUTH)
    assert comparison.contrasts[0].mean.p_value == pytest.approx(p_value)


def test_this_period_against_the_previous_one(sofia, town):
    choice = choice_for(sofia, area=town["north"])
    with scope(organization=sofia):
        previous = choice.selection().previous()
        comparison = compare_periods(choice, previous.start, previous.end)
    now, before = comparison.sides
    assert (before.start, before.end) == (date(2026, 2, 2), date(2026, 3, 1))
    assert now.sums.scored == len(NORTH) + 2
    assert before.sums.scored == 1
    assert comparison.contrasts[0].mean.value == pytest.approx(4 - np.mean([*NORTH, 0, 1]))
    assert comparison.contrasts[0].mean.low is None  # one rating: no interval


def test_a_period_with_no_ratings_says_so(sofia, town):
    choice = choice_for(sofia)
    with scope(organization=sofia):
        comparison = compare_periods(choice, date(2025, 1, 1), date(2025, 1, 31))
    assert comparison.contrasts[0].mean.value is None
    with translation.override("en"):
        assert difference_words(comparison.contrasts[0].mean) == "No ratings on one side."


def test_a_head_compares_only_their_places(sofia, town):
    head = choice_for(sofia, role=Role.DEPARTMENT_HEAD)
    with scope(organization=sofia):
        head.membership.areas.set([town["north"]])
        comparison = compare_areas(head, [town["north"], town["region"]])
    north, region = comparison.sides
    assert region.sums.scored == north.sums.scored == len(NORTH) + 2


@pytest.mark.parametrize(
    ("difference", "words"),
    [
        (
            Difference(-0.6, -1.0, -0.2, 50, 60, 0.004),
            "Lower by 0.6, 95% CI 0.2 to 1.0 (p = 0.004).",
        ),
        (
            Difference(1.26, 0.5, 2.0, 50, 60, 0.0001),
            "Higher by 1.3, 95% CI 0.5 to 2.0 (p < 0.001).",
        ),
        (Difference(0.2, -0.1, 0.5, 50, 60, 0.21), "The difference is within chance (p = 0.210)."),
        (Difference(0.2, None, None, 1, 60), "Too few ratings to tell."),
    ],
)
def test_differences_in_words(difference, words):
    with translation.override("en"):
        assert difference_words(difference) == words


def test_shares_in_words_are_percentage_points():
    with translation.override("en"):
        words = difference_words(
            Difference(-0.12, -0.2, -0.04, 90, 80, 0.01), scale=100, decimals=0
        )
    assert words == "Lower by 12, 95% CI 4 to 20 (p = 0.010)."


def test_a_year_before_a_leap_day_is_the_28th():
    assert year_before(date(2028, 2, 29)) == date(2027, 2, 28)
    assert year_before(date(2026, 3, 2)) == date(2025, 3, 2)


def test_many_changes_at_once_equal_welchs_one_by_one():
    rng = np.random.default_rng(5)
    pairs = [
        (
            score_moments(scores=rng.integers(0, 11, size=rng.integers(2, 80))),
            score_moments(scores=rng.integers(0, 11, size=rng.integers(2, 80))),
        )
        for _ in range(40)
    ]
    pairs += [
        (ScoreMoments(0, None, None), score_moments(scores=[3, 4])),
        (score_moments(scores=[5]), score_moments(scores=[3, 4])),
        (score_moments(scores=[5, 5]), score_moments(scores=[4, 4])),
    ]
    assert mean_changes(pairs) == [
        mean_difference(first=first, second=second) for first, second in pairs
    ]
