"""The time series: gaps, bands, small n, thinned period labels, markers, no data."""

from datetime import date, timedelta
from itertools import pairwise

import pytest

from civicpulse.analytics.charts import SeriesPoint, line_chart
from civicpulse.analytics.charts.labels import SMALL_FONT_SIZE, text_width
from civicpulse.analytics.statistics.estimates import Estimate
from tests.analytics.charts.conftest import SVG, estimate, inline, texts

MONDAY = date(2026, 1, 5)


def weeks(values, n=100, label="week {}"):
    return [
        SeriesPoint(MONDAY + timedelta(weeks=i), label.format(i + 1), estimate(value, n))
        for i, value in enumerate(values)
    ]


def test_a_period_without_a_value_breaks_the_line_and_its_band():
    chart = line_chart(weeks([7, 7.2, None, 7.5, 7.6, 7.4]), title="t", value_label="v")
    assert len(chart.lines) == 2
    assert len(chart.bands) == 2
    assert len(chart.dots) == 5
    paths = [p for p in inline(chart).iter(f"{SVG}path") if p.get("stroke-width") == "2.5"]
    assert len(paths) == 2


def test_a_lone_point_between_gaps_gets_a_dot_and_a_whisker_not_a_line():
    chart = line_chart(weeks([7, None, 7.3, None, 7.5, 7.6]), title="t", value_label="v")
    assert len(chart.lines) == 1  # only the last two join
    assert len(chart.whiskers) == 2
    assert len(chart.dots) == 4


def test_the_value_axis_ticks_and_positions():
    chart = line_chart(weeks([5, 6]), title="t", value_label="v", value_range=(0, 10))
    assert [t.label for t in chart.y_ticks] == ["0", "2", "4", "6", "8", "10"]
    positions = [t.position for t in chart.y_ticks]
    assert positions[0] == chart.bottom and positions[-1] == chart.top
    assert chart.dots[0].y == (chart.bottom + chart.top) / 2  # 5 is halfway up


def test_small_n_is_hollow_and_the_legend_says_so(english):
    chart = line_chart(weeks([7, 7.1], n=3), title="t", value_label="v", small_n=30)
    assert all(dot.hollow for dot in chart.dots)
    assert "fewer than 30 ratings" in texts(inline(chart))
    assert "n = 3" in chart.dots[0].title


def test_period_labels_are_thinned_so_they_never_overlap():
    chart = line_chart(weeks([7] * 52, label="2026-W{:02d}"), title="t", value_label="v")
    assert 1 < len(chart.x_ticks) < 52
    assert chart.x_ticks[0].label == "2026-W01"
    width = text_width("2026-W01", SMALL_FONT_SIZE)
    gaps = [b.position - a.position for a, b in pairwise(chart.x_ticks)]
    assert min(gaps) >= width


def test_few_periods_keep_every_label():
    chart = line_chart(weeks([7, 7.1, 7.2]), title="t", value_label="v")
    assert [t.label for t in chart.x_ticks] == ["week 1", "week 2", "week 3"]


def test_markers_inside_the_series_are_drawn_and_others_left_out():
    markers = [(MONDAY + timedelta(days=10), "repair"), (date(2020, 1, 1), "long ago")]
    chart = line_chart(weeks([7, 7.1, 7.2]), title="t", value_label="v", markers=markers)
    assert [m.label for m in chart.markers] == ["repair"]
    # Day 10 lies between week 2 (day 7) and week 3 (day 14), 3/7 of the way.
    second, third = chart.dots[1].x, chart.dots[2].x
    assert chart.markers[0].x == pytest.approx(second + (third - second) * 3 / 7, abs=0.2)
    assert "repair" in texts(inline(chart))


def test_a_marker_label_that_would_overlap_the_one_before_is_left_off():
    markers = [
        (MONDAY + timedelta(days=8), "Major repair"),
        (MONDAY + timedelta(days=9), "New opening hours"),
        (MONDAY + timedelta(days=30), "New staff"),
    ]
    chart = line_chart(weeks([7] * 6), title="t", value_label="v", markers=markers)
    assert [m.label for m in chart.markers] == ["Major repair", "", "New staff"]
    assert [m.full_label for m in chart.markers][1] == "New opening hours"
    assert "New opening hours" in chart.description


def test_bulgarian_decimal_comma_and_english_dot(bulgarian):
    points = weeks([7.1, 7.9])
    chart = line_chart(points, title="Средна оценка", value_label="v", value_range=(0, 1))
    assert "7,1" in chart.description and "7,9" in chart.description
    assert [t.label for t in chart.y_ticks][1] == "0,2"
    assert "7,1 (6,7–7,5)" in chart.dots[0].title


def test_english_decimal_dot(english):
    chart = line_chart(weeks([7.1, 7.9]), title="Mean", value_label="v", value_range=(0, 1))
    assert "from 7.1 to 7.9" in chart.description
    assert [t.label for t in chart.y_ticks][1] == "0.2"


def test_no_points_draw_a_no_data_chart(english):
    for points in ([], weeks([None, None])):
        chart = line_chart(points, title="Mean", value_label="v")
        root = inline(chart)
        assert "No data for this period." in texts(root)
        assert not chart.dots


def test_a_long_period_label_at_an_edge_runs_inward():
    chart = line_chart(
        weeks([7, 7.1, 7.2], label="a rather long period label {}"), title="t", value_label="v"
    )
    assert chart.x_ticks[0].anchor == "start"
    assert chart.x_ticks[-1].anchor == "end"
    assert chart.x_ticks[1].anchor == "middle"


def test_a_missing_interval_breaks_the_band_but_not_the_line():
    points = weeks([7, 7.2, 7.3, 7.4])
    points[2] = SeriesPoint(points[2].start, points[2].label, Estimate(7.3, None, None, 1))
    chart = line_chart(points, title="t", value_label="v")
    assert len(chart.lines) == 1
    assert len(chart.bands) == 1 and chart.bands[0].count("L") == 3  # weeks 1-2, up and back
    assert [w.x for w in chart.whiskers] == [chart.dots[3].x]
