"""Key drivers: which sub-ratings matter most for the overall score.

Regression coefficients are a poor guide when sub-ratings are correlated (they always are:
a friendly clerk is also rated quick), because the shared part is credited arbitrarily.
Johnson's relative weights split R² among the predictors fairly instead.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from civicpulse.analytics.statistics.estimates import Reason

PER_PREDICTOR = 10  # the usual rule of thumb: at least 10 responses per predictor
COLLINEAR_CONDITION = 30  # condition index beyond which predictors are nearly redundant


@dataclass(frozen=True)
class RelativeWeights:
    """Raw weights (summing to R²) and their shares of R² in %, in the predictors' order.

    Constant predictors get weight 0 and are named in ``constant``. ``small_sample`` is set
    when n is below ``needed_n`` (10 complete responses per varying sub-rating, the usual
    rule of thumb); ``collinear`` when sub-ratings are nearly redundant, so the split of their
    shared importance is uncertain. ``too_few`` is set, with ``reason``, when nothing can be
    estimated (weights are then None).
    """

    weights: tuple[float, ...] | None
    shares: tuple[float, ...] | None
    r_squared: float | None
    n: int
    names: tuple[str, ...]
    constant: tuple[str, ...] = ()
    needed_n: int = 0
    small_sample: bool = False
    collinear: bool = False
    too_few: bool = False
    reason: Reason | None = None


def relative_weights(
    *,
    predictors: Sequence[Sequence[float]],
    outcome: Sequence[float],
    names: Sequence[str] | None = None,
) -> RelativeWeights:
    """Johnson's (2000) relative weights of each predictor for the outcome.

    With R the predictors' correlation matrix and r their correlations with the outcome:
    R = QΛQᵀ, Λ½ = QΛ^½Qᵀ is the correlation between the predictors and their closest
    orthogonal counterparts Z; β = Λ½⁻¹ r are the standardised weights of the outcome on Z;
    predictor j's weight is εⱼ = Σₖ (Λ½)ⱼₖ² βₖ². The weights sum to R² and equal the squared
    correlations when predictors are uncorrelated. Rows with a missing value (NaN) are
    dropped. Near-singular R is handled with a pseudo-inverse and flagged.
    """
    x = np.asarray(predictors, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if x.ndim != 2 or x.shape[0] != y.shape[0]:
        raise ValueError("predictors must be an n × p array with one row per outcome")
    labels = tuple(names) if names is not None else tuple(f"x{i + 1}" for i in range(x.shape[1]))
    if len(labels) != x.shape[1]:
        raise ValueError("one name per predictor")
    complete = ~(np.isnan(x).any(axis=1) | np.isnan(y))
    x, y = x[complete], y[complete]
    n = int(y.size)
    if n < 3:
        return RelativeWeights(
            None, None, None, n, labels, too_few=True, reason=Reason.TOO_FEW_POINTS
        )
    if np.ptp(y) == 0:
        return RelativeWeights(
            None, None, None, n, labels, too_few=True, reason=Reason.OUTCOME_CONSTANT
        )
    varying = np.ptp(x, axis=0) > 0
    constant = tuple(name for name, keep in zip(labels, varying, strict=True) if not keep)
    if not varying.any():
        return RelativeWeights(
            None, None, None, n, labels, constant, too_few=True, reason=Reason.PREDICTORS_CONSTANT
        )
    correlations = np.corrcoef(np.column_stack([x[:, varying], y]), rowvar=False)
    kept, collinear = relative_weights_from_correlations(
        predictor_correlations=correlations[:-1, :-1],
        outcome_correlations=correlations[:-1, -1],
    )
    weights = np.zeros(x.shape[1])
    weights[varying] = kept
    r_squared = float(weights.sum())
    shares = 100 * weights / r_squared if r_squared > 0 else np.zeros_like(weights)
    needed_n = PER_PREDICTOR * int(varying.sum())
    return RelativeWeights(
        tuple(float(w) for w in weights),
        tuple(float(s) for s in shares),
        r_squared,
        n,
        labels,
        constant,
        needed_n,
        n < needed_n,
        collinear,
    )


def relative_weights_from_correlations(
    *, predictor_correlations: np.ndarray, outcome_correlations: np.ndarray
) -> tuple[np.ndarray, bool]:
    """Johnson's weights from a correlation matrix; also whether R was near-singular."""
    values, vectors = np.linalg.eigh(np.asarray(predictor_correlations, dtype=float))
    values = np.clip(values, 0, None)
    collinear = bool(
        values.min() <= 0 or np.sqrt(values.max() / values.min()) > COLLINEAR_CONDITION
    )
    root = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.pinv(root, rcond=1e-10, hermitian=True) @ np.asarray(outcome_correlations)
    return (root**2) @ (beta**2), collinear
