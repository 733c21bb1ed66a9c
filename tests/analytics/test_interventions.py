import numpy as np
import pytest
import statsmodels.api as sm

from civicpulse.analytics.statistics.estimates import Reason
from civicpulse.analytics.statistics.interventions import (
    difference_in_differences,
    interrupted_time_series,
)

RNG = np.random.default_rng(11)
WEEKS = np.arange(20.0)
INTERVENTION = 10.0
# Before: 6.0 + 0.02/week; after: +1.0 jump and +0.05/week more.
LEVELS = (
    6.0
    + 0.02 * (WEEKS - INTERVENTION)
    + 1.0 * (WEEKS >= INTERVENTION)
    + 0.05 * (WEEKS - INTERVENTION) * (WEEKS >= INTERVENTION)
    + RNG.normal(0, 0.15, WEEKS.size)
)
COUNTS = RNG.integers(5, 60, WEEKS.size)


def _its_design():
    since = WEEKS - INTERVENTION
    after = (WEEKS >= INTERVENTION).astype(float)
    return sm.add_constant(np.column_stack([since, after, since * after]))


def _same(effect, params, bse, interval, index):
    assert effect.estimate == pytest.approx(params[index])
    assert effect.se == pytest.approx(bse[index])
    assert (effect.low, effect.high) == pytest.approx(tuple(interval[index]))


def test_segmented_regression_matches_statsmodels_ols():
    result = interrupted_time_series(times=WEEKS, values=LEVELS, intervention_time=INTERVENTION)
    ols = sm.OLS(LEVELS, _its_design()).fit()
    interval = ols.conf_int()
    _same(result.baseline_level, ols.params, ols.bse, interval, 0)
    _same(result.baseline_slope, ols.params, ols.bse, interval, 1)
    _same(result.level_change, ols.params, ols.bse, interval, 2)
    _same(result.slope_change, ols.params, ols.bse, interval, 3)
    assert result.level_change.p_value == pytest.approx(ols.pvalues[2])
    assert result.level_change.low > 0.5  # the seeded jump of 1.0 is found
    assert (result.n_before, result.n_after) == (10, 10) and not result.too_few


def test_segmented_regression_weighted_matches_wls():
    result = interrupted_time_series(
        times=WEEKS, values=LEVELS, intervention_time=INTERVENTION, weights=COUNTS
    )
    wls = sm.WLS(LEVELS, _its_design(), weights=COUNTS).fit()
    _same(result.level_change, wls.params, wls.bse, wls.conf_int(), 2)
    _same(result.slope_change, wls.params, wls.bse, wls.conf_int(), 3)


def test_segmented_regression_newey_west_matches_statsmodels_hac():
    result = interrupted_time_series(
        times=WEEKS, values=LEVELS, intervention_time=INTERVENTION, hac_lags=3
    )
    hac = sm.OLS(LEVELS, _its_design()).fit(
        cov_type="HAC", cov_kwds={"maxlags": 3, "use_correction": True}, use_t=True
    )
    _same(result.level_change, hac.params, hac.bse, hac.conf_int(), 2)
    _same(result.slope_change, hac.params, hac.bse, hac.conf_int(), 3)


def test_segmented_regression_hand_computed_exact_line():
    # A noiseless series: the coefficients are exact and the errors zero.
    values = [5, 5.5, 6, 8, 8.2, 8.4]
    result = interrupted_time_series(times=[0, 1, 2, 3, 4, 5], values=values, intervention_time=3)
    assert result.baseline_level.estimate == pytest.approx(6.5)  # the old line at t = 3
    assert result.level_change.estimate == pytest.approx(1.5)
    assert result.slope_change.estimate == pytest.approx(-0.3)
    assert result.level_change.se == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize(
    ("times", "reason"),
    [
        ([0, 1, 10, 11, 12, 13], Reason.TOO_FEW_BEFORE),
        ([0, 1, 2, 3, 10, 11], Reason.TOO_FEW_AFTER),
        ([0, 1, 2, 3], Reason.TOO_FEW_AFTER),
        ([], Reason.TOO_FEW_BEFORE),
        ([1, 1, 1, 10, 11, 12], Reason.SINGLE_TIME),
    ],
)
def test_segmented_regression_too_few(times, reason):
    result = interrupted_time_series(times=times, values=[7.0] * len(times), intervention_time=5)
    assert result.too_few and result.reason == reason
    assert result.level_change is None and result.slope_change is None


