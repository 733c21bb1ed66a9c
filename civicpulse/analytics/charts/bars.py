"""Horizontal bars (or dots), one row per item, each with its interval and its n.

Bars start at zero, so a scale that does not start at zero shows dots instead: a bar's
length must mean its value. The value and n are written out at the end of each row.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from civicpulse.analytics.charts.labels import (
    SMALL_FONT_SIZE,
    confidence_label,
    cut,
    n_label,
    number,
)
from civicpulse.analytics.charts.markup import esc, joined, plain
from civicpulse.analytics.charts.rendering import Chart, no_data
from civicpulse.analytics.charts.scales import LinearScale, Tick, nice_ticks, tick_decimals
from civicpulse.analytics.charts.tables import DataTable, TableCell, estimate_cells
from civicpulse.analytics.statistics.estimates import Estimate

WIDTH = 720
LABEL_WIDTH = 200  # the row labels' column
FIGURES_WIDTH = 170  # the value and n at each row's end
TOP, BOTTOM = 64, 44
ROW = 30


@dataclass(frozen=True)
class BarRow:
    label: str
    estimate: Estimate
    href: str | None = None
    note: str = ""


@dataclass(frozen=True)
class DrawnRow:
    y: int  # the row's middle
    label: str  # cut to fit
    full_label: str
    href: str | None
    x: float | None  # the value's end; None without a value
    low: float | None
    high: float | None
    figures: str  # "7,4 · n = 1 234"
    title: str


@dataclass(frozen=True, kw_only=True)
class BarChart(Chart):
    left: float
    right: float
    top: float
    bottom: float
    zero: float  # where bars start
    mark: str  # "bar" or "dot"
    rows: tuple[DrawnRow, ...] = ()
    ticks: tuple[Tick, ...] = ()
    reference_x: float | None = None
    reference_label: str = ""

    template_name = "analytics/charts/bar.html"
    kind = "bar"

    @property
    def has_links(self) -> bool:
        return any(row.href for row in self.rows)

    @property
    def label_x(self) -> float:
        return self.left - 10

    @property
    def rows_markup(self) -> SafeString:
        """Every row, a dozen tags each: written here rather than by the template, which
        costs tens of microseconds a tag."""
        return joined(self._row_markup(row) for row in self.rows)

    def _row_markup(self, row: DrawnRow) -> str:
        y = row.y
        label = (
            f'<text class="cp-end" x="{plain(self.label_x)}" y="{y}" dy="4" text-anchor="end">'
            f"{esc(row.label)}</text>"
        )
        if row.href:
            label = f'<a href="{esc(row.href)}" aria-label="{esc(row.title)}">{label}</a>'
        marks = []
        if row.x is not None:
            x, zero = plain(row.x), plain(self.zero)
            if self.mark == "bar":
                marks.append(f'<path d="M{zero} {y - 7}H{x}v14H{zero}Z" fill="#0072b2"/>')
            if row.low is not None:
                low, high = plain(row.low), plain(row.high)
                marks.append(
                    f'<path d="M{low} {y - 5}v10M{low} {y}H{high}M{high} {y - 5}v10"'
                    ' stroke="#1b1f24" stroke-width="1.5" fill="none"/>'
                )
            if self.mark == "dot":
                marks.append(
                    f'<circle cx="{x}" cy="{y}" r="5" fill="#0072b2" stroke="#1b1f24"'
                    ' stroke-width="1"/>'
                )
        muted = "cp-muted " if row.x is None else ""
        figures = (
            f'<text class="{muted}cp-small" x="{plain(self.figures_x)}" y="{y}" dy="4"'
            f' font-size="12">{esc(row.figures)}</text>'
        )
        return f"<g><title>{esc(row.title)}</title>{label}{''.join(marks)}{figures}</g>"

    @property
    def figures_x(self) -> float:
        return self.right + 12


def bar_chart(
    rows: Sequence[BarRow],
    *,
    title: str,
    value_range: tuple[float, float],
    reference: float | None = None,
    reference_label: str = "",
    value_format: Callable[[float], str] = number,
) -> BarChart:
    """``reference`` draws a line across the rows, e.g. the organisation's mean."""
    height = TOP + max(len(rows), 1) * ROW + BOTTOM
    left, right = LABEL_WIDTH, WIDTH - FIGURES_WIDTH
    ticks = nice_ticks(*value_range)
    x = LinearScale(ticks[0], ticks[-1], left, right)
    mark = "bar" if ticks[0] == 0 else "dot"
    frame = {
        "title": title,
        "width": WIDTH,
        "height": height,
        "left": left,
        "right": right,
        "top": TOP,
        "bottom": height - BOTTOM,
        "zero": x(0) if mark == "bar" else left,
        "mark": mark,
    }
    if not any(row.estimate.value is not None for row in rows):
        return BarChart(**no_data(title), **frame)
    # A given format shows ticks as it shows values (e.g. percentages); numbers get the
    # fewest decimals that tell the ticks apart.
    decimals = tick_decimals(ticks)
    tick_format = value_format if value_format is not number else lambda t: number(t, decimals)
    drawn = tuple(
        _row(row, TOP + index * ROW + ROW // 2, x, value_format) for index, row in enumerate(rows)
    )
    return BarChart(
        description=_describe(title, rows, value_format),
        rows=drawn,
        ticks=tuple(Tick(x(tick), tick_format(tick)) for tick in ticks),
        table=_table(title, rows, value_format),
        reference_x=x.clamped(reference) if reference is not None else None,
        reference_label=(
            f"{reference_label} {value_format(reference)}".strip() if reference is not None else ""
        ),
        **frame,
    )


def _row(row: BarRow, y: int, x: LinearScale, value_format) -> DrawnRow:
    estimate = row.estimate
    if estimate.value is None:
        figures = f"{_('no data')} · {n_label(estimate.n)}"
    else:
        figures = f"{value_format(estimate.value)} · {n_label(estimate.n)}"
    if row.note:
        figures += f" · {row.note}"
    interval = estimate.interval
    return DrawnRow(
        y=y,
        label=cut(row.label, LABEL_WIDTH - 16),
        full_label=row.label,
        href=row.href,
        x=x.clamped(estimate.value) if estimate.value is not None else None,
        low=x.clamped(interval[0]) if interval else None,
        high=x.clamped(interval[1]) if interval else None,
        figures=cut(figures, FIGURES_WIDTH - 16, SMALL_FONT_SIZE),
        title=_row_title(row, value_format),
    )


def _table(title: str, rows: Sequence[BarRow], value_format) -> DataTable:
    with_notes = any(row.note for row in rows)
    columns = (_("Name"), _("Value"), _("Interval"), "n") + ((_("Note"),) if with_notes else ())
    return DataTable(
        caption=title,
        columns=columns,
        rows=tuple(
            (TableCell(row.label, href=row.href), *estimate_cells(row.estimate, value_format))
            + ((TableCell(row.note),) if with_notes else ())
            for row in rows
        ),
    )


def _row_title(row: BarRow, value_format) -> str:
    estimate = row.estimate
    parts = [row.label]
    if estimate.value is None:
        parts.append(_("no data"))
    elif estimate.interval is None:
        parts.append(value_format(estimate.value))
    else:
        parts.append(
            _("%(value)s (%(confidence)s interval %(low)s–%(high)s)")
            % {
                "value": value_format(estimate.value),
                "confidence": confidence_label(estimate.confidence),
                "low": value_format(estimate.low),
                "high": value_format(estimate.high),
            }
        )
    parts.append(n_label(estimate.n))
    if row.note:
        parts.append(row.note)
    return ", ".join(parts)


def _describe(title: str, rows: Sequence[BarRow], value_format) -> str:
    valued = [row for row in rows if row.estimate.value is not None]
    highest = max(valued, key=lambda row: row.estimate.value)
    lowest = min(valued, key=lambda row: row.estimate.value)
    return _(
        "%(title)s: %(count)s rows; highest %(high_label)s (%(high)s), "
        "lowest %(low_label)s (%(low)s)."
    ) % {
        "title": title,
        "count": len(rows),
        "high_label": highest.label,
        "high": value_format(highest.estimate.value),
        "low_label": lowest.label,
        "low": value_format(lowest.estimate.value),
    }
