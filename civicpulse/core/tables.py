"""Tables of figures as files people open in a spreadsheet: CSV and XLSX.

CSV is UTF-8 with a byte-order mark, so Excel shows Cyrillic instead of mojibake, and any
text that a spreadsheet would run as a formula is quoted (csv_tables.spreadsheet_safe).
XLSX keeps numbers and dates as numbers and dates, writes every text as a string cell
(never a formula, whatever it starts with) and puts each table on a sheet of its own.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from civicpulse.core.csv_tables import spreadsheet_safe

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Cell = str | int | float | Decimal | date | datetime | None
SHEET_TITLE_MOST = 31  # Excel's limit
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
_WIDEST_COLUMN = 60


@dataclass
class Table:
    title: str
    header: Sequence[str]
    rows: list[Sequence[Cell]] = field(default_factory=list)


def _csv_cell(value: Cell) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value


def table_csv(table: Table) -> bytes:
    """One table as CSV bytes (UTF-8 with a byte-order mark)."""
    return b"".join(csv_lines(table.header, table.rows))


class _Line:
    """A file-like target that hands back what the csv writer wrote."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[bytes]:
    """The same CSV as table_csv, a line at a time (for a streaming response)."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow([_csv_cell(str(title)) for title in header]).encode()
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row]).encode()


def _sheet_title(title: str, taken: set[str]) -> str:
    base = " ".join(str(title).translate(_SHEET_TITLE_FORBIDDEN).split())[:SHEET_TITLE_MOST]
    base = base or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: SHEET_TITLE_MOST - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _xlsx_cell(sheet, value: Cell, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones: local time as shown
    if isinstance(value, Decimal):
        value = float(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a text, even "=HYPERLINK(…)", is never run as a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """Tables as one workbook, a sheet each, the header row bold and frozen."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        sheet.freeze_panes = "A2"
        widths = [len(str(title)) for title in table.header]
        for row in table.rows:
            for index, value in enumerate(row[: len(widths)]):
                widths[index] = max(widths[index], len(str(value or "")))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, _WIDEST_COLUMN)
        sheet.append([_xlsx_cell(sheet, str(title), bold=True) for title in table.header])
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    if not tables:
        workbook.create_sheet("Sheet")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
