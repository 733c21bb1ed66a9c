"""Before and after an intervention: did the level or the trend change, and by how much?"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from civicpulse.analytics.statistics.estimates import Effect, Reason
from civicpulse.analytics.statistics.regression import ols_fit, usable_rows

# Segmented regression needs a trend on each side; 3 points is the bare minimum for a line
# with an error, and the literature recommends 8 or more for a trustworthy slope.
MIN_SEGMENT_POINTS = 3
MIN_CELL_POINTS = 2


@dataclass(frozen=True)
class InterruptedTimeSeries:
    """Level change (jump at the intervention) and slope change (per time unit) with CIs.

    ``baseline_level``/``baseline_slope`` describe the pre-intervention line at the
    intervention time. All effects are None when ``too_few`` is set; ``reason`` says why.
    """

    level_change: Effect | None
    slope_change: Effect | None
    baseline_level: Effect | None
    baseline_slope: Effect | None
    n_before: int
    n_after: int
    too_few: bool = False
    reason: Reason | None = None


def interrupted_time_series(
    *,
    times: Sequence[float],
    values: Sequence[float],
    intervention_time: float,
    weights: Sequence[float] | None = None,
    hac_lags: int | None = None,
    min_points: int = MIN_SEGMENT_POINTS,
    confidence: float = 0.95,
) -> InterruptedTimeSeries:
    """Segmented regression: y = b0 + b1·(t - t0) + b2·after + b3·(t - t0)·after.

    ``after`` is 1 from ``intervention_time`` (t0) on. b2 is the immediate change in level,
    b3 the change in slope; each is judged against the counterfactual of the pre-existing
    trend continuing, which is fairer than a plain before/after mean when scores were
    already drifting. Pass weekly means with their rating counts as ``weights``; pass
    ``hac_lags`` (e.g. 2-4 for weekly data) for Newey-West errors robust to autocorrelation.
    Points with a missing value (NaN) or a zero weight are left out and not counted.
    """
    t = np.asarray(times, dtype=float)
    y = np.asarray(values, dtype=float)
    if t.shape != y.shape:
        raise ValueError("times and values must have the same length")
    keep = usable_rows(y, weights)
    t, y = t[keep], y[keep]
    weights = None if weights is None else np.asarray(weights, dtype=float)[keep]
    after = (t >= intervention_time).astype(float)
    n_after = int(after.sum())
    n_before = int(t.size - n_after)
    shortfall = _segment_shortfall(t, after, n_before, n_after, min_points)
    if shortfall:
        return InterruptedTimeSeries(None, None, None, None, n_before, n_after, True, shortfall)
    since = t - intervention_time
    design = np.column_stack([np.ones(t.size), since, after, since * after])
    fit = ols_fit(design, y, weights=weights, confidence=confidence, hac_lags=hac_lags)
    if fit.effects is None:
        return InterruptedTimeSeries(
            None, None, None, None, n_before, n_after, True, Reason.TOO_FEW_POINTS
        )
    level, slope, level_change, slope_change = fit.effects
    return InterruptedTimeSeries(level_change, slope_change, level, slope, n_before, n_after)


def _segment_shortfall(t, after, n_before, n_after, min_points) -> Reason | None:
    needed = max(min_points, MIN_SEGMENT_POINTS)
    if n_before < needed:
        return Reason.TOO_FEW_BEFORE
    if n_after < needed:
        return Reason.TOO_FEW_AFTER
    if np.unique(t[after == 0]).size < 2 or np.unique(t[after == 1]).size < 2:
        return Reason.SINGLE_TIME
    return None


@dataclass(frozen=True)
class DifferenceInDifferences:
    """The treated×after coefficient: the change at the treated units beyond the change the
    comparison units saw over the same period. None, with ``too_few`` and a reason, when it
    cannot be estimated."""

    effect: Effect | None
    n_treated_before: int
    n_treated_after: int
    n_comparison_before: int
    n_comparison_after: int
    too_few: bool = False
    reason: Reason | None = None


def difference_in_differences(
    *,
    values: Sequence[float],
    treated: Sequence[bool],
    after: Sequence[bool],
    weights: Sequence[float] | None = None,
    units: Sequence[object] | None = None,
    min_points: int = MIN_CELL_POINTS,
    confidence: float = 0.95,
) -> DifferenceInDifferences:
    """Difference-in-differences: y = b0 + b1·treated + b2·after + b3·treated·after.

    b3 = (treated after - treated before) - (comparison after - comparison before): the
    comparison touchpoints, which had no intervention, stand in for what would have happened
    anyway (a season, a city-wide change), assuming parallel trends. Rows are observations,
    e.g. one weekly mean per touchpoint with its rating count as weight. Pass ``units`` (the
    touchpoint of each row) for cluster-robust errors, which account for a unit's rows
    sharing its quirks; without them the errors are classical OLS.
    """
    y = np.asarray(values, dtype=float)
    is_treated = np.asarray(treated, dtype=bool)
    is_after = np.asarray(after, dtype=bool)
    if not y.shape == is_treated.shape == is_after.shape:
        raise ValueError("values, treated and after must have the same length")
    keep = usable_rows(y, weights)
    y, is_treated, is_after = y[keep], is_treated[keep], is_after[keep]
    weights = None if weights is None else np.asarray(weights, dtype=float)[keep]
    units = None if units is None else np.asarray(units)[keep]
    cells = {
        (group, period): int(((is_treated == group) & (is_after == period)).sum())
        for group in (True, False)
        for period in (False, True)
    }
    counts = (cells[True, False], cells[True, True], cells[False, False], cells[False, True])
    reason = _cell_shortfall(cells, min_points)
    if reason:
        return DifferenceInDifferences(None, *counts, True, reason)
    t, a = is_treated.astype(float), is_after.astype(float)
    design = np.column_stack([np.ones(y.size), t, a, t * a])
    fit = ols_fit(design, y, weights=weights, confidence=confidence, clusters=units)
    if fit.effects is None:
        return DifferenceInDifferences(None, *counts, True, Reason.TOO_FEW_POINTS)
    return DifferenceInDifferences(fit.effects[3], *counts)


def _cell_shortfall(cells, min_points) -> Reason | None:
    if cells[False, False] + cells[False, True] == 0:
        return Reason.NO_COMPARISON_UNITS
    if cells[True, False] + cells[True, True] == 0:
        return Reason.NO_TREATED_UNITS
    needed = max(min_points, 1)
    if min(cells.values()) < needed:
        return Reason.TOO_FEW_IN_A_CELL
    return None
