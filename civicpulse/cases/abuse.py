"""Limits on filing cases from one client, counted as the QR form's are
(civicpulse.feedback.abuse): by today's anonymous fingerprint, nothing about anyone kept.

Every filed case costs a confirmation e-mail to an address the client chose, so a client
that files more than a person would is refused before anything is stored or sent.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from civicpulse.core.models import Organization
from civicpulse.feedback.abuse import Limit, SubmissionThrottled, limits_count

FILING_BURST = Limit("case-filing-burst", seconds=600, most=3)
FILING_DAY = Limit("case-filing-day", seconds=86400, most=10)


def case_filing_count(*, organization: Organization, fingerprint: str, now: datetime) -> None:
    """Counts a filing by this client; raises SubmissionThrottled beyond the limits."""
    burst, day = limits_count(
        organization_id=organization.pk,
        limits=[(FILING_BURST, (fingerprint,)), (FILING_DAY, (fingerprint,))],
        now=now,
    )
    if burst > FILING_BURST.most or day > FILING_DAY.most:
        raise SubmissionThrottled(
            _(
                "Many cases were sent from this device in a short time. Please wait a few "
                "minutes and send again."
            )
        )
