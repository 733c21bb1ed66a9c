"""The dashboard's charts, drawn on the server as SVG (no JavaScript), and as downloads.

Each builder takes plain data and returns a frozen chart holding everything its template
draws; ``{% load charts %}{% chart some_chart %}`` puts it inline, and ``images`` turns it
into an .svg or .png file.
"""

from civicpulse.analytics.charts.bars import BarChart, BarRow, bar_chart
from civicpulse.analytics.charts.funnels import FunnelPlot, FunnelPoint, funnel_plot
from civicpulse.analytics.charts.heat_maps import HeatMap, heat_map
from civicpulse.analytics.charts.images import chart_download, png_from_svg, svg_document
from civicpulse.analytics.charts.lines import LineChart, SeriesPoint, line_chart
from civicpulse.analytics.charts.rendering import Chart, render_chart
from civicpulse.analytics.charts.score_maps import ScoredPlace, ScoreMap, TileSource, score_map

__all__ = [
    "BarChart",
    "BarRow",
    "Chart",
    "FunnelPlot",
    "FunnelPoint",
    "HeatMap",
    "LineChart",
    "ScoreMap",
    "ScoredPlace",
    "SeriesPoint",
    "TileSource",
    "bar_chart",
    "chart_download",
    "funnel_plot",
    "heat_map",
    "line_chart",
    "png_from_svg",
    "render_chart",
    "score_map",
    "svg_document",
]
