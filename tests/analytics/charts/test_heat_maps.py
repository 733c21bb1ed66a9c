"""The weekday × hour heat map: shape checks, steps of shade, translated cell titles."""

import itertools

import numpy as np
import pytest

from civicpulse.analytics.charts import heat_map
from civicpulse.analytics.charts.scales import EMPTY, SEQUENTIAL
from tests.analytics.charts.conftest import inline, texts


def grid(fill=0):
    return [[fill] * 24 for _ in range(7)]


def test_the_grid_must_be_7_by_24():
    with pytest.raises(ValueError, match="7 weekdays"):
        heat_map([[1] * 24] * 6, title="t")
    with pytest.raises(ValueError, match="7 weekdays"):
        heat_map(grid(), [[1] * 23] * 7, title="t")


def test_shades_come_in_round_steps_and_the_legend_names_them(english):
    counts = grid()
    counts[0][9], counts[1][10], counts[2][11] = 40, 15, 1
    chart = heat_map(counts, title="t")
    assert [step.label for step in chart.legend] == ["0", "1–10", "11–20", "21–30", "31–40"]
    fills = {(cell.y, cell.x): cell.fill for cell in chart.cells}
    monday_nine = fills[(chart.top, chart.left + 9 * chart.cell_size)]
    assert monday_nine == SEQUENTIAL[-1]  # the highest step is the darkest
    assert fills[(chart.top, chart.left)] == EMPTY
    assert len(chart.cells) == 7 * 24


def test_a_cell_title_says_weekday_hour_count_and_mean(english):
    counts, means = np.zeros((7, 24), dtype=int), np.full((7, 24), np.nan)
    counts[0, 14], means[0, 14] = 3, 7.5
    chart = heat_map(counts, means, title="t")
    titles = texts(inline(chart), "title")
    assert "Monday, 14:00–15:00: 3 responses, mean 7.5" in titles
    assert "Sunday, 23:00–00:00: 0 responses" in titles


def test_weekdays_are_translated(bulgarian):
    counts = grid()
    counts[0][8] = 2
    chart = heat_map(counts, grid(8.25), title="t")
    assert chart.days[0].label == "Пон"
    assert chart.cells[8].title.startswith("понеделник, 08:00–09:00:")
    assert chart.cells[8].title.endswith("8,2") or chart.cells[8].title.endswith("8,3")


def test_no_responses_draw_a_no_data_chart(english):
    chart = heat_map(grid(), title="t")
    assert "No responses in this period." in texts(inline(chart))


def test_a_legend_of_large_counts_wraps_rather_than_overlapping(english):
    counts = grid(51_234)
    counts[3][12] = 61_234
    chart = heat_map(counts, title="t")
    rows = sorted({step.y for step in chart.legend})
    assert len(rows) == 2
    for row in rows:
        steps = [step for step in chart.legend if step.y == row]
        for left, right in itertools.pairwise(steps):
            assert right.x - left.x >= 24 + 7 * len(left.label)  # the label's room
        assert steps[-1].x + 24 + 7 * len(steps[-1].label) <= chart.width
    assert chart.height >= chart.legend_y + rows[-1] + 18
