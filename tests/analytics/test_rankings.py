import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from civicpulse.analytics.statistics.estimates import Reason
from civicpulse.analytics.statistics.rankings import (
    funnel_limits_mean,
    funnel_limits_share,
    shrunk_means,
    wilson_lower_bound,
)
from civicpulse.analytics.statistics.summaries import ScoreMoments, score_moments

PLACES = {"A": [8, 9, 10], "B": [4, 6], "C": [6, 7, 8, 7]}


def test_shrinkage_hand_computed():
    # N = 9, overall mean 65/9, MSW = (2·1 + 1·2 + 3·2/3)/6 = 1, MSB = 792/81,
    # n0 = (9 - 29/9)/2 = 26/9, τ² = (792/81 - 1)/(26/9) = 711/234, k = 234/711.
    result = shrunk_means(places=[score_moments(scores=s) for s in PLACES.values()])
    assert result.overall_mean == pytest.approx(65 / 9)
    assert result.within_variance == pytest.approx(1)
    assert result.between_variance == pytest.approx(711 / 234)
    assert result.k == pytest.approx(234 / 711)
    a = result.places[0]
    assert a.weight == pytest.approx(3 / (3 + 234 / 711))
    assert a.value == pytest.approx(65 / 9 + a.weight * 16 / 9)
    half = 1.959964 * math.sqrt(a.weight * 1 / 3)
    assert (a.low, a.high) == pytest.approx((a.value - half, a.value + half), abs=1e-5)
    # The moments match the one-way ANOVA F statistic: MSB / MSW.
    f = stats.f_oneway(*PLACES.values()).statistic
    assert result.between_variance * 26 / 9 + result.within_variance == pytest.approx(f)


def test_shrinkage_matches_reml_for_balanced_places():
    # For balanced one-way data the ANOVA estimator equals REML (when positive).
    rng = np.random.default_rng(1)
    truth = rng.normal(7, 1, size=6)
    rows = [(place, float(s)) for place, mu in enumerate(truth) for s in rng.normal(mu, 2, 12)]
    frame = pd.DataFrame(rows, columns=["place", "score"])
    model = smf.mixedlm("score ~ 1", frame, groups=frame["place"]).fit(reml=True)
    samples = [np.array([s for p, s in rows if p == place]) for place in range(6)]
    places = [ScoreMoments(len(s), float(s.mean()), float(s.var(ddof=1))) for s in samples]
    result = shrunk_means(places=places)
    assert result.within_variance == pytest.approx(model.scale, rel=1e-4)
    assert result.between_variance == pytest.approx(float(model.cov_re.iloc[0, 0]), rel=1e-3)
    predicted = model.fe_params["Intercept"] + np.array(
        [model.random_effects[p].iloc[0] for p in range(6)]
    )
    assert [p.value for p in result.places] == pytest.approx(predicted.tolist(), rel=1e-4)


def test_small_place_is_pulled_harder_than_a_big_one():
    # Places differ a little (means 7 to 8), ratings a lot (sd 2): k is large.
    others = [ScoreMoments(200, 7.0 + i / 10, 4.0) for i in range(11)]
    places = [ScoreMoments(3, 10.0, 0.0), ScoreMoments(900, 8.9, 4.0), *others]
    result = shrunk_means(places=places)
    small, big = result.places[:2]
    assert result.k > 5
    assert small.weight < big.weight
    assert small.value < big.value  # the 3 perfect ratings no longer top the ranking


def test_places_that_do_not_differ_all_get_the_overall_mean():
    places = [ScoreMoments(10, 7.0, 4.0), ScoreMoments(10, 7.1, 4.0), ScoreMoments(10, 6.9, 4.0)]
    result = shrunk_means(places=places)
    assert result.between_variance == 0 and result.k == math.inf
    assert [p.value for p in result.places] == pytest.approx([7.0] * 3)
    assert all(p.weight == 0 and p.low is None for p in result.places)


def test_place_without_ratings_gets_the_overall_mean():
    places = [*(score_moments(scores=s) for s in PLACES.values()), ScoreMoments(0, None, None)]
    result = shrunk_means(places=places)
    empty = result.places[-1]
    assert empty.value == pytest.approx(65 / 9) and empty.n == 0 and empty.raw_mean is None


def test_exact_places_are_not_shrunk():
    result = shrunk_means(places=[ScoreMoments(3, 9.0, 0.0), ScoreMoments(2, 5.0, 0.0)])
    assert [p.value for p in result.places] == [9.0, 5.0]


@pytest.mark.parametrize(
    ("places", "reason"),
    [
        ([], Reason.NO_DATA),
        ([ScoreMoments(0, None, None)], Reason.NO_DATA),
        ([ScoreMoments(5, 7.0, 1.0)], Reason.TOO_FEW_PLACES),
        ([ScoreMoments(1, 7.0, None), ScoreMoments(1, 3.0, None)], Reason.ONE_RATING_PER_PLACE),
    ],
)
def test_shrinkage_degenerate(places, reason):
    result = shrunk_means(places=places)
    assert result.too_few and result.reason == reason
    assert len(result.places) == len(places)
    for given, shrunk in zip(places, result.places, strict=True):
        assert shrunk.raw_mean == given.mean and shrunk.low is None


def test_wilson_lower_bound_orders_fairly():
    assert wilson_lower_bound(successes=90, n=100) > wilson_lower_bound(successes=3, n=3)
    # With every response a success the bound is n / (n + z²).
    assert wilson_lower_bound(successes=3, n=3) == pytest.approx(3 / (3 + 1.959964**2))
    assert wilson_lower_bound(successes=0, n=0) is None


def test_funnel_limits_for_means():
    limits = funnel_limits_mean(overall_mean=7, sd=2, sizes=[16, 0])
    z95, z998 = stats.norm.ppf(0.975), stats.norm.ppf(0.999)
    assert limits[0].inner == pytest.approx((7 - z95 * 0.5, 7 + z95 * 0.5))
    assert limits[0].outer == pytest.approx((7 - z998 * 0.5, 7 + z998 * 0.5))
    assert z998 == pytest.approx(3.090232)
    assert limits[1].inner is None and limits[1].position(0) == "within"
    assert [limits[0].position(v) for v in (5, 6, 7, 8, 9)] == [
        "below",
        "low",
        "within",
        "high",
        "above",
    ]


def test_funnel_limits_for_shares():
    limits = funnel_limits_share(overall_share=0.8, sizes=[100, 4])
    assert limits[0].inner == pytest.approx((0.8 - 1.959964 * 0.04, 0.8 + 1.959964 * 0.04))
    assert limits[1].outer[1] == 1.0  # clipped
    narrowing = funnel_limits_share(overall_share=0.5, sizes=[10, 100, 1000])
    widths = [f.inner[1] - f.inner[0] for f in narrowing]
    assert widths == sorted(widths, reverse=True)
