"""The figures behind a chart as a table: the alternative for screen readers, keyboards
and anyone who wants the numbers (WCAG 1.1.1). ``{% chart_table c %}`` renders it."""

from dataclasses import dataclass

from civicpulse.analytics.charts.labels import count, number
from civicpulse.analytics.statistics.estimates import Estimate

NONE = "—"


@dataclass(frozen=True)
class TableCell:
    text: str
    href: str | None = None
    numeric: bool = False


@dataclass(frozen=True)
class DataTable:
    """The first cell of each row heads it."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...]


def estimate_cells(
    estimate: Estimate, value_format=number
) -> tuple[TableCell, TableCell, TableCell]:
    """Value, interval and n, as three cells."""
    value = value_format(estimate.value) if estimate.value is not None else NONE
    interval = (
        f"{value_format(estimate.low)}–{value_format(estimate.high)}" if estimate.interval else NONE
    )
    return (
        TableCell(value, numeric=True),
        TableCell(interval, numeric=True),
        TableCell(count(estimate.n), numeric=True),
    )
