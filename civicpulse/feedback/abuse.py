"""Abuse without identifying anyone: daily fingerprints, rate limits, flags.

A fingerprint is an HMAC of the client's IP, user agent and languages under a salt derived
from SECRET_KEY and the date: nothing is stored to make it, and yesterday's fingerprints
cannot be linked to today's. It never reaches a Response row; it only keys short-lived
counters, which hold a hash of it and are deleted after a day.

Counters hold across processes without extra set-up (see civicpulse.feedback.counters for
where they live); each key names its limit and organisation.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicpulse.analytics.rollups import is_folded, response_rollups_apply, watermark_lock
from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.counters import counters_add, counters_purge, counters_tidy
from civicpulse.feedback.models import Campaign, Response, Touchpoint


@dataclass(frozen=True)
class Limit:
    name: str
    seconds: int
    most: int


# More than this many submissions inside the window is refused (HTTP 429).
FINGERPRINT_BURST = Limit("fingerprint-burst", seconds=30, most=3)
TOUCHPOINT_BURST = Limit("touchpoint-burst", seconds=60, most=30)
# More than this many from one fingerprint at one touchpoint in a day is stored but flagged.
FINGERPRINT_DAY = Limit("fingerprint-day", seconds=86400, most=10)
COUNTERS_KEPT = timedelta(days=1)


class FlagReason(models.TextChoices):
    HONEYPOT = "honeypot", gettext_lazy("A hidden field was filled in, as bots do")
    REPEATED = "repeated", gettext_lazy("Many answers from one device at this place in a day")
    STAFF = "staff", gettext_lazy("Flagged by staff")


class SubmissionThrottled(RuleViolation):
    """Too many submissions too fast; the form is shown again with what was typed."""


@lru_cache(maxsize=4)
def _daily_salt(day: date, secret_key: str) -> bytes:
    return hmac.new(
        secret_key.encode(), f"fingerprint-salt:{day.isoformat()}".encode(), "sha256"
    ).digest()


def client_fingerprint(
    *, ip: str, user_agent: str, accept_language: str, day: date | None = None
) -> str:
    """Today's fingerprint of a client; the raw values are only hashed, never kept."""
    day = day or timezone.localdate()
    message = "\n".join((ip or "", user_agent or "", accept_language or "")).encode()
    return hmac.new(_daily_salt(day, settings.SECRET_KEY), message, "sha256").hexdigest()


def _counter_key(limit: Limit, *parts) -> str:
    raw = ":".join([limit.name, *map(str, parts)])
    return hashlib.sha256(raw.encode()).hexdigest()


def _window_start(limit: Limit, now: datetime) -> datetime:
    seconds = int(now.timestamp()) // limit.seconds * limit.seconds
    return datetime.fromtimestamp(seconds, tz=now.tzinfo)


def limits_count(
    *, organization_id: int, limits: list[tuple[Limit, tuple]], now: datetime | None = None
) -> list[int]:
    """Adds one to each limit's counter (a limit and the parts that key it, such as a
    fingerprint) in its current window; returns the new counts, in the same order. The
    forms' limits, the case filings' and Open311's posts all count here."""
    now = now or timezone.now()
    counts = counters_add(
        organization_id=organization_id,
        counted=[
            (_counter_key(limit, organization_id, *parts), _window_start(limit, now), limit.seconds)
            for limit, parts in limits
        ],
    )
    counters_tidy(now=now, before=now - COUNTERS_KEPT)
    return counts


def submission_check(
    *,
    touchpoint: Touchpoint | None = None,
    campaign: Campaign | None = None,
    fingerprint: str | None,
    now: datetime | None = None,
) -> str:
    """Counts a submission about a touchpoint (or a campaign, counted alike); raises
    SubmissionThrottled in a burst, else returns a flag reason ("" when nothing is suspicious).

    Every attempt counts, a refused one too: a client that keeps sending stays refused.
    """
    now = now or timezone.now()
    subject = touchpoint or campaign
    subject_key = subject.pk if touchpoint is not None else f"campaign-{subject.pk}"
    organization_id = subject.organization_id
    limits = [(TOUCHPOINT_BURST, (subject_key,))]
    if fingerprint:
        limits += [
            (FINGERPRINT_BURST, (fingerprint,)),
            (FINGERPRINT_DAY, (fingerprint, subject_key)),
        ]
    counts = limits_count(organization_id=organization_id, limits=limits, now=now)
    refused = counts[0] > TOUCHPOINT_BURST.most or (
        fingerprint and counts[1] > FINGERPRINT_BURST.most
    )
    if refused:
        raise SubmissionThrottled(
            _("Many answers arrived here in a short time. Please wait a minute and send again.")
        )
    if fingerprint and counts[2] > FINGERPRINT_DAY.most:
        return FlagReason.REPEATED
    return ""


def submission_counters_purge(*, now: datetime | None = None) -> int:
    """Deletes counters older than a day, for every organisation: they serve no one after."""
    return counters_purge(before=(now or timezone.now()) - COUNTERS_KEPT)


def response_flag(*, response: Response, reason: str = FlagReason.STAFF) -> Response:
    """Keeps a response but leaves it out of statistics until an administrator restores it."""
    return _flag_set(response=response, flagged=True, reason=reason[:20])


def response_restore(*, response: Response) -> Response:
    """Counts a flagged response again."""
    return _flag_set(response=response, flagged=False, reason="")


def _flag_set(*, response: Response, flagged: bool, reason: str) -> Response:
    # With the rollups' watermark locked, so a fold running meanwhile cannot count the
    # response in, or leave it out, a second time.
    with transaction.atomic():
        mark = watermark_lock()
        was_flagged = Response.objects.filter(pk=response.pk).values_list("is_flagged", flat=True)
        was_flagged = was_flagged.get()
        response.is_flagged = flagged
        response.flag_reason = reason
        response.save(update_fields=["is_flagged", "flag_reason"])
        if was_flagged != flagged and is_folded(mark, response.pk):
            response_rollups_apply(response=response, sign=-1 if flagged else 1)
    return response
