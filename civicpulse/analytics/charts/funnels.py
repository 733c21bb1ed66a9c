"""A funnel plot: each place's figure against its n, inside the limits chance allows.

The limits narrow as n grows (see statistics.rankings.funnel_limits_mean). A place
outside them is marked by shape and colour both, and the legend says what each means.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from civicpulse.analytics.charts.labels import confidence_label, count, n_label, number
from civicpulse.analytics.charts.marks import marker_path
from civicpulse.analytics.charts.markup import esc, titled_paths
from civicpulse.analytics.charts.rendering import Chart, no_data
from civicpulse.analytics.charts.scales import (
    LinearScale,
    LogScale,
    Tick,
    log_ticks,
    nice_ticks,
    tick_decimals,
)
from civicpulse.analytics.charts.tables import DataTable, TableCell
from civicpulse.analytics.statistics.rankings import FUNNEL_CONFIDENCES, FunnelLimits

WIDTH, HEIGHT = 720, 420
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 56, 104
LOG_SPREAD = 20  # the largest n at least 20 × the smallest: a log axis
SAMPLES = 60  # points along each limit line
LEGEND_COLUMN = 216

BLUE, VERMILION, GREY = "#0072b2", "#c2410c", "#4d5560"
INNER, OUTER = FUNNEL_CONFIDENCES
# position (FunnelLimits.position) → shape, colour, filled, and which limit it passed
POSITIONS = {
    "above": ("up", BLUE, True, OUTER),
    "high": ("up", BLUE, False, INNER),
    "within": ("circle", GREY, True, None),
    "low": ("down", VERMILION, False, INNER),
    "below": ("down", VERMILION, True, OUTER),
}


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    n: int
    value: float
    href: str | None = None


@dataclass(frozen=True)
class DrawnPoint:
    position: str  # FunnelLimits.position: above, high, within, low or below
    x: float
    y: float
    d: str  # the marker's outline
    shape: str
    colour: str
    filled: bool
    title: str
    href: str | None


@dataclass(frozen=True)
class LegendEntry:
    x: int  # within the legend
    y: int
    d: str
    shape: str
    colour: str
    filled: bool
    label: str
    count: int


@dataclass(frozen=True, kw_only=True)
class FunnelPlot(Chart):
    left: float
    right: float
    top: float
    bottom: float
    x_label: str = ""
    inner_label: str = ""  # "95 % limits"
    outer_label: str = ""
    log_scale: bool = False
    x_ticks: tuple[Tick, ...] = ()
    y_ticks: tuple[Tick, ...] = ()
    mean_y: float | None = None  # the overall figure, the funnel's centre line
    inner: tuple[str, ...] = ()  # path data: the 95 % limits, low and high
    outer: tuple[str, ...] = ()  # the 99.8 % limits
    points: tuple[DrawnPoint, ...] = ()
    legend: tuple[LegendEntry, ...] = ()

    template_name = "analytics/charts/funnel.html"
    kind = "funnel"

    @property
    def has_links(self) -> bool:
        return any(point.href for point in self.points)

    @property
    def legend_y(self) -> float:
        return self.bottom + 58

    @property
    def points_markup(self) -> str:
        """Every place's marker: hundreds, so written here rather than by the template."""
        return titled_paths(
            self.points,
            lambda point: (
                f' fill="{esc(point.colour if point.filled else "#ffffff")}"'
                f' stroke="{esc(point.colour)}" stroke-width="{1 if point.filled else 2}"'
            ),
        )

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top