def test_segmented_regression_without_residual_freedom():
    # 3 + 3 points: 6 observations, 4 coefficients: estimable, with 2 df.
    result = interrupted_time_series(
        times=[0, 1, 2, 3, 4, 5], values=[7, 7.2, 6.9, 8, 8.1, 8.3], intervention_time=3
    )
    assert not result.too_few
    bare = interrupted_time_series(
        times=[0, 1, 3, 4], values=[7, 7.2, 8, 8.1], intervention_time=3, min_points=2
    )
    assert bare.too_few and bare.reason == Reason.TOO_FEW_BEFORE  # never fewer than 3


def _panel():
    rows = []
    for unit in range(8):
        treated = unit < 3
        bias = RNG.normal(0, 0.3)
        for week in range(12):
            after = week >= 6
            value = 6.5 + bias + 0.4 * after + 0.8 * (treated and after) + RNG.normal(0, 0.2)
            rows.append((unit, treated, after, value))
    units, treated, after, values = (np.array(column) for column in zip(*rows, strict=True))
    return units, treated, after, values


def test_did_hand_computed_from_cell_means():
    # Treated 6 → 8, comparison 6 → 7: the effect is (8 - 6) - (7 - 6) = 1.
    values = [6, 6, 8, 8, 6, 6, 7, 7]
    treated = [True] * 4 + [False] * 4
    after = [False, False, True, True] * 2
    result = difference_in_differences(values=values, treated=treated, after=after)
    assert result.effect.estimate == pytest.approx(1)
    assert result.effect.se == pytest.approx(0, abs=1e-12)
    assert (result.n_treated_before, result.n_comparison_after) == (2, 2)


def test_did_matches_statsmodels_ols_and_cluster():
    units, treated, after, values = _panel()
    t, a = treated.astype(float), after.astype(float)
    design = sm.add_constant(np.column_stack([t, a, t * a]))
    result = difference_in_differences(values=values, treated=treated, after=after)
    ols = sm.OLS(values, design).fit()
    _same(result.effect, ols.params, ols.bse, ols.conf_int(), 3)
    assert result.effect.low < 0.8 < result.effect.high

    clustered = difference_in_differences(values=values, treated=treated, after=after, units=units)
    robust = sm.OLS(values, design).fit(cov_type="cluster", cov_kwds={"groups": units}, use_t=True)
    assert clustered.effect.estimate == pytest.approx(robust.params[3])
    assert clustered.effect.se == pytest.approx(robust.bse[3])
    assert (clustered.effect.low, clustered.effect.high) == pytest.approx(
        tuple(robust.conf_int()[3])
    )


def test_did_weighted_matches_wls():
    _, treated, after, values = _panel()
    weights = RNG.integers(1, 40, values.size)
    t, a = treated.astype(float), after.astype(float)
    design = sm.add_constant(np.column_stack([t, a, t * a]))
    result = difference_in_differences(values=values, treated=treated, after=after, weights=weights)
    wls = sm.WLS(values, design, weights=weights).fit()
    _same(result.effect, wls.params, wls.bse, wls.conf_int(), 3)


@pytest.mark.parametrize(
    ("treated", "after", "reason"),
    [
        ([True] * 4, [False, False, True, True], Reason.NO_COMPARISON_UNITS),
        ([False] * 4, [False, False, True, True], Reason.NO_TREATED_UNITS),
        ([True, True, False, False], [False, True, False, True], Reason.TOO_FEW_IN_A_CELL),
        ([True, True, False, False], [False, False, False, True], Reason.TOO_FEW_IN_A_CELL),
        ([], [], Reason.NO_COMPARISON_UNITS),
    ],
)
def test_did_too_few(treated, after, reason):
    result = difference_in_differences(values=[7.0] * len(treated), treated=treated, after=after)
    assert result.too_few and result.reason == reason and result.effect is None


def test_did_one_cluster_cannot_give_robust_errors():
    values = [6, 6.1, 8, 8.2, 6, 5.9, 7, 7.1]
    treated = [True] * 4 + [False] * 4
    after = [False, False, True, True] * 2
    result = difference_in_differences(
        values=values, treated=treated, after=after, units=["same"] * 8
    )
    assert result.too_few and result.reason == Reason.TOO_FEW_POINTS


def test_missing_points_are_not_counted():
    times = [*WEEKS, 3.5, 14.5]
    values = [*LEVELS, np.nan, np.nan]
    result = interrupted_time_series(times=times, values=values, intervention_time=INTERVENTION)
    clean = interrupted_time_series(times=WEEKS, values=LEVELS, intervention_time=INTERVENTION)
    assert result == clean and (result.n_before, result.n_after) == (10, 10)
    did = difference_in_differences(
        values=[6, 6, 8, 8, np.nan, 6, 6, 7, 7],
        treated=[True] * 5 + [False] * 4,
        after=[False, False, True, True, True, False, False, True, True],
    )
    assert did.effect.estimate == pytest.approx(1) and did.n_treated_after == 2
