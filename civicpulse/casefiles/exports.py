"""Case files and their timeliness figures as CSV, safe to open in a spreadsheet: every text
a person typed goes through spreadsheet_safe, so "=HYPERLINK(...)" stays text.

The file list's columns are the import's (civicpulse.casefiles.imports), so it imports back.
"""

import csv
from collections.abc import Iterable
from typing import TextIO

from django.utils import timezone
from django.utils.translation import gettext as _

from civicpulse.casefiles.figures import FiguresRow, TimelinessFigures
from civicpulse.casefiles.imports import FIELDS, column_label
from civicpulse.casefiles.models import CaseFile, DelayReason
from civicpulse.core.csv_tables import spreadsheet_safe

PERSONAL = ("applicant_name", "applicant_email")
TIME_FORMAT = "%d.%m.%Y %H:%M"


def _time(moment) -> str:
    return timezone.localtime(moment).strftime(TIME_FORMAT) if moment else ""


def casefiles_csv(*, files: Iterable[CaseFile], stream: TextIO, personal_data: bool) -> int:
    """Writes a header and one row per file; the applicant's name and e-mail only with
    `personal_data`. Times in the current time zone. Returns the row count."""
    fields = [name for name in FIELDS if personal_data or name not in PERSONAL]
    writer = csv.writer(stream)
    writer.writerow([column_label(name) for name in fields])
    count = 0
    for case_file in files:
        values = {
            "number": spreadsheet_safe(case_file.number),
            "service": spreadsheet_safe(case_file.service.code),
            "sector": spreadsheet_safe(case_file.sector.name) if case_file.sector else "",
            "status": case_file.status,
            "registered_at": _time(case_file.registered_at),
            "due_at": _time(case_file.due_at),
            "completed_at": _time(case_file.completed_at),
            "delay_reason": case_file.delay_reason,
            "delay_note": spreadsheet_safe(case_file.delay_note),
            "external_id": spreadsheet_safe(case_file.external_id),
            "applicant_name": spreadsheet_safe(case_file.applicant_name),
            "applicant_email": spreadsheet_safe(case_file.applicant_email),
        }
        writer.writerow([values[name] for name in fields])
        count += 1
    return count


def casefile_figures_csv(*, figures: TimelinessFigures, stream: TextIO) -> None:
    """One row per sector and service, then each sector's total and the overall total."""
    reasons = [*DelayReason.values, ""]
    writer = csv.writer(stream)
    writer.writerow(
        [
            _("Sector"),
            _("Service code"),
            _("Service"),
            _("Registered"),
            _("Completed"),
            _("Completed on time"),
            _("On time (%)"),
            _("Median days to complete"),
            _("Open now"),
            _("Overdue now"),
            *(
                str(DelayReason(value).label) if value else _("Reason not given")
                for value in reasons
            ),
        ]
    )

    def write(row: FiguresRow, sector: str, code: str, service: str) -> None:
        share = row.on_time_share
        writer.writerow(
            [
                spreadsheet_safe(sector),
                spreadsheet_safe(code),
                spreadsheet_safe(service),
                row.registered,
                row.completed,
                row.on_time,
                f"{share * 100:.1f}" if share is not None else "",
                f"{row.median_days:.1f}" if row.median_days is not None else "",
                row.open_now,
                row.overdue_now,
                *(row.reasons.get(value, 0) for value in reasons),
            ]
        )

    for sector in figures.sectors:
        name = sector.total.sector.name if sector.total.sector else _("No sector")
        for row in sector.services:
            write(row, name, row.service.code, row.service.name)
        write(sector.total, name, "", _("All services of the sector"))
    write(figures.total, _("All sectors"), "", "")
