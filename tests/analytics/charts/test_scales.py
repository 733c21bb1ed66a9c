"""Scales, ticks and colours against hand-computed values."""

import pytest

from civicpulse.analytics.charts.scales import (
    DIVERGING,
    INK,
    MUTED,
    LinearScale,
    LogScale,
    bin_of,
    binned,
    contrast,
    log_ticks,
    nice_ticks,
    tick_decimals,
)
from civicpulse.analytics.charts.score_maps import HOLLOW


@pytest.mark.parametrize(
    ("low", "high", "count", "ticks"),
    [
        (0, 10, 5, (0, 2, 4, 6, 8, 10)),  # step 10/5 = 2 exactly
        (3.2, 8.7, 5, (2, 4, 6, 8, 10)),  # raw step 1.1 → 2; floor(1.6)·2 = 2, ceil(4.35)·2 = 10
        (0, 1, 4, (0, 0.25, 0.5, 0.75, 1)),  # raw 0.25 is round already
        (0, 0.7, 5, (0, 0.2, 0.4, 0.6, 0.8)),  # raw 0.14 → 0.2
        (0, 1234, 5, (0, 250, 500, 750, 1000, 1250)),  # raw 246.8 → 250
        (5, 5, 5, (5, 5.2, 5.4, 5.6, 5.8, 6)),  # no span: one unit wide
    ],
)
def test_nice_ticks(low, high, count, ticks):
    assert nice_ticks(low, high, count) == pytest.approx(ticks)


@pytest.mark.parametrize(
    ("ticks", "decimals"), [((0, 2, 4), 0), ((0, 0.5, 1), 1), ((0, 0.25, 0.5), 2)]
)
def test_tick_decimals(ticks, decimals):
    assert tick_decimals(ticks) == decimals


def test_log_ticks_are_1_2_5_times_powers_of_ten_within_the_range():
    assert log_ticks(2.4, 1875) == (5, 10, 20, 50, 100, 200, 500, 1000)
    assert log_ticks(1, 10**6) == (1, 10, 100, 1000, 10**4, 10**5, 10**6)  # many decades


def test_linear_scale_maps_upward_y():
    y = LinearScale(0, 10, 268, 64)
    assert (y(0), y(10), y(5)) == (268, 64, 166)
    assert y.clamped(12) == 64


def test_log_scale_puts_decades_evenly():
    x = LogScale(1, 100, 0, 200)
    assert (x(1), x(10), x(100)) == (0, 100, 200)


def test_bins_spread_the_palette_from_end_to_end():
    bins = binned([0, 1, 2, 3], DIVERGING)
    assert [b.colour for b in bins] == [DIVERGING[0], DIVERGING[3], DIVERGING[6]]
    assert [bin_of(v, bins) for v in (-1, 0, 0.99, 1, 2.5, 3, 9)] == [0, 0, 0, 1, 2, 2, 2]


def test_contrast_is_the_wcag_ratio():
    assert contrast("#000000") == pytest.approx(21)
    assert contrast("#ffffff") == pytest.approx(1)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)  # the known AA grey


@pytest.mark.parametrize("colour", ["#0072b2", "#c2410c", "#4d5560", HOLLOW, MUTED, INK, "#0b5cad"])
def test_mark_and_text_colours_keep_3_to_1_against_white(colour):
    assert contrast(colour) >= 3
