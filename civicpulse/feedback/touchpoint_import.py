"""Touchpoints from a CSV file: read and checked whole, shown as a plan, applied all or nothing.

The columns are the ones `exports.touchpoints_csv` writes (in Bulgarian or English), so an
exported file imports back, plus the form's address, job title and workplace. A row with a
code updates that touchpoint (its code never changes); a row without one adds a touchpoint.
Names of categories, areas, departments and workplaces are looked up only within the
organisation, so another organisation's names are simply unknown.
"""

import functools
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicpulse.core.csv_tables import (
    ENCODINGS,
    IGNORED,
    CsvTable,
    ImportFile,
    csv_file_decode,
    csv_table_read,
    text_key,
)
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Organization
from civicpulse.core.models.organizations import organization_changed
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.models.touchpoints import new_touchpoint_code
from civicpulse.feedback.touchpoint_import_rows import (
    FIELDS,
    PlannedRow,
    Problem,
    RowChecker,
    column_label,
)

__all__ = ["ENCODINGS", "MAX_BYTES", "MAX_ROWS", "ImportFile", "ImportPlan"]

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000


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
    imported = csv_file_decode(data=data, max_bytes=MAX_BYTES)
    _read_table(imported.text)  # refuses a file whose header or size is wrong
    return imported


def _read_table(text: str) -> CsvTable:
    table = csv_table_read(
        text,
        known_headers=_known_headers(),
        max_rows=MAX_ROWS,
        column_label=column_label,
        no_known_column=_(
            "The first line must name the columns, e.g. %(example)s. No known column was "
            "found; download the list of touchpoints as CSV to see them."
        )
        % {"example": ", ".join(column_label(name) for name in ("code", "name_bg", "category"))},
    )
    if "code" not in table.fields and "name_bg" not in table.fields:
        raise RuleViolation(
            _("The file needs a column “%(code)s” (to update) or “%(name)s” (to add).")
            % {"code": column_label("code"), "name": column_label("name_bg")}
        )
    return table


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
    return ImportPlan(
        rows=planner.rows,
        errors=planner.errors,
        warnings=planner.warnings,
        ignored_columns=table.ignored_columns(),
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
