import numpy as np
import pytest

from civicpulse.analytics.statistics.drift import cusum_lower, drift_baseline, ewma_lower
from civicpulse.analytics.statistics.estimates import Reason


def test_cusum_hand_computed():
    # target 8, sd 1, slack 0.5, threshold 2: increments (8 - x) - 0.5.
    values = [8, 9, 7, 6, 6.5, 8]
    result = cusum_lower(values=values, target=8, sd=1, threshold=2)
    # S: 0, 0 (−1.5 → 0), 0.5, 2.0, 3.0, 2.5 → first above 2 at index 4.
    assert result.statistics == pytest.approx((0, 0, 0.5, 2.0, 3.0, 2.5))
    assert result.detected_at == 4
    assert result.limits == (2,) * 6


def test_cusum_ignores_one_bad_point_but_catches_a_sustained_drop():
    rng = np.random.default_rng(2)
    steady = rng.normal(8, 0.3, 60)  # daily means of a place with sd 1 between days
    spike = steady.copy()
    spike[30] = 4.5  # one very bad day, 3.5 sd below
    assert cusum_lower(values=spike, target=8, sd=1).detected_at is None
    drop = np.concatenate([steady[:40], rng.normal(7, 1, 40)])
    detected = cusum_lower(values=drop, target=8, sd=1).detected_at
    assert detected is not None and 40 <= detected < 60


def test_ewma_hand_computed():
    # λ = 0.5, L = 1, target 8, sd 1: z = 7.5, 6.75; limits 8 - √(1/3·(1 - 0.25)) = 7.5,
    # 8 - √(1/3·(1 - 0.0625)) = 7.4410.
    result = ewma_lower(values=[7, 6], target=8, sd=1, smoothing=0.5, width=1)
    assert result.statistics == pytest.approx((7.5, 6.75))
    assert result.limits == pytest.approx((7.5, 8 - np.sqrt(0.9375 / 3)))
    assert result.detected_at == 1  # 7.5 is on the limit, not below it


def test_ewma_catches_a_sustained_drop():
    rng = np.random.default_rng(4)
    values = np.concatenate([rng.normal(8, 1, 50), rng.normal(6.8, 1, 30)])
    result = ewma_lower(values=values, target=8, sd=1)
    assert result.detected_at is not None and 50 <= result.detected_at < 70
    # The limit widens towards its asymptote target - L·sd·√(λ/(2-λ)).
    assert result.limits[-1] == pytest.approx(8 - 3 * np.sqrt(0.2 / 1.8), abs=1e-6)


@pytest.mark.parametrize("chart", [cusum_lower, ewma_lower])
def test_degenerate(chart):
    assert chart(values=[], target=8, sd=1).reason == Reason.NO_DATA
    flat = chart(values=[7, 6], target=8, sd=0)
    assert flat.reason == Reason.NO_VARIATION and flat.detected_at is None


def test_ewma_rejects_bad_smoothing():
    with pytest.raises(ValueError, match="smoothing"):
        ewma_lower(values=[1], target=1, sd=1, smoothing=0)


def test_baseline():
    assert drift_baseline([6, 8, 10]) == (8, 2)
    assert drift_baseline([7]) is None


def test_gaps_must_be_left_out_by_the_caller():
    with pytest.raises(ValueError, match="finite"):
        cusum_lower(values=[8, np.nan], target=8, sd=1)
