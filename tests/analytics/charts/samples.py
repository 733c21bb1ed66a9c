"""One chart of each kind, with the given label everywhere a label goes."""

from datetime import date, timedelta
from functools import partial

from civicpulse.analytics.charts import (
    BarRow,
    FunnelPoint,
    ScoredPlace,
    SeriesPoint,
    TileSource,
    bar_chart,
    funnel_plot,
    heat_map,
    line_chart,
    score_map,
)
from civicpulse.analytics.statistics.rankings import funnel_limits_mean
from tests.analytics.charts.conftest import estimate


def every_chart(label: str = "Парк") -> dict:
    monday = date(2026, 1, 5)
    counts = [[(day + hour) % 5 for hour in range(24)] for day in range(7)]
    return {
        "line": line_chart(
            [
                SeriesPoint(monday + timedelta(weeks=i), f"{label} {i}", estimate(7 + i / 10))
                for i in range(6)
            ],
            title=label,
            value_label=label,
            markers=[(monday + timedelta(days=10), label)],
        ),
        "bar": bar_chart(
            [BarRow(label, estimate(7), href="/a/?x=1&y=2", note=label)],
            title=label,
            value_range=(0, 10),
            reference=7.2,
            reference_label=label,
        ),
        "heat_map": heat_map(counts, title=label),
        "funnel": funnel_plot(
            [FunnelPoint(label, 40, 7.1, href="/f/"), FunnelPoint(label, 400, 6)],
            centre=7.5,
            limits=partial(funnel_limits_mean, overall_mean=7.5, sd=2),
            value_range=(4, 10),
            title=label,
        ),
        "score_map": score_map(
            [
                ScoredPlace(label, 42.40 + i / 100, 25.60 + (i % 2) / 50, estimate(6 + i), label)
                for i in range(4)
            ],
            title=label,
            tiles=TileSource(""),
        ),
    }
