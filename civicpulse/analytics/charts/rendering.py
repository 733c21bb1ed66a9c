"""What every chart shares: its frame (title, description, size) and its rendering to SVG.

A chart is a frozen dataclass holding everything its template draws, computed and
formatted beforehand; the template only places it. Ids inside the SVG start with a prefix,
so several charts can share one page.
"""

import re
from dataclasses import dataclass
from typing import ClassVar

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from civicpulse.analytics.charts.labels import FONT_SIZE
from civicpulse.analytics.charts.markup import esc, joined
from civicpulse.analytics.charts.tables import DataTable, TableCell

PREFIX_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADING_Y = 26  # the visible title's baseline


@dataclass(frozen=True, kw_only=True)
class Chart:
    """``empty_message`` is set, and nothing else drawn, when there is no data to show."""

    title: str
    description: str  # the <desc>: what the chart shows, in a sentence
    width: int
    height: int
    empty_message: str = ""
    table: DataTable | None = None  # the figures drawn, for {% chart_table %}

    template_name: ClassVar[str]
    kind: ClassVar[str]

    @property
    def centre_x(self) -> float:
        return self.width / 2

    @property
    def centre_y(self) -> float:
        return (self.height + HEADING_Y) / 2

    @property
    def heading_y(self) -> int:
        return HEADING_Y

    @property
    def has_links(self) -> bool:
        """A chart with links is a role="group", not an "img": an image's children are
        hidden from assistive technology, and links there would be unreachable."""
        return False


def no_data(title: str, message: str = "") -> dict[str, str]:
    """The description and message of a chart with nothing to draw."""
    message = message or _("No data for this period.")
    return {"description": f"{title}: {message}", "empty_message": message}


def render_chart(
    chart: Chart, *, prefix: str, standalone: bool = False, with_style: bool = True
) -> SafeString:
    """The chart as an <svg> element; ``standalone`` adds the size a file needs.

    Control characters are dropped: XML forbids them, and a label pasted from elsewhere
    could carry one into an otherwise valid document.
    """
    markup = render_to_string(
        chart.template_name,
        {
            "chart": chart,
            "prefix": id_prefix(prefix),
            "standalone": standalone,
            "with_style": with_style or standalone,
            "font_size": FONT_SIZE,
        },
    )
    return SafeString(XML_FORBIDDEN.sub("", markup))


def render_table(chart: Chart) -> SafeString:
    """The chart's figures as an HTML table; nothing for a chart without data.

    Built here rather than in a template: a map's or a funnel's table has a row a place.
    """
    table = chart.table
    if table is None:
        return SafeString("")
    columns = "".join(f'<th scope="col">{esc(column)}</th>' for column in table.columns)
    rows = "".join(f"<tr>{_table_cells(row)}</tr>\n  " for row in table.rows)
    return joined(
        (
            '<table class="chart-table">\n',
            f"  <caption>{esc(table.caption)}</caption>\n",
            f"  <thead><tr>{columns}</tr></thead>\n",
            f"  <tbody>\n  {rows}\n  </tbody>\n</table>\n",
        )
    )


def _table_cells(row: tuple[TableCell, ...]) -> str:
    cells = []
    for index, cell in enumerate(row):
        text = esc(cell.text)
        if cell.href:
            text = f'<a href="{esc(cell.href)}">{text}</a>'
        if index == 0:
            cells.append(f'<th scope="row">{text}</th>')
        else:
            cells.append(f'<td class="numeric">{text}</td>' if cell.numeric else f"<td>{text}</td>")
    return "".join(cells)


def id_prefix(prefix: str) -> str:
    """A valid XML id start: letters, digits, '-' and '_', beginning with a letter."""
    cleaned = PREFIX_UNSAFE.sub("-", prefix)
    return cleaned if cleaned[:1].isalpha() else f"c{cleaned}"
