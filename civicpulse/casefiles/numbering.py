"""File numbers we give ourselves: `<PREFIX>-<YEAR>-F<NNNNN>`, gap-free per organisation and
year, apart from the signals' registry numbers (civicpulse.cases.registry) by the "F".

The counter is raised in the transaction that registers the file: a rollback gives the
number back, and the row stays locked until the commit, so concurrent registrations take
turns (on SQLite the transaction holds the write lock from BEGIN IMMEDIATE).
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from civicpulse.casefiles.models import CaseFileCounter
from civicpulse.core.models import Organization
from civicpulse.core.yearly_counters import yearly_counter_raise

NUMBER_DIGITS = 5
# A number from the document system: letters of any script, digits and the usual separators
# (e.g. "94-00-123/12.03.2025", "АУ-1234").
EXTERNAL_NUMBER = re.compile(r"^[\w][\w\-/.]{0,39}$")


def casefile_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-F{sequence:0{NUMBER_DIGITS}d}"


def casefile_number_next(*, organization: Organization, at: datetime) -> tuple[str, int, int]:
    """(number, year, sequence) for a file registered at `at`; call inside a transaction."""
    year = at.astimezone(ZoneInfo(organization.time_zone)).year
    sequence = yearly_counter_raise(CaseFileCounter, organization=organization, year=year)
    return casefile_number(organization.registry_prefix, year, sequence), year, sequence
