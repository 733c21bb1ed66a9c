"""A time series: the value per period as a line in its confidence band.

A period without a value breaks the line (joining across it would invent data). Points
with few ratings are drawn hollow, and interventions as labelled vertical lines.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from civicpulse.analytics.charts.labels import (
    SMALL_FONT_SIZE,
    confidence_label,
    cut,
    estimate_label,
    number,
    text_width,
)
from civicpulse.analytics.charts.markup import esc, joined, plain
from civicpulse.analytics.charts.rendering import Chart, no_data
from civicpulse.analytics.charts.scales import LinearScale, Tick, nice_ticks, tick_decimals
from civicpulse.analytics.charts.tables import DataTable, TableCell, estimate_cells
from civicpulse.analytics.statistics.estimates import Estimate

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 64, 72
INSET = 14  # keeps the first and last dots clear of the axes
SMALL_N = 30
LABEL_GAP = 10
SQUARE = 8


@dataclass(frozen=True)
class SeriesPoint:
    start: date
    label: str
    estimate: Estimate
    partial: str = ""  # what part of its period the point covers, when not all of it

    @property
    def full_label(self) -> str:
        return f"{self.label} ({self.partial})" if self.partial else self.label


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    hollow: bool
    title: str
    partial: bool = False  # drawn as a square: its period is only partly covered

    @property
    def square(self) -> tuple[float, float]:
        """The top left corner of a partial point's square."""
        return self.x - SQUARE / 2, self.y - SQUARE / 2


@dataclass(frozen=True)
class LegendEntry:
    kind: str  # "line", "band", "small" or "partial": the mark drawn before the label
    x: float
    label: str


@dataclass(frozen=True)
class Whisker:
    x: float
    y_low: float
    y_high: float


@dataclass(frozen=True)
class VerticalMarker:
    x: float
    label: str
    full_label: str
    anchor: str  # "start" or "end": the label runs away from the plot's nearer edge


@dataclass(frozen=True, kw_only=True)
class LineChart(Chart):
    left: float
    top: float
    right: float
    bottom: float
    value_label: str
    interval_label: str = ""  # "95 % confidence interval"
    y_ticks: tuple[Tick, ...] = ()
    x_ticks: tuple[Tick, ...] = ()
    lines: tuple[str, ...] = ()  # path data, one per unbroken run
    bands: tuple[str, ...] = ()
    whiskers: tuple[Whisker, ...] = ()  # where a band would have no width: a lone point
    dots: tuple[Dot, ...] = ()
    markers: tuple[VerticalMarker, ...] = ()
    small_n: int = SMALL_N
    legend: tuple[LegendEntry, ...] = ()

    template_name = "analytics/charts/line.html"
    kind = "line"

    @property
    def legend_y(self) -> float:
        return self.height - 14

    @property
    def dots_markup(self) -> str:
        """A mark a period (hundreds over a year of days), written here, not by the template."""
        return joined(_dot(dot) for dot in self.dots)


def line_chart(
    points: Sequence[SeriesPoint],
    *,
    title: str,
    value_range: tuple[float, float] = (0, 10),
    value_label: str,
    markers: Sequence[tuple[date, str]] = (),
    small_n: int = SMALL_N,
    value_format: Callable[[float], str] = number,
) -> LineChart:
    """Points in date order; ``markers`` are (date, label) pairs such as interventions;
    ``value_format`` writes values out (e.g. counts without decimals)."""
    points = sorted(points, key=lambda point: point.start)
    frame = {
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "top": TOP,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "value_label": value_label,
        "small_n": small_n,
    }
    valued = [point for point in points if point.estimate.value is not None]
    if not valued:
        return LineChart(**no_data(title), **frame)
    ticks = nice_ticks(*value_range)
    y = LinearScale(ticks[0], ticks[-1], HEIGHT - BOTTOM, TOP)
    ordinals = [point.start.toordinal() for point in points]
    x = LinearScale(ordinals[0], ordinals[-1], LEFT + INSET, WIDTH - RIGHT - INSET)
    xs = [x(ordinal) for ordinal in ordinals]

    def y_of(value):
        return y.clamped(value)

    lines, bands, whiskers = _runs(points, xs, y_of)
    dots = tuple(
        Dot(
            x=px,
            y=y_of(point.estimate.value),
            hollow=point.estimate.n < small_n,
            title=f"{point.full_label}: "
            f"{estimate_label(point.estimate, value_format=value_format)}",
            partial=bool(point.partial),
        )
        for point, px in zip(points, xs, strict=True)
        if point.estimate.value is not None
    )
    interval_label = _("%(confidence)s confidence interval") % {
        "confidence": confidence_label(valued[0].estimate.confidence)
    }
    return LineChart(
        description=_describe(title, points, valued, markers, value_format),
        interval_label=interval_label,
        y_ticks=tuple(Tick(y(tick), number(tick, tick_decimals(ticks))) for tick in ticks),
        x_ticks=_period_ticks(points, xs),
        lines=lines,
        bands=bands,
        whiskers=whiskers,
        dots=dots,
        markers=_markers(markers, x, ordinals),
        legend=_legend(
            ("line", _("value")),
            ("band", interval_label if bands or whiskers else ""),
            (
                "small",
                _("fewer than %(n)s ratings") % {"n": small_n}
                if any(dot.hollow for dot in dots)
                else "",
            ),
            ("partial", _("part of the period") if any(p.partial for p in points) else ""),
        ),
        table=DataTable(
            caption=title,
            columns=(_("Period"), value_label, _("Interval"), "n"),
            rows=tuple(
                (TableCell(p.full_label), *estimate_cells(p.estimate, value_format)) for p in points
            ),
        ),
        **frame,
    )


