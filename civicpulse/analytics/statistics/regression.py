"""Ordinary (or weighted) least squares with classical or Newey-West standard errors.

Kept to numpy and scipy so the runtime needs no statsmodels; the tests check it against
statsmodels' OLS, WLS and HAC results.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from civicpulse.analytics.statistics.estimates import Effect, effect_from


@dataclass(frozen=True)
class LinearFit:
    """Coefficients, and per-coefficient effects (None when the error cannot be estimated)."""

    coefficients: np.ndarray
    effects: tuple[Effect, ...] | None
    df_residual: int
    rank_deficient: bool


def usable_rows(values: np.ndarray, weights: Sequence[float] | None) -> np.ndarray:
    """Rows that carry information: a finite value and, if weighted, a positive weight.

    A week without ratings (mean NaN, weight 0) is left out rather than poisoning the fit.
    """
    mask = np.isfinite(values)
    if weights is not None:
        w = np.asarray(weights, dtype=float)
        if w.shape != values.shape:
            raise ValueError("one weight per value")
        if (w < 0).any():
            raise ValueError("weights must not be negative")
        mask &= np.isfinite(w) & (w > 0)
    return mask


def ols_fit(
    design: np.ndarray,
    outcome: np.ndarray,
    *,
    weights: Sequence[float] | None = None,
    confidence: float = 0.95,
    hac_lags: int | None = None,
    clusters: Sequence[object] | None = None,
) -> LinearFit:
    """Fit outcome = design · β by least squares.

    With ``weights`` it is WLS (each row multiplied by √w). With ``hac_lags`` the covariance
    is Newey-West (Bartlett kernel, small-sample factor n / (n - p)), which stays valid when
    neighbouring weeks' errors are correlated, as they often are in a time series.
    With ``clusters`` (e.g. the unit of each row) it is cluster-robust (CR1: factor
    G/(G-1) · (n-1)/(n-p)), valid when rows of one unit share errors, with G - 1 degrees of
    freedom. Otherwise intervals use the t distribution with n - p degrees of freedom.
    """
    x = np.asarray(design, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if weights is not None:
        root = np.sqrt(np.asarray(weights, dtype=float))
        x, y = x * root[:, None], y * root
    rows, columns = x.shape
    rank = np.linalg.matrix_rank(x)
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    df = rows - columns
    if rank < columns or df <= 0:
        return LinearFit(coefficients, None, max(df, 0), rank < columns)
    residuals = y - x @ coefficients
    bread = np.linalg.inv(x.T @ x)
    if clusters is not None:
        labels = np.asarray(clusters)
        groups = np.unique(labels)
        if groups.size < 2:
            return LinearFit(coefficients, None, df, False)
        meat = np.zeros((columns, columns))
        for group in groups:
            total = (x[labels == group] * residuals[labels == group, None]).sum(axis=0)
            meat += np.outer(total, total)
        factor = groups.size / (groups.size - 1) * (rows - 1) / df
        covariance = bread @ meat @ bread * factor
        df = groups.size - 1
    elif hac_lags is None:
        covariance = bread * float(residuals @ residuals) / df
    else:
        scores = x * residuals[:, None]
        meat = scores.T @ scores
        for lag in range(1, min(hac_lags, rows - 1) + 1):
            weight = 1 - lag / (hac_lags + 1)
            cross = scores[lag:].T @ scores[:-lag]
            meat += weight * (cross + cross.T)
        covariance = bread @ meat @ bread * rows / df
    errors = np.sqrt(np.clip(np.diag(covariance), 0, None))
    effects = tuple(
        effect_from(float(b), float(se), df, confidence)
        for b, se in zip(coefficients, errors, strict=True)
    )
    return LinearFit(coefficients, effects, df, False)
