"""The citizen's status check: a file found by its number and access code, nothing else.

A wrong code and an unknown number give the same answer, so the page tells no one which
numbers exist. Every attempt counts against the client's daily fingerprint (nothing about
the person is stored; see civicpulse.feedback.abuse), a successful one too.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from civicpulse.casefiles.access_codes import (
    access_code_hash,
    access_code_is_well_formed,
    access_code_matches,
    access_code_normalise,
)
from civicpulse.casefiles.models import CaseFile, CaseFileStatus
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Organization
from civicpulse.feedback.abuse import Limit
from civicpulse.feedback.counters import counters_add

LOOKUPS = Limit("casefile-lookups", seconds=600, most=10)
MAX_NUMBER = 40


class CaseFileLookupThrottled(RuleViolation):
    """Too many checks from one client in ten minutes."""


def _window(now: datetime) -> datetime:
    seconds = int(now.timestamp()) // LOOKUPS.seconds * LOOKUPS.seconds
    return datetime.fromtimestamp(seconds, tz=now.tzinfo)


def casefile_lookup(
    *,
    organization: Organization,
    number: str,
    code: str,
    fingerprint: str,
    now: datetime | None = None,
) -> CaseFile | None:
    """The organisation's file with this number and code, or None; raises
    CaseFileLookupThrottled after LOOKUPS.most attempts in its window."""
    now = now or timezone.now()
    key = hashlib.sha256(f"{LOOKUPS.name}:{organization.pk}:{fingerprint}".encode()).hexdigest()
    (count,) = counters_add(
        organization_id=organization.pk, counted=[(key, _window(now), LOOKUPS.seconds)]
    )
    if count > LOOKUPS.most:
        raise CaseFileLookupThrottled(
            _("Too many checks in a short time. Please wait ten minutes and try again.")
        )
    number = " ".join(str(number or "").split())[:MAX_NUMBER]
    code = access_code_normalise(code)
    if not number or not access_code_is_well_formed(code):
        return None
    candidates = CaseFile.objects.filter(organization=organization, number__iexact=number)
    for case_file in candidates.select_related("service", "sector"):
        if access_code_matches(case_file=case_file, code=code):
            return case_file
    # Hash anyway, so an unknown number takes as long to refuse as a wrong code.
    access_code_hash(organization_id=organization.pk, number=number, code=code)
    return None


@dataclass(frozen=True)
class Timeliness:
    """Whether a file is (or was) on time, for the citizen's page and the back office."""

    late: bool
    days_late: int
    done: bool

    @classmethod
    def of(cls, case_file: CaseFile, now: datetime | None = None) -> "Timeliness":
        now = now or timezone.now()
        done = case_file.completed_at is not None
        if case_file.status == CaseFileStatus.WITHDRAWN and not done:
            return cls(late=False, days_late=0, done=True)
        end = case_file.completed_at if done else now
        late = end > case_file.due_at
        # Whole days past the deadline; a few hours late is still "one day".
        days = max(1, int((end - case_file.due_at).total_seconds() // 86400)) if late else 0
        return cls(late=late, days_late=days, done=done)
