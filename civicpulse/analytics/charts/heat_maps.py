"""When people answer: a weekday × hour grid shaded by the number of responses.

Shades come in a few round-numbered steps (easier to read off a legend than a continuous
ramp); every cell also says its count and mean in its <title>.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicpulse.analytics.charts.labels import SMALL_FONT_SIZE, count, number, text_width
from civicpulse.analytics.charts.markup import esc, joined, plain
from civicpulse.analytics.charts.rendering import Chart, no_data
from civicpulse.analytics.charts.scales import (
    EMPTY,
    SEQUENTIAL,
    ColourBin,
    binned,
    nice_ticks,
)
from civicpulse.analytics.charts.tables import DataTable, TableCell

DAYS, HOURS = 7, 24
CELL = 26
LEFT, TOP = 60, 78
LEGEND_TOP = TOP + DAYS * CELL + 22
LEGEND_ROW = 26  # a row of legend swatches; large counts' labels wrap onto a second
LEGEND_SWATCH = 18
WIDTH = LEFT + HOURS * CELL + 16
HOUR_LABEL_EVERY = 3


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    fill: str
    title: str


@dataclass(frozen=True)
class LegendStep:
    x: int
    y: int
    fill: str
    label: str


@dataclass(frozen=True)
class AxisLabel:
    position: float
    label: str


@dataclass(frozen=True, kw_only=True)
class HeatMap(Chart):
    cell_size: int = CELL
    cells: tuple[Cell, ...] = ()
    days: tuple[AxisLabel, ...] = ()
    hours: tuple[AxisLabel, ...] = ()
    legend: tuple[LegendStep, ...] = ()
    left: int = LEFT
    top: int = TOP

    template_name = "analytics/charts/heat_map.html"
    kind = "heat-map"

    @property
    def legend_y(self) -> int:
        return LEGEND_TOP

    @property
    def cells_markup(self) -> str:
        """The 168 hours' squares, written here rather than by the template."""
        size = plain(self.cell_size)
        return joined(
            f'<rect x="{plain(cell.x)}" y="{plain(cell.y)}" width="{size}" height="{size}"'
            f' fill="{esc(cell.fill)}"><title>{esc(cell.title)}</title></rect>'
            for cell in self.cells
        )


def heat_map(
    counts: Sequence[Sequence[int]],
    means: Sequence[Sequence[float | None]] | None = None,
    *,
    title: str,
) -> HeatMap:
    """``counts`` and ``means``: 7 rows (Monday first) of 24 hours, in local time."""
    counts = _grid(counts, "counts")
    means = _grid(means, "means") if means is not None else None
    frame = {"title": title, "width": WIDTH, "height": LEGEND_TOP + 40}
    total = sum(sum(row) for row in counts)
    if total == 0:
        return HeatMap(**no_data(title, _("No responses in this period.")), **frame)
    bins = _bins(max(max(row) for row in counts))
    legend = _legend(bins)
    frame["height"] = LEGEND_TOP + legend[-1].y + LEGEND_SWATCH + 12
    cells = tuple(
        Cell(
            x=LEFT + hour * CELL,
            y=TOP + day * CELL,
            fill=_shade(counts[day][hour], bins),
            title=_cell_title(day, hour, counts[day][hour], means[day][hour] if means else None),
        )
        for day in range(DAYS)
        for hour in range(HOURS)
    )
    return HeatMap(
        description=_describe(title, counts, total),
        cells=cells,
        days=tuple(
            AxisLabel(TOP + day * CELL + CELL / 2, str(WEEKDAYS_ABBR[day])) for day in range(DAYS)
        ),
        hours=tuple(
            AxisLabel(LEFT + hour * CELL + CELL / 2, str(hour))
            for hour in range(0, HOURS, HOUR_LABEL_EVERY)
        ),
        legend=legend,
        table=DataTable(
            caption=title,
            columns=(_("Weekday"), *(str(hour) for hour in range(HOURS))),
            rows=tuple(
                (
                    TableCell(str(WEEKDAYS[day])),
                    *(TableCell(count(c), numeric=True) for c in counts[day]),
                )
                for day in range(DAYS)
            ),
        ),
        **frame,
    )


def _grid(values, name) -> list[list]:
    rows = [list(row) for row in values]
    if len(rows) != DAYS or any(len(row) != HOURS for row in rows):
        raise ValueError(f"{name} must be 7 weekdays × 24 hours")
    return [[_plain(value) for value in row] for row in rows]


def _plain(value):
    """numpy numbers → Python; NaN → None."""
    if value is None:
        return None
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and math.isnan(value) else value


def _bins(highest: int) -> tuple[ColourBin, ...]:
    """Round-numbered steps from 1 to the highest count; whole numbers, as counts are."""
    ticks = nice_ticks(0, highest, 5)
    bounds = [0, *sorted({math.ceil(tick) for tick in ticks[1:]})]
    return binned(bounds, SEQUENTIAL)


def _shade(responses: int, bins) -> str:
    """A bin holds low < count ≤ high, as its legend says: "1–20", "21–40"."""
    if not responses:
        return EMPTY
    return next((b.colour for b in bins if responses <= b.high), bins[-1].colour)


def _legend(bins) -> tuple[LegendStep, ...]:
    """Swatches spaced for the widest label, wrapping onto another row where large counts
    would run past the chart's edge."""
    entries = [(EMPTY, "0")]
    for colour_bin in bins:
        low, high = int(colour_bin.low) + 1, int(colour_bin.high)
        entries.append(
            (colour_bin.colour, count(low) if low == high else f"{count(low)}–{count(high)}")
        )
    widest = max(text_width(label, SMALL_FONT_SIZE) for _fill, label in entries)
    step = max(96, math.ceil(LEGEND_SWATCH + 6 + widest + 14))
    per_row = max(1, int((WIDTH - LEFT) // step))
    return tuple(
        LegendStep(
            LEFT + (index % per_row) * step,
            10 + (index // per_row) * LEGEND_ROW,
            fill,
            label,
        )
        for index, (fill, label) in enumerate(entries)
    )


def _hours(hour: int) -> str:
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


def _cell_title(day: int, hour: int, responses: int, mean: float | None) -> str:
    counted = ngettext("%(n)s response", "%(n)s responses", responses) % {"n": count(responses)}
    text = f"{WEEKDAYS[day]}, {_hours(hour)}: {counted}"
    if responses and mean is not None:
        text += ", " + _("mean %(mean)s") % {"mean": number(mean)}
    return text


def _describe(title: str, counts, total: int) -> str:
    busiest_day, busiest_hour = max(
        ((day, hour) for day in range(DAYS) for hour in range(HOURS)),
        key=lambda cell: counts[cell[0]][cell[1]],
    )
    return _(
        "%(title)s: %(total)s responses by weekday and hour; the busiest hour is "
        "%(day)s %(hours)s with %(count)s."
    ) % {
        "title": title,
        "total": count(total),
        "day": WEEKDAYS[busiest_day],
        "hours": _hours(busiest_hour),
        "count": count(counts[busiest_day][busiest_hour]),
    }