LEGEND_MARK = 22  # the drawn mark before each label, and the gap after it
LEGEND_GAP = 18


def _legend(*entries: tuple[str, str]) -> tuple[LegendEntry, ...]:
    """The entries with a label, one after another, each placed after the last one's text."""
    placed, x = [], 0.0
    for kind, label in entries:
        if label:
            placed.append(LegendEntry(kind, x, label))
            x += LEGEND_MARK + 6 + text_width(label, SMALL_FONT_SIZE) + LEGEND_GAP
    return tuple(placed)


def _runs(points, xs, y_of):
    """A line for each run of consecutive valued points (a missing value breaks it); a band
    for each run of intervals, or a whisker where an interval stands alone."""
    valued = _stretches(range(len(points)), lambda i: points[i].estimate.value is not None)
    lines = tuple(
        _path((xs[i], y_of(points[i].estimate.value)) for i in run)
        for run in valued
        if len(run) > 1
    )
    with_interval = [
        stretch
        for run in valued
        for stretch in _stretches(run, lambda i: points[i].estimate.interval is not None)
    ]
    bands = tuple(
        _path(
            [(xs[i], y_of(points[i].estimate.high)) for i in stretch]
            + [(xs[i], y_of(points[i].estimate.low)) for i in reversed(stretch)]
        )
        + "Z"
        for stretch in with_interval
        if len(stretch) > 1
    )
    whiskers = tuple(
        Whisker(xs[i], y_of(points[i].estimate.low), y_of(points[i].estimate.high))
        for (i, *rest) in with_interval
        if not rest
    )
    return lines, bands, whiskers


def _stretches(indices, keep) -> list[list[int]]:
    """The runs of consecutive indices for which keep(index) holds."""
    stretches, current = [], []
    for index in indices:
        if keep(index):
            current.append(index)
        elif current:
            stretches.append(current)
            current = []
    if current:
        stretches.append(current)
    return stretches


def _path(coordinates) -> str:
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in coordinates)


def _period_ticks(points, xs) -> tuple[Tick, ...]:
    """Every k-th period's label, k the smallest that keeps neighbours apart."""
    if len(points) == 1:
        return (_period_tick(xs[0], points[0].label),)
    widest = max(text_width(point.label, SMALL_FONT_SIZE) for point in points) + LABEL_GAP
    narrowest_gap = min(b - a for a, b in pairwise(xs)) or 1
    every = max(1, math.ceil(widest / narrowest_gap))
    return tuple(_period_tick(xs[i], points[i].label) for i in range(0, len(points), every))


def _period_tick(x: float, label: str) -> Tick:
    half = text_width(label, SMALL_FONT_SIZE) / 2
    if x - half < 4:
        return Tick(x, label, "start")
    if x + half > WIDTH - 4:
        return Tick(x, label, "end")
    return Tick(x, label)


def _markers(markers, x, ordinals) -> tuple[VerticalMarker, ...]:
    """Markers within the series' dates; a label runs toward the wider side of the plot.
    A label that would overlap the one before is left off (the line keeps its <title>, and
    the chart's description names every marker)."""
    drawn = []
    room = (WIDTH - LEFT - RIGHT) / 2
    taken: tuple[float, float] | None = None  # the last label's span
    for when, label in sorted(markers):
        if not ordinals[0] <= when.toordinal() <= ordinals[-1]:
            continue
        px = x(when.toordinal())
        anchor = "start" if px < LEFT + room else "end"
        shown = cut(label, room - 8, SMALL_FONT_SIZE)
        width = text_width(shown, SMALL_FONT_SIZE) + 8
        span = (px, px + width) if anchor == "start" else (px - width, px)
        if taken is not None and span[0] < taken[1] and taken[0] < span[1]:
            shown = ""
        else:
            taken = span
        drawn.append(VerticalMarker(px, shown, label, anchor))
    return tuple(drawn)


def _describe(title, points, valued, markers, value_format=number) -> str:
    values = [point.estimate.value for point in valued]
    text = _(
        "%(title)s: %(count)s periods from %(first)s to %(last)s, values from %(low)s to %(high)s."
    ) % {
        "title": title,
        "count": len(points),
        "first": points[0].full_label,
        "last": points[-1].full_label,
        "low": value_format(min(values)),
        "high": value_format(max(values)),
    }
    for when, label in sorted(markers):
        text += " " + _("Marked on %(date)s: %(label)s.") % {
            "date": date_format(when, "SHORT_DATE_FORMAT"),
            "label": label,
        }
    return text


def _dot(dot: Dot) -> str:
    if dot.partial:
        x, y = dot.square
        shape = f'<rect x="{plain(x)}" y="{plain(y)}" width="8" height="8"'
    else:
        radius = "4.5" if dot.hollow else "4"
        shape = f'<circle cx="{plain(dot.x)}" cy="{plain(dot.y)}" r="{radius}"'
    paint = (
        ' fill="#ffffff" stroke="#0072b2" stroke-width="2"'
        if dot.hollow
        else ' fill="#0072b2" stroke="#0072b2" stroke-width="1"'
    )
    end = "rect" if dot.partial else "circle"
    return f"{shape}{paint}><title>{esc(dot.title)}</title></{end}>"
