"""Least-squares trends: how fast a place's score is moving, per week."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from civicpulse.analytics.statistics.estimates import Reason, t_critical
from civicpulse.analytics.statistics.regression import usable_rows

MIN_TREND_POINTS = 3  # two points always fit a line exactly: no standard error


@dataclass(frozen=True)
class Trend:
    """The slope per unit of ``times`` (per week for weekly series) with its interval.

    ``slope`` is None when fewer than two distinct times exist; ``se``/``low``/``high`` are
    None (``too_few``) when there are too few points to estimate the error.
    """

    slope: float | None
    se: float | None
    low: float | None
    high: float | None
    n_points: int
    reason: Reason | None = None

    @property
    def too_few(self) -> bool:
        return self.low is None


def trend_slope(
    *,
    times: Sequence[float],
    values: Sequence[float],
    weights: Sequence[float] | None = None,
    confidence: float = 0.95,
    min_points: int = MIN_TREND_POINTS,
) -> Trend:
    """Least-squares slope of ``values`` over ``times`` with its t interval.

    For weekly means pass the week numbers as ``times`` and, ideally, the number of ratings
    behind each week as ``weights``: weighted least squares then lets a busy week count more
    than a week with two ratings, which is the fair weighting when a mean's variance is
    σ²/n. Points with a missing value (NaN) or a zero weight are left out. The standard
    error is the classical OLS/WLS one, df = points - 2.
    """
    x = np.asarray(times, dtype=float)
    y = np.asarray(values, dtype=float)
    if x.shape != y.shape:
        raise ValueError("times and values must have the same length")
    keep = usable_rows(y, weights)
    x, y = x[keep], y[keep]
    weights = None if weights is None else np.asarray(weights, dtype=float)[keep]
    points = int(x.size)
    if points < 2 or np.ptp(x) == 0:
        return Trend(None, None, None, None, points, Reason.SINGLE_TIME)
    # The closed form of a (weighted) straight line, the same as the general least squares
    # of regression.ols_fit but a hundred times cheaper: dashboards fit one per place.
    w = np.ones(points) if weights is None else weights
    x_mean, y_mean = np.average(x, weights=w), np.average(y, weights=w)
    spread = float((w * (x - x_mean) ** 2).sum())
    slope = float((w * (x - x_mean) * (y - y_mean)).sum() / spread)
    df = points - 2
    if points < max(min_points, MIN_TREND_POINTS):
        return Trend(slope, None, None, None, points, Reason.TOO_FEW_POINTS)
    residuals = y - (y_mean + slope * (x - x_mean))
    se = float(np.sqrt((w * residuals**2).sum() / df / spread))
    half = t_critical(confidence, df) * se
    return Trend(slope, se, slope - half, slope + half, points)