def funnel_plot(
    points: Sequence[FunnelPoint],
    *,
    centre: float,
    limits: Callable[..., Sequence[FunnelLimits]],
    value_range: tuple[float, float],
    title: str,
) -> FunnelPlot:
    """``limits(sizes=[…])`` gives the limits for each size, e.g.
    ``functools.partial(funnel_limits_mean, overall_mean=m, sd=s)``; the lines are drawn by
    sampling it across the axis."""
    frame = {
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "x_label": _("number of ratings (n)"),
        "inner_label": _("%(confidence)s limits") % {"confidence": confidence_label(INNER)},
        "outer_label": _("%(confidence)s limits") % {"confidence": confidence_label(OUTER)},
    }
    points = [point for point in points if point.n > 0]
    if not points:
        return FunnelPlot(**no_data(title), **frame)
    y_ticks = nice_ticks(*value_range)
    y = LinearScale(y_ticks[0], y_ticks[-1], HEIGHT - BOTTOM, TOP)
    x, x_ticks, log_scale = _n_axis([point.n for point in points])
    sizes = _samples(x, log_scale)
    limit_lines = limits(sizes=sizes)
    own_limits = limits(sizes=[point.n for point in points])
    meanings = {position: position_meaning(position) for position in POSITIONS}
    drawn = tuple(
        _point(point, own.position(point.value), x, y, meanings)
        for point, own in zip(points, own_limits, strict=True)
    )
    decimals = tick_decimals(y_ticks)
    return FunnelPlot(
        description=_describe(title, drawn),
        log_scale=log_scale,
        x_ticks=tuple(Tick(x(tick), count(round(tick))) for tick in x_ticks),
        y_ticks=tuple(Tick(y(tick), number(tick, decimals)) for tick in y_ticks),
        mean_y=y.clamped(centre),
        inner=_limit_paths(sizes, limit_lines, "inner", x, y),
        outer=_limit_paths(sizes, limit_lines, "outer", x, y),
        points=drawn,
        legend=_legend(drawn),
        table=DataTable(
            caption=title,
            columns=(_("Place"), "n", _("Value"), _("Against the limits")),
            rows=tuple(
                (
                    TableCell(point.label, href=point.href),
                    TableCell(count(point.n), numeric=True),
                    TableCell(number(point.value), numeric=True),
                    TableCell(meanings[mark.position]),
                )
                for point, mark in zip(points, drawn, strict=True)
            ),
        ),
        **frame,
    )


def _n_axis(sizes: list[int]):
    smallest, largest = min(sizes), max(sizes)
    if largest / smallest >= LOG_SPREAD:
        low, high = smallest / 1.25, largest * 1.25
        return LogScale(low, high, LEFT, WIDTH - RIGHT), log_ticks(low, high), True
    ticks = nice_ticks(0, largest * 1.05, 6)  # the largest place clear of the edge
    return LinearScale(0, ticks[-1], LEFT, WIDTH - RIGHT), ticks, False


def _samples(x: LinearScale, log_scale: bool) -> list[float]:
    """Sizes spread evenly across the axis as drawn; from n = 1 at the least."""
    low, high = max(x.d0, 1), x.d1
    if log_scale:
        step = (math.log(high) - math.log(low)) / (SAMPLES - 1)
        return [math.exp(math.log(low) + i * step) for i in range(SAMPLES)]
    return [low + i * (high - low) / (SAMPLES - 1) for i in range(SAMPLES)]


def _limit_paths(sizes, limit_lines, which, x, y) -> tuple[str, ...]:
    """Two paths, the lower and upper limit; the plot's clip path trims what overflows."""
    pairs = [(size, getattr(limit, which)) for size, limit in zip(sizes, limit_lines, strict=True)]
    pairs = [(size, bounds) for size, bounds in pairs if bounds is not None]
    return tuple(
        "M" + "L".join(f"{x(size):g} {y(bounds[side]):g}" for size, bounds in pairs)
        for side in (0, 1)
        if pairs
    )


def _point(point: FunnelPoint, position: str, x, y, meanings: dict[str, str]) -> DrawnPoint:
    shape, colour, filled, _limit = POSITIONS[position]
    meaning = meanings[position]
    px, py = x(point.n), y.clamped(point.value)
    return DrawnPoint(
        position=position,
        x=px,
        y=py,
        d=marker_path(shape, px, py),
        shape=shape,
        colour=colour,
        filled=filled,
        title=f"{point.label}: {number(point.value)}, {n_label(point.n)} — {meaning}",
        href=point.href,
    )


def _legend(drawn: tuple[DrawnPoint, ...]) -> tuple[LegendEntry, ...]:
    """Every kind of marker with how many points it marks, three to a row."""
    entries = []
    for index, (position, (shape, colour, filled, _limit)) in enumerate(POSITIONS.items()):
        meaning = position_meaning(position)
        x, y = (index % 3) * LEGEND_COLUMN, 18 + (index // 3) * 18
        marked = sum(1 for point in drawn if point.position == position)
        label = f"{meaning} ({count(marked)})"
        entries.append(
            LegendEntry(
                x, y, marker_path(shape, x + 6, y - 4, 5), shape, colour, filled, label, marked
            )
        )
    return tuple(entries)


def position_meaning(position: str) -> str:
    limit = POSITIONS[position][3]
    if limit is None:
        return _("Within the limits")
    values = {"limit": confidence_label(limit)}
    if position in ("above", "high"):
        return _("Above the %(limit)s limit") % values
    return _("Below the %(limit)s limit") % values


def _describe(title: str, drawn) -> str:
    outside = sum(1 for point in drawn if point.position != "within")
    return _(
        "%(title)s: %(count)s places by number of ratings; %(outside)s outside the "
        "%(confidence)s limits."
    ) % {
        "title": title,
        "count": len(drawn),
        "outside": outside,
        "confidence": confidence_label(INNER),
    }
