import numpy as np
import pytest
import statsmodels.api as sm

from civicpulse.analytics.statistics.drivers import (
    relative_weights,
    relative_weights_from_correlations,
)
from civicpulse.analytics.statistics.estimates import Reason

RNG = np.random.default_rng(7)


def _survey(n=400):
    friendliness = RNG.normal(7, 2, n)
    speed = 0.6 * friendliness + RNG.normal(2.8, 1.6, n)  # correlated with friendliness
    cleanliness = RNG.normal(6, 2, n)
    overall = 0.5 * friendliness + 0.3 * speed + 0.1 * cleanliness + RNG.normal(0, 1, n)
    return np.column_stack([friendliness, speed, cleanliness]), overall


def test_weights_sum_to_the_ols_r_squared():
    predictors, overall = _survey()
    result = relative_weights(
        predictors=predictors, outcome=overall, names=["friendly", "speed", "clean"]
    )
    ols = sm.OLS(overall, sm.add_constant(predictors)).fit()
    assert result.r_squared == pytest.approx(ols.rsquared)
    assert sum(result.weights) == pytest.approx(ols.rsquared)
    assert sum(result.shares) == pytest.approx(100)
    assert result.weights[0] > result.weights[1] > result.weights[2]
    assert result.names == ("friendly", "speed", "clean")
    assert not (result.small_sample or result.collinear or result.too_few)


def test_two_predictors_closed_form():
    # R = [[1, r], [r, 1]] has Λ½ = [[a, b], [b, a]] with a, b = (√(1+r) ± √(1-r)) / 2 and
    # Λ½⁻¹ = [[a, -b], [-b, a]] / √(1 - r²); then εⱼ = Σₖ (Λ½)ⱼₖ² βₖ².
    r, ry1, ry2 = 0.5, 0.6, 0.4
    a = (np.sqrt(1 + r) + np.sqrt(1 - r)) / 2
    b = (np.sqrt(1 + r) - np.sqrt(1 - r)) / 2
    beta1 = (a * ry1 - b * ry2) / np.sqrt(1 - r * r)
    beta2 = (a * ry2 - b * ry1) / np.sqrt(1 - r * r)
    expected = (a * a * beta1**2 + b * b * beta2**2, b * b * beta1**2 + a * a * beta2**2)
    weights, collinear = relative_weights_from_correlations(
        predictor_correlations=np.array([[1, r], [r, 1]]),
        outcome_correlations=np.array([ry1, ry2]),
    )
    assert weights == pytest.approx(expected)
    # R² of the standardised regression: rᵀR⁻¹r = (ry1² + ry2² - 2·r·ry1·ry2) / (1 - r²).
    assert weights.sum() == pytest.approx((ry1**2 + ry2**2 - 2 * r * ry1 * ry2) / (1 - r * r))
    assert not collinear


def test_uncorrelated_predictors_get_their_squared_correlations():
    correlations = np.array([0.5, 0.3, 0.1])
    weights, _ = relative_weights_from_correlations(
        predictor_correlations=np.eye(3), outcome_correlations=correlations
    )
    assert weights == pytest.approx(correlations**2)


def test_duplicated_predictor_splits_its_weight_and_is_flagged():
    predictors, overall = _survey()
    doubled = np.column_stack([predictors[:, 0], predictors[:, 0], predictors[:, 2]])
    result = relative_weights(predictors=doubled, outcome=overall)
    single = relative_weights(predictors=doubled[:, [0, 2]], outcome=overall)
    assert result.collinear
    assert result.weights[0] == pytest.approx(result.weights[1])
    # R² is unchanged; the split with the third predictor moves only slightly.
    assert result.r_squared == pytest.approx(single.r_squared, rel=1e-6)
    assert result.weights[0] + result.weights[1] == pytest.approx(single.weights[0], rel=1e-2)
    assert np.isfinite(result.weights).all()


def test_constant_predictor_gets_zero_and_is_named():
    predictors, overall = _survey()
    with_constant = np.column_stack([predictors, np.full(overall.size, 9.0)])
    result = relative_weights(
        predictors=with_constant, outcome=overall, names=["f", "s", "c", "parking"]
    )
    assert result.weights[3] == 0 and result.constant == ("parking",)
    assert result.r_squared == pytest.approx(
        relative_weights(predictors=predictors, outcome=overall).r_squared
    )


def test_small_sample_is_flagged_and_missing_rows_dropped():
    predictors, overall = _survey(n=25)
    predictors[0, 1] = np.nan
    result = relative_weights(predictors=predictors, outcome=overall)
    assert result.n == 24 and result.needed_n == 30 and result.small_sample


@pytest.mark.parametrize(
    ("predictors", "outcome", "reason"),
    [
        ([[1.0, 2.0], [3.0, 4.0]], [5.0, 6.0], Reason.TOO_FEW_POINTS),
        ([[1, 2], [3, 4], [5, 7], [6, 1]], [8, 8, 8, 8], Reason.OUTCOME_CONSTANT),
        ([[1, 2], [1, 2], [1, 2], [1, 2]], [5, 6, 7, 8], Reason.PREDICTORS_CONSTANT),
        (np.empty((0, 2)), [], Reason.TOO_FEW_POINTS),
    ],
)
def test_degenerate(predictors, outcome, reason):
    result = relative_weights(predictors=predictors, outcome=outcome)
    assert result.too_few and result.reason == reason and result.weights is None


def test_shape_errors():
    with pytest.raises(ValueError, match="n × p"):
        relative_weights(predictors=[1, 2, 3], outcome=[1, 2, 3])
    with pytest.raises(ValueError, match="one name"):
        relative_weights(predictors=[[1, 2]] * 3, outcome=[1, 2, 3], names=["a"])
