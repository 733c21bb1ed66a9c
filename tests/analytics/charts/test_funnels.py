"""The funnel plot: limits from the statistics, points outside marked by shape and colour."""

from functools import partial

from civicpulse.analytics.charts import FunnelPoint, funnel_plot
from civicpulse.analytics.statistics.rankings import funnel_limits_mean
from tests.analytics.charts.conftest import SVG, inline, texts

LIMITS = partial(funnel_limits_mean, overall_mean=7.5, sd=2.0)


def plot(points, **options):
    return funnel_plot(points, centre=7.5, limits=LIMITS, value_range=(4, 10), title="t", **options)


def test_points_are_placed_by_their_own_limits(english):
    # n = 400: standard error 2/√400 = 0.1, so 6.0 is 15 SE below (beyond 99.8 %) and 7.7
    # is 2 SE above (beyond 1.96, within 3.09); n = 10: 7.0 is 0.8 SE below, within.
    chart = plot(
        [FunnelPoint("low", 400, 6.0), FunnelPoint("high", 400, 7.7), FunnelPoint("ok", 10, 7.0)]
    )
    kinds = {p.title.split(":")[0]: (p.shape, p.colour, p.filled) for p in chart.points}
    assert kinds["low"][:1] == ("down",) and kinds["low"][2]
    assert kinds["high"][:1] == ("up",) and not kinds["high"][2]
    assert kinds["ok"][:1] == ("circle",)
    assert len({kind[:2] for kind in kinds.values()}) == 3  # shape and colour both differ
    assert "Below the 99.8\xa0% limit" in chart.points[0].title


def test_the_legend_counts_each_kind_of_marker(english):
    chart = plot([FunnelPoint("a", 400, 6.0), FunnelPoint("b", 400, 5.0), FunnelPoint("c", 9, 7)])
    counts = {entry.label: entry.count for entry in chart.legend}
    assert counts["Below the 99.8\xa0% limit (2)"] == 2
    assert counts["Within the limits (1)"] == 1
    assert "Above the 95\xa0% limit (0)" in texts(inline(chart))


def test_a_wide_spread_of_n_gets_a_log_axis():
    narrow = plot([FunnelPoint("a", 50, 7), FunnelPoint("b", 400, 7)])
    wide = plot([FunnelPoint("a", 5, 7), FunnelPoint("b", 400, 7)])
    assert not narrow.log_scale and wide.log_scale
    assert [t.label for t in wide.x_ticks] == ["5", "10", "20", "50", "100", "200", "500"]
    assert narrow.x_ticks[0].label == "0"


def test_the_limits_narrow_toward_the_centre_and_are_clipped_to_the_plot():
    chart = plot([FunnelPoint("a", 5, 7), FunnelPoint("b", 400, 7)])
    _lower, upper_inner = chart.inner
    first, last = upper_inner[1:].split("L")[0], upper_inner.split("L")[-1]
    assert float(first.split()[1]) < float(last.split()[1]) < chart.mean_y  # falling to centre
    root = inline(chart, prefix="funnel")
    assert root.find(f".//{SVG}clipPath").get("id") == "funnel-plot"
    assert root.find(f".//{SVG}g[@clip-path='url(#funnel-plot)']") is not None


def test_points_with_href_are_links():
    root = inline(plot([FunnelPoint("a", 40, 7, href="/a/"), FunnelPoint("b", 50, 7)]))
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["/a/"]


def test_no_points_draw_a_no_data_chart(english):
    for points in ([], [FunnelPoint("a", 0, 0)]):
        assert "No data for this period." in texts(inline(plot(points)))


def test_the_limits_are_named_in_the_language(bulgarian):
    chart = plot([FunnelPoint("a", 400, 6.0)])
    assert chart.outer_label.startswith("99,8\xa0%")
    assert "99,8\xa0%" in chart.points[0].title
