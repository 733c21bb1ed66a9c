import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from civicpulse.analytics.statistics.estimates import Reason
from civicpulse.analytics.statistics.summaries import (
    net_promoter_score,
    score_histogram,
    score_mean,
    score_moments,
    share_satisfied,
    wilson_interval,
)

SCORES = [0, 3, 5, 6, 7, 7, 8, 9, 9, 10, 10, 10, 4, 8]


def test_histogram_and_raw_paths_agree():
    histogram = score_histogram(scores=SCORES)
    assert histogram.tolist() == [1, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3]
    for function in (score_mean, share_satisfied, net_promoter_score):
        assert function(scores=SCORES) == function(histogram=histogram)


def test_mean_hand_computed():
    # Scores 4, 6, 8: mean 6, s = 2, t(0.975, 2) = 4.302653, half = 4.302653 · 2/√3.
    estimate = score_mean(scores=[4, 6, 8])
    assert estimate.value == 6
    assert estimate.low == pytest.approx(6 - 4.968275, abs=1e-6)
    assert estimate.high == pytest.approx(6 + 4.968275, abs=1e-6)
    assert estimate.n == 3 and not estimate.too_few


def test_mean_matches_scipy():
    estimate = score_mean(scores=SCORES)
    low, high = stats.t.interval(0.9, len(SCORES) - 1, loc=np.mean(SCORES), scale=stats.sem(SCORES))
    assert score_mean(scores=SCORES, confidence=0.9).interval == pytest.approx((low, high))
    assert estimate.value == pytest.approx(np.mean(SCORES))


def test_moments_from_a_large_histogram_keep_precision():
    histogram = [10**7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10**7]
    moments = score_moments(histogram=histogram)
    assert moments.mean == 5
    assert moments.variance == pytest.approx(25 * 2 * 10**7 / (2 * 10**7 - 1))


@pytest.mark.parametrize(
    ("scores", "reason"),
    [([], Reason.NO_DATA), ([7], Reason.ONE_VALUE), ([8, 8, 8], Reason.NO_VARIATION)],
)
def test_mean_degenerate(scores, reason):
    estimate = score_mean(scores=scores)
    assert estimate.too_few and estimate.reason == reason
    assert estimate.interval is None
    assert estimate.value == (scores[0] if scores else None)


@pytest.mark.parametrize(("successes", "n"), [(0, 1), (1, 1), (3, 3), (0, 10), (7, 10), (81, 263)])
def test_wilson_matches_statsmodels(successes, n):
    estimate = wilson_interval(successes=successes, n=n)
    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert estimate.value == successes / n
    assert (estimate.low, estimate.high) == pytest.approx((low, high), abs=1e-12)


def test_wilson_hand_computed():
    # Newcombe (1998) example: 81/263, 95 % Wilson interval 0.2553 to 0.3662.
    estimate = wilson_interval(successes=81, n=263)
    assert estimate.low == pytest.approx(0.2553, abs=5e-5)
    assert estimate.high == pytest.approx(0.3662, abs=5e-5)


def test_wilson_without_data():
    estimate = wilson_interval(successes=0, n=0)
    assert estimate.value is None and estimate.too_few and estimate.reason == Reason.NO_DATA


def test_share_satisfied_threshold():
    assert share_satisfied(scores=SCORES).value == 9 / 14
    assert share_satisfied(scores=SCORES, threshold=9).value == 5 / 14
    low, high = proportion_confint(9, 14, method="wilson")
    assert share_satisfied(scores=SCORES).interval == pytest.approx((low, high))


def test_nps_hand_computed():
    # 5 promoters, 3 passives, 2 detractors of 10: NPS 30.
    # Var = (0.5 + 0.2 - 0.3²)/10 = 0.061; half = 1.959964 · √0.061 = 0.484074.
    histogram = [1, 0, 0, 0, 0, 0, 1, 2, 1, 2, 3]
    estimate = net_promoter_score(histogram=histogram)
    assert estimate.value == pytest.approx(30)
    assert estimate.low == pytest.approx(30 - 48.4074, abs=1e-3)
    assert estimate.high == pytest.approx(30 + 48.4074, abs=1e-3)


def test_nps_variance_matches_multinomial_simulation():
    # The delta-method variance equals the variance of the per-response score +1/0/-1.
    rng = np.random.default_rng(5)
    scores = rng.integers(0, 11, size=400)
    per_response = np.where(scores >= 9, 1, np.where(scores <= 6, -1, 0))
    estimate = net_promoter_score(scores=scores)
    se = per_response.std(ddof=0) / np.sqrt(per_response.size)
    assert estimate.value == pytest.approx(100 * per_response.mean())
    assert (estimate.high - estimate.low) / 2 == pytest.approx(100 * 1.959964 * se, rel=1e-6)


def test_nps_is_clipped_to_its_range():
    estimate = net_promoter_score(scores=[10, 10, 10, 10, 8])
    assert estimate.value == 80 and estimate.high == 100


@pytest.mark.parametrize(
    ("scores", "value", "reason"),
    [
        ([], None, Reason.NO_DATA),
        ([10], 100, Reason.ONE_VALUE),
        ([10, 9, 10], 100, Reason.NO_VARIATION),
        ([7, 8, 8], 0, Reason.NO_VARIATION),
        ([0, 0], -100, Reason.NO_VARIATION),
    ],
)
def test_nps_degenerate(scores, value, reason):
    estimate = net_promoter_score(scores=scores)
    assert estimate.value == value and estimate.reason == reason and estimate.interval is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"histogram": [1, 2, 3]},
        {"histogram": [-1] + [0] * 10},
        {"histogram": [0.5] + [0] * 10},
        {"scores": [11]},
        {"scores": [-1]},
        {"scores": [7.5]},
        {},
        {"scores": [1], "histogram": [0] * 11},
    ],
)
def test_malformed_input_is_a_programming_error(kwargs):
    with pytest.raises(ValueError):  # noqa: PT011 - several messages, one contract
        score_histogram(**kwargs)


def test_bad_confidence():
    with pytest.raises(ValueError, match="confidence"):
        score_mean(scores=[1, 2], confidence=95)
