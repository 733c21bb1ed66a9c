"""The rankings page's figures on constructed places: order, too-few list, funnel verdicts."""

from datetime import date
from math import sqrt

import numpy as np
import pytest
from django_scopes import scope
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from civicpulse.analytics.ranking import Order, rankings
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.figures import choice_for, rate
from tests.analytics.responses import rated_definition
from tests.factories import TouchpointFactory, make_questionnaire

SCORES = {
    "good": [9] * 30 + [8] * 6 + [10] * 4,  # 8.95, n = 40
    "bad": [3] * 20 + [5] * 20,  # 4.0, n = 40
    "middle": [7] * 15 + [8] * 15,  # 7.5, n = 30
    "perfect": [10] * 11 + [9],  # n = 12, just ranked
    "tiny": [10, 10, 10],  # too few to rank
}
TODAY = date(2026, 3, 30)  # the last full week is 23-29 March


@pytest.fixture
def rated(sofia):
    category = TouchpointFactory(organization=sofia).category
    make_questionnaire(organization=sofia, category=category, definition=rated_definition())
    make_questionnaire(
        organization=sofia, category=category, definition=rated_definition(), for_employees=True
    )
    made = {}
    for name, scores in SCORES.items():
        made[name] = TouchpointFactory(organization=sofia, category=category, name_bg=name)
        rate(made[name], scores)
    employee = TouchpointFactory(
        organization=sofia, category=category, kind=TouchpointKind.EMPLOYEE, name_bg="worker"
    )
    rate(employee, [0] * 40)  # worst of all, but employees are ranked elsewhere
    rollups_catch_up()
    return made


def read(sofia, **options):
    with scope(organization=sofia):
        return rankings(choice_for(sofia), today=TODAY, **options)


def expected_shrinkage():
    """Method-of-moments empirical Bayes, written out from the textbook formulas."""
    groups = [np.array(scores, dtype=float) for scores in SCORES.values()]
    sizes = np.array([len(group) for group in groups])
    means = np.array([group.mean() for group in groups])
    total = sizes.sum()
    overall = (sizes * means).sum() / total
    within = sum(((group - group.mean()) ** 2).sum() for group in groups) / (total - len(groups))
    between_square = (sizes * (means - overall) ** 2).sum() / (len(groups) - 1)
    n0 = (total - (sizes**2).sum() / total) / (len(groups) - 1)
    tau = max(0.0, (between_square - within) / n0)
    k = within / tau
    shrunk = overall + sizes / (sizes + k) * (means - overall)
    return dict(zip(SCORES, shrunk, strict=True)), overall, within


def test_places_are_ranked_by_shrunk_mean_and_the_few_listed_apart(sofia, rated):
    found = read(sofia)
    shrunk, _overall, _within = expected_shrinkage()
    expected = sorted((name for name in SCORES if name != "tiny"), key=lambda name: -shrunk[name])
    assert [place.row.label for place in found.ranked] == expected
    assert [place.row.label for place in found.too_few] == ["tiny"]
    for place in found.places:
        assert place.shrunk.value == pytest.approx(shrunk[place.row.label])
        assert place.shrunk.raw_mean == pytest.approx(np.mean(SCORES[place.row.label]))
        assert place.n == len(SCORES[place.row.label])
    assert "worker" not in [place.row.label for place in found.places]


def test_the_second_order_is_the_wilson_lower_bound_of_the_share_satisfied(sofia, rated):
    found = read(sofia, order=Order.WILSON)
    bounds = {
        name: proportion_confint(sum(s >= 7 for s in scores), len(scores), method="wilson")[0]
        for name, scores in SCORES.items()
    }
    ranked = [name for name in SCORES if name != "tiny"]
    expected = sorted(ranked, key=lambda name: (-bounds[name], -len(SCORES[name]), name))
    assert [place.row.label for place in found.ranked] == expected
    for place in found.places:
        assert place.wilson_low == pytest.approx(bounds[place.row.label])


def test_the_funnel_names_the_places_outside_its_limits(sofia, rated):
    found = read(sofia)
    _shrunk, overall, within = expected_shrinkage()
    assert found.funnel_sd == pytest.approx(sqrt(within))
    inner, outer = stats.norm.ppf(0.975), stats.norm.ppf(0.999)

    def verdict(scores):
        mean, spread = np.mean(scores), sqrt(within / len(scores))
        if mean < overall - outer * spread:
            return "below"
        if mean > overall + outer * spread:
            return "above"
        if mean < overall - inner * spread:
            return "low"
        return "high" if mean > overall + inner * spread else "within"

    outside = found.outside()
    for position in ("below", "low", "high", "above"):
        expected = sorted(
            (name for name, scores in SCORES.items() if verdict(scores) == position),
            key=lambda name: np.mean(SCORES[name]),
        )
        assert [place.row.label for place in outside[position]] == expected
    assert [place.row.label for place in outside["below"]] == ["bad"]


def test_needs_attention_lists_places_only_up_to_the_limit(sofia, rated):
    found = read(sofia, attention_limit=2)
    lowest = [found.trends.places[item.key].label for item in found.trends.attention.lowest]
    assert lowest == ["bad", "middle"]  # 30 ratings at least; the employee is not there
    more = read(sofia, attention_limit=10)
    labels = {found.trends.places[item.key].label for item in more.trends.attention.lowest}
    assert labels == {"bad", "middle", "good"}


def test_no_ratings_rank_nothing(sofia, rated):
    with scope(organization=sofia):
        found = rankings(
            choice_for(sofia, start=date(2025, 1, 1), end=date(2025, 1, 31)), today=TODAY
        )
    assert found.ranked == found.too_few == []
    assert found.funnel_sd is None
