import numpy as np
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from civicpulse.analytics.statistics.comparisons import mean_difference, proportion_difference
from civicpulse.analytics.statistics.estimates import Reason
from civicpulse.analytics.statistics.summaries import ScoreMoments, score_moments

FIRST = [8, 9, 7, 10, 6, 9, 8, 8, 9, 10, 7]
SECOND = [5, 7, 6, 9, 3, 6, 8, 4]


def test_welch_matches_statsmodels():
    difference = mean_difference(
        first=score_moments(scores=FIRST), second=score_moments(scores=SECOND)
    )
    compare = CompareMeans(
        DescrStatsW(np.array(FIRST, float)), DescrStatsW(np.array(SECOND, float))
    )
    low, high = compare.tconfint_diff(alpha=0.05, usevar="unequal")
    _, p_value, _ = compare.ttest_ind(usevar="unequal")
    assert difference.value == pytest.approx(np.mean(FIRST) - np.mean(SECOND))
    assert difference.interval == pytest.approx((low, high))
    assert difference.p_value == pytest.approx(p_value)
    assert (difference.n_first, difference.n_second) == (11, 8)


def test_welch_hand_computed():
    # Means 6 and 3; variances 4 (n 3) and 1 (n 3): se² = 4/3 + 1/3 = 5/3,
    # df = (5/3)² / ((4/3)²/2 + (1/3)²/2) = 2.9412, t(0.975, 2.9412) = 3.2188.
    difference = mean_difference(first=ScoreMoments(3, 6.0, 4.0), second=ScoreMoments(3, 3.0, 1.0))
    half = 3.2188 * np.sqrt(5 / 3)
    assert difference.value == 3
    assert difference.interval == pytest.approx((3 - half, 3 + half), abs=1e-4)


def test_welch_from_histograms_equals_raw():
    first = score_moments(histogram=np.bincount(FIRST, minlength=11))
    assert mean_difference(first=first, second=score_moments(scores=SECOND)) == mean_difference(
        first=score_moments(scores=FIRST), second=score_moments(scores=SECOND)
    )


def test_welch_one_constant_group_still_works():
    difference = mean_difference(
        first=score_moments(scores=[10, 10, 10]), second=score_moments(scores=SECOND)
    )
    assert not difference.too_few


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ([], [1, 2], Reason.NO_DATA),
        ([1, 2], [], Reason.NO_DATA),
        ([5], [1, 2], Reason.ONE_VALUE),
        ([5, 5], [3, 3, 3], Reason.NO_VARIATION),
    ],
)
def test_welch_degenerate(first, second, reason):
    difference = mean_difference(
        first=score_moments(scores=first), second=score_moments(scores=second)
    )
    assert difference.too_few and difference.reason == reason and difference.p_value is None


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # Newcombe (1998), Statistics in Medicine 17: 873-890, table II, method 10.
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((6, 7, 2, 7), (0.0582, 0.8062)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
        ((0, 10, 0, 20), (-0.1611, 0.2775)),
        ((10, 10, 0, 20), (0.6791, 1.0000)),
    ],
)
def test_newcombe_against_the_published_table(counts, expected):
    s1, n1, s2, n2 = counts
    difference = proportion_difference(
        successes_first=s1, n_first=n1, successes_second=s2, n_second=n2
    )
    assert difference.value == pytest.approx(s1 / n1 - s2 / n2)
    assert difference.interval == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("counts", [(56, 70, 48, 80), (3, 4, 17, 40), (0, 5, 5, 5)])
def test_newcombe_matches_statsmodels(counts):
    s1, n1, s2, n2 = counts
    low, high = confint_proportions_2indep(s1, n1, s2, n2, method="newcomb", compare="diff")
    difference = proportion_difference(
        successes_first=s1, n_first=n1, successes_second=s2, n_second=n2
    )
    assert difference.interval == pytest.approx((low, high))


def test_proportion_difference_degenerate():
    difference = proportion_difference(successes_first=0, n_first=0, successes_second=3, n_second=4)
    assert difference.value is None and difference.reason == Reason.NO_DATA
    all_zero = proportion_difference(successes_first=0, n_first=5, successes_second=0, n_second=5)
    assert all_zero.value == 0 and not all_zero.too_few and all_zero.p_value is None
