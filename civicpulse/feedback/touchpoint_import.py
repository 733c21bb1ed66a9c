"""Touchpoints from a CSV file: read and checked whole, shown as a plan, applied all or nothing.

The columns are the ones `exports.touchpoints_csv` writes (in Bulgarian or English), so an
exported file imports back, plus the form's address, job title and workplace. A row with a
code updates that touchpoint (its code never changes); a row without one adds a touchpoint.
Names of categories, areas, departments and workplaces are looked up only within the
organisation, so another organisation's names are simply unknown.
"""

import codecs
import csv
import functools
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Organization
from civicpulse.core.models.organizations import organization_changed
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.models.touchpoints import new_touchpoint_code
from civicpulse.feedback.touchpoint_import_rows import (
    FIELDS,
    IGNORED,
    PlannedRow,
    Problem,
    RowChecker,
    column_label,
    text_key,
)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
ENCODINGS = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1251": "Windows-1251"}

# C0 controls other than whitespace: a text file (even a badly made one) has none of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


@dataclass(frozen=True)
class ImportFile:
    text: str
    encoding: str  # a key of ENCODINGS

    @property
    def encoding_label(self) -> str:
        return ENCODINGS[self.encoding]


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    errors: list[Problem]
    warnings: list[Problem]
    ignored_columns: list[str]

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def new(self) -> int:
        return self._count("new")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def changed_rows(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action != "unchanged"]

    @property
    def can_apply(self) -> bool:
        return not self.errors and bool(self.changed_rows)


def touchpoint_import_read(*, data: bytes) -> ImportFile:
    """The uploaded bytes as text, refused when they are not a CSV table the import can read:
    empty, too big, a workbook or other binary file, no known column, no rows or too many."""
    if len(data) > MAX_BYTES:
        raise RuleViolation(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_BYTES // (1024 * 1024)}
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
    imported = _decode(data)
    _read_table(imported.text)  # refuses a file whose header or size is wrong
    return imported


def _decode(data: bytes) -> ImportFile:
    not_text = RuleViolation(_("This is not a text file. Save the table as CSV and upload it."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(ImportFile(data.decode("utf-16"), "utf-16"), not_text)
        except UnicodeDecodeError:
            raise not_text from None
    if b"\x00" in data:
        raise not_text
    try:
        return _checked(ImportFile(data.decode("utf-8-sig"), "utf-8"), not_text)
    except UnicodeDecodeError:
        pass
    # Bulgarian Excel writes "CSV (comma delimited)" in Windows-1251.
    try:
        return _checked(ImportFile(data.decode("cp1251"), "cp1251"), not_text)
    except UnicodeDecodeError:
        raise not_text from None


def _checked(imported: ImportFile, not_text: RuleViolation) -> ImportFile:
    if CONTROL_CHARACTERS.search(imported.text):
        raise not_text
    return imported


@dataclass(frozen=True)
class _Table:
    header: list[str]  # as written
    fields: list[str | None]  # per position: a FIELDS name, IGNORED, or None (unknown)
    rows: list[tuple[int, list[str]]]  # (line, cells), blank rows left out


def _read_table(text: str) -> _Table:
    header, delimiter = _header_and_delimiter(text)
    fields = [_known_headers().get(text_key(label)) for label in header]
    found = [name for name in fields if name not in (None, IGNORED)]
    if not found:
        raise RuleViolation(
            _(
                "The first line must name the columns, e.g. %(example)s. No known column was "
                "found; download the list of touchpoints as CSV to see them."
            )
            % {"example": ", ".join(column_label(name) for name in ("code", "name_bg", "category"))}
        )
    for name in set(found):
        if found.count(name) > 1:
            raise RuleViolation(
                _("The column “%(column)s” appears more than once.")
                % {"column": column_label(name)}
            )
    if "code" not in found and "name_bg" not in found:
        raise RuleViolation(
            _("The file needs a column “%(code)s” (to update) or “%(name)s” (to add).")
            % {"code": column_label("code"), "name": column_label("name_bg")}
        )
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        next(reader)
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(rows) == MAX_ROWS:
                    raise RuleViolation(
                        _("The file has more than %(limit)s rows. Split it into smaller files.")
                        % {"limit": number_format(MAX_ROWS, force_grouping=True)}
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
    return _Table(header=header, fields=fields, rows=rows)


def _header_and_delimiter(text: str) -> tuple[list[str], str]:
    """The delimiter that splits the first line into the most known columns: Excel writes
    semicolons where the decimal separator is a comma, as in Bulgaria."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    best = None
    for delimiter in (",", ";", "\t"):
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        known = sum(1 for label in header if text_key(label) in _known_headers())
        if best is None or (known, len(header)) > best[0]:
            best = ((known, len(header)), header, delimiter)
    _score, header, delimiter = best
    return [label.strip() for label in header], delimiter


@functools.cache
def _known_headers() -> dict[str, str]:
    """Column names in both languages (as the export writes them) and the fields' own names."""
    headers = {text_key(name): name for name in FIELDS} | {"public_url": IGNORED}
    for language in ("bg", "en"):
        with translation.override(language):
            headers |= {text_key(column_label(name)): name for name in FIELDS}
            headers[text_key(_("Public URL"))] = IGNORED
    return headers


def touchpoint_import_plan(*, organization: Organization, text: str) -> ImportPlan:
    """What the file would change, with every problem found; nothing is written."""
    table = _read_table(text)
    planner = RowChecker(organization, table.header, table.fields)
    for line, cells in table.rows:
        planner.plan_row(line, cells)
    planner.warn_about_far_coordinates()
    ignored = [label for label, name in zip(table.header, table.fields, strict=True) if not name]
    return ImportPlan(
        rows=planner.rows,
        errors=planner.errors,
        warnings=planner.warnings,
        ignored_columns=[label for label in ignored if label],
    )


@transaction.atomic
def touchpoint_import_apply(*, organization: Organization, text: str) -> ImportPlan:
    """Adds and updates the file's touchpoints in one transaction, or nothing at all when any
    row is wrong. The plan is made again inside the transaction, against current data."""
    plan = touchpoint_import_plan(organization=organization, text=text)
    if plan.errors:
        raise RuleViolation(
            ngettext(
                "The file has %(count)s error; nothing was imported.",
                "The file has %(count)s errors; nothing was imported.",
                len(plan.errors),
            )
            % {"count": len(plan.errors)}
        )
    new = [
        Touchpoint(organization=organization, **row.values)
        for row in plan.rows
        if row.action == "new"
    ]
    # In bulk, so 5,000 rows take seconds; the plan has checked what save() checks (the
    # workplace's organisation), and codes are drawn here as save() would draw them.
    for touchpoint, code in zip(new, _fresh_codes(len(new)), strict=True):
        touchpoint.code = code
    Touchpoint.objects.bulk_create(new, batch_size=500)
    updated, changed_fields = [], set()
    for row in plan.rows:
        if row.action == "update":
            for name in row.changes:
                setattr(row.touchpoint, name, row.values[name])
            changed_fields.update(row.changes)
            updated.append(row.touchpoint)
    if updated:
        Touchpoint.objects.bulk_update(updated, sorted(changed_fields), batch_size=500)
    organization_changed(organization.pk)  # bulk writes send no signals
    return plan


def _fresh_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_touchpoint_code() for _ in range(count - len(codes))} - codes
        # Codes are global (the public URL has no organisation), so look across tenants.
        taken = set(
            Touchpoint.objects.with_scopes_disabled()
            .filter(code__in=wanted)
            .values_list("code", flat=True)
        )
        codes |= wanted - taken
    return list(codes)
