"""Tables as CSV and XLSX files: Cyrillic intact, numbers as numbers, no formula ever run."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from civicpulse.core.tables import Table, table_csv, tables_xlsx

HOSTILE = '=HYPERLINK("http://evil.example","клик")'
TABLE = Table(
    "Отдели: 2026/05",
    ["Отдел", "Сигнали", "Дял", "Ден", "Кога"],
    [
        ["Пътища", 12, Decimal("0.75"), date(2026, 5, 1), datetime(2026, 5, 1, 9, 30, tzinfo=UTC)],
        [HOSTILE, 0, None, None, None],
    ],
)


def test_csv_is_utf8_with_a_bom_and_quotes_formulas():
    data = table_csv(TABLE)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Отдел", "Сигнали", "Дял", "Ден", "Кога"]
    assert rows[1] == ["Пътища", "12", "0.75", "2026-05-01", "2026-05-01T09:30+00:00"]
    assert rows[2] == ["'" + HOSTILE, "0", "", "", ""]


def test_xlsx_opens_with_types_kept_and_text_never_a_formula():
    workbook = load_workbook(io.BytesIO(tables_xlsx([TABLE, TABLE])))
    assert workbook.sheetnames == ["Отдели 2026 05", "Отдели 2026 05 (2)"]
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Отдел", "Сигнали", "Дял", "Ден", "Кога")
    assert rows[1][:3] == ("Пътища", 12, 0.75)
    assert rows[1][3].date() == date(2026, 5, 1) and rows[1][4] == datetime(2026, 5, 1, 9, 30)
    assert sheet["A3"].value == HOSTILE and sheet["A3"].data_type == "s"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_an_empty_workbook_still_opens():
    assert load_workbook(io.BytesIO(tables_xlsx([]))).sheetnames == ["Sheet"]
