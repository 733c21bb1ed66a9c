import numpy as np
import pytest
import statsmodels.api as sm

from civicpulse.analytics.statistics.attention import PlaceActivity, needs_attention
from civicpulse.analytics.statistics.estimates import Reason
from civicpulse.analytics.statistics.summaries import ScoreMoments
from civicpulse.analytics.statistics.trends import trend_slope

WEEKS = np.arange(8.0)
MEANS = np.array([7.9, 8.1, 7.6, 7.7, 7.3, 7.4, 7.0, 6.8])
COUNTS = np.array([40, 12, 35, 50, 8, 30, 44, 21])


def test_slope_hand_computed():
    # x = 0, 1, 2, 3 and y = 1, 3, 2, 5: Sxx = 5, Sxy = 5.5, slope 1.1, intercept 1.1;
    # residuals -0.1, 0.8, -1.3, 0.6, SSE = 2.7, se = √(SSE/(4 - 2) / Sxx) = √0.27.
    trend = trend_slope(times=[0, 1, 2, 3], values=[1, 3, 2, 5])
    assert trend.slope == pytest.approx(1.1)
    assert trend.se == pytest.approx(np.sqrt(0.27))
    t = 4.302653  # t(0.975, 2)
    assert (trend.low, trend.high) == pytest.approx((1.1 - t * 0.519615, 1.1 + t * 0.519615))
    assert trend.n_points == 4


def test_slope_matches_statsmodels_ols_and_wls():
    design = sm.add_constant(WEEKS)
    ols = sm.OLS(MEANS, design).fit()
    trend = trend_slope(times=WEEKS, values=MEANS, confidence=0.9)
    assert trend.slope == pytest.approx(ols.params[1])
    assert trend.se == pytest.approx(ols.bse[1])
    assert (trend.low, trend.high) == pytest.approx(tuple(ols.conf_int(alpha=0.1)[1]))
    wls = sm.WLS(MEANS, design, weights=COUNTS).fit()
    weighted = trend_slope(times=WEEKS, values=MEANS, weights=COUNTS)
    assert weighted.slope == pytest.approx(wls.params[1])
    assert (weighted.low, weighted.high) == pytest.approx(tuple(wls.conf_int()[1]))


@pytest.mark.parametrize(
    ("times", "values", "slope", "reason"),
    [
        ([], [], None, Reason.SINGLE_TIME),
        ([3], [7], None, Reason.SINGLE_TIME),
        ([3, 3, 3], [7, 8, 9], None, Reason.SINGLE_TIME),
        ([1, 2], [7, 8], 1.0, Reason.TOO_FEW_POINTS),
    ],
)
def test_slope_degenerate(times, values, slope, reason):
    trend = trend_slope(times=times, values=values)
    assert trend.too_few and trend.reason == reason
    assert trend.slope == (pytest.approx(slope) if slope is not None else None)


def test_a_perfect_line_has_a_zero_width_interval():
    trend = trend_slope(times=[0, 1, 2, 3], values=[8, 7.5, 7, 6.5])
    assert trend.slope == pytest.approx(-0.5) and trend.se == pytest.approx(0, abs=1e-12)


def _place(key, n, mean, slope, noise, rng):
    weeks = np.arange(8.0)
    means = mean - slope * 3.5 + slope * weeks + rng.normal(0, noise, weeks.size)
    return PlaceActivity(key, ScoreMoments(n, mean, 4.0), weeks, means, [n / 8] * 8)


def test_needs_attention_lists_the_worst_and_the_falling():
    rng = np.random.default_rng(3)
    places = [
        _place("steady", 400, 8.0, 0.0, 0.0, rng),
        _place("low", 400, 5.5, 0.0, 0.05, rng),
        _place("falling", 400, 7.5, -0.3, 0.05, rng),
        _place("tiny and awful", 5, 1.0, -1.0, 0.05, rng),
        _place("noisy", 400, 7.8, -0.1, 2.0, rng),
        *(_place(f"other {i}", 300, 7 + i / 5, 0.0, 0.0, rng) for i in range(6)),
    ]
    attention = needs_attention(places=places, limit=3)
    assert attention.lowest[0].key == "low"
    assert "tiny and awful" not in [item.key for item in attention.lowest]
    assert [item.key for item in attention.falling] == ["falling"]
    falling = attention.falling[0]
    assert falling.trend.slope == pytest.approx(-0.3, abs=0.05) and falling.trend.high < 0
    assert len(attention.lowest) == 3


def test_needs_attention_without_places_or_weeks():
    assert needs_attention(places=[]).lowest == ()
    only = [PlaceActivity("a", ScoreMoments(50, 7.0, 4.0))]
    attention = needs_attention(places=only)
    assert attention.lowest[0].trend is None and attention.falling == ()


def test_weeks_without_ratings_are_left_out():
    times = [*WEEKS, 8.0, 9.0]
    values = [*MEANS, np.nan, 1.0]
    weights = [*COUNTS, 0, 0]  # the NaN week and a week weighted 0
    gapped = trend_slope(times=times, values=values, weights=weights)
    assert gapped == trend_slope(times=WEEKS, values=MEANS, weights=COUNTS)
    assert trend_slope(times=[0, 1, 2], values=[np.nan] * 3).reason == Reason.SINGLE_TIME


def test_needs_attention_accepts_numpy_series():
    place = PlaceActivity(
        "a", ScoreMoments(50, 7.0, 4.0), WEEKS, MEANS, np.asarray(COUNTS, dtype=float)
    )
    assert needs_attention(places=[place], min_ratings=10).lowest[0].trend.slope < 0


def test_negative_weights_are_a_programming_error():
    with pytest.raises(ValueError, match="negative"):
        trend_slope(times=[0, 1, 2], values=[1, 2, 3], weights=[1, -1, 1])
