"""CSV files people make in spreadsheets, read safely: shared by every import (touchpoints,
case files) and export.

An upload is refused as a whole when it is not a table an import can read: empty, too big,
a workbook or other binary file, undecodable, a header with no known column, no rows or
too many. Rows' own problems are the import's to report, by line and column.
"""

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from civicpulse.core.exceptions import RuleViolation

ENCODINGS = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1251": "Windows-1251"}
IGNORED = "ignored"  # a known column whose values the import does not read

# C0 controls other than whitespace: a text file (even a badly made one) has none of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading quote stops it being run as a formula.
    The imports strip that quote again, so an exported file imports back unchanged."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def spreadsheet_unquoted(text: str) -> str:
    """A cell as it was before spreadsheet_safe."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def text_key(text: str) -> str:
    """Compared without case or repeated spaces: „ПАРК  Заимов“ finds „Парк Заимов“."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Problem:
    """One problem of an import, where the preview shows it."""

    line: int  # the file's line number; the header is line 1
    column: str  # the column's name as the file writes it, or "" for the whole row
    message: str


@dataclass(frozen=True)
class ImportFile:
    text: str
    encoding: str  # a key of ENCODINGS

    @property
    def encoding_label(self) -> str:
        return ENCODINGS[self.encoding]


def csv_file_decode(*, data: bytes, max_bytes: int) -> ImportFile:
    """The uploaded bytes as text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or
    Windows-1251 (what Bulgarian Excel writes as "CSV (comma delimited)")."""
    if len(data) > max_bytes:
        raise RuleViolation(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": max_bytes // (1024 * 1024)}
        )
    if not data.strip():
        raise RuleViolation(_("The file is empty."))
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise RuleViolation(
            _(
                "This is an Excel workbook, not a CSV file. In Excel choose “Save as” and "
                "the type “CSV UTF-8” or “CSV (comma delimited)”, then upload that file."
            )
        )
    not_text = _("This is not a text file. Save the table as CSV and upload it.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = [("utf-16", "utf-16")]
    elif b"\x00" in data:
        raise RuleViolation(not_text)
    else:
        attempts = [("utf-8-sig", "utf-8"), ("cp1251", "cp1251")]
    for codec, name in attempts:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if CONTROL_CHARACTERS.search(text):
            raise RuleViolation(not_text)
        return ImportFile(text, name)
    raise RuleViolation(not_text)


@dataclass(frozen=True)
class CsvTable:
    header: list[str]  # as written
    fields: list[str | None]  # per position: a known field, IGNORED, or None (unknown)
    rows: list[tuple[int, list[str]]]  # (line, cells), blank rows left out

    def labels(self) -> dict[str, str]:
        """Each known field's column name as the file writes it."""
        return {
            name: label
            for label, name in zip(self.header, self.fields, strict=True)
            if name not in (None, IGNORED)
        }

    def ignored_columns(self) -> list[str]:
        return [
            label
            for label, name in zip(self.header, self.fields, strict=True)
            if not name and label
        ]


def csv_table_read(
    text: str,
    *,
    known_headers: dict[str, str],
    max_rows: int,
    no_known_column: str,
    column_label: Callable[[str], str],
) -> CsvTable:
    """The header and the non-blank rows. `known_headers` maps text_key(column name) to a
    field; `no_known_column` is the message for a header that names none of them."""
    header, delimiter = _header_and_delimiter(text, known_headers)
    fields = [known_headers.get(text_key(label)) for label in header]
    found = [name for name in fields if name not in (None, IGNORED)]
    if not found:
        raise RuleViolation(no_known_column)
    for name in set(found):
        if found.count(name) > 1:
            raise RuleViolation(
                _("The column “%(column)s” appears more than once.")
                % {"column": column_label(name)}
            )
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        next(reader)
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(rows) == max_rows:
                    raise RuleViolation(
                        _("The file has more than %(limit)s rows. Split it into smaller files.")
                        % {"limit": number_format(max_rows, force_grouping=True)}
                    )
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error:
        raise RuleViolation(
            _("Line %(line)s cannot be read: probably a quotation mark is not closed.")
            % {"line": line}
        ) from None
    if not rows:
        raise RuleViolation(_("The file has the column names but no rows."))
    return CsvTable(header=header, fields=fields, rows=rows)


def _header_and_delimiter(text: str, known_headers: dict[str, str]) -> tuple[list[str], str]:
    """The delimiter that splits the first line into the most known columns: Excel writes
    semicolons where the decimal separator is a comma, as in Bulgaria."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    best = None
    for delimiter in (",", ";", "\t"):
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        known = sum(1 for label in header if text_key(label) in known_headers)
        if best is None or (known, len(header)) > best[0]:
            best = ((known, len(header)), header, delimiter)
    _score, header, delimiter = best
    return [label.strip() for label in header], delimiter
