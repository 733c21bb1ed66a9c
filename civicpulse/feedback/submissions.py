"""Submitting a response from the public form: never lost, never doubled.

Each rendered form carries a client token. The token is unique on Response, so a double
tap, a retry on a slow connection or a resubmitted page stores one response: the second
submission gets the first one back, even when both arrive at the same moment.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.abuse import FlagReason, SubmissionThrottled, submission_check
from civicpulse.feedback.models import Campaign, Channel, Kiosk, Response, Touchpoint
from civicpulse.feedback.photos import photo_clean
from civicpulse.feedback.responses import response_check

COORDINATE_STEP = Decimal("0.0001")  # about 11 m: enough to find a bench, not a front door


def _replayed(
    client_token: uuid.UUID, touchpoint: Touchpoint | None, campaign: Campaign | None
) -> Response | None:
    # Tokens are global, so look across tenants; only the same subject's response is given.
    with scopes_disabled():
        earlier = Response.objects.filter(client_token=client_token).first()
    if earlier is not None and (earlier.touchpoint_id, earlier.campaign_id) != (
        touchpoint and touchpoint.pk,
        campaign and campaign.pk,
    ):
        raise RuleViolation(_("This form was already used for another place."))
    return earlier


def _coordinate(value, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(COORDINATE_STEP, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and -limit <= number <= limit else None


def response_submit(
    *,
    touchpoint: Touchpoint | None = None,
    campaign: Campaign | None = None,
    kiosk: Kiosk | None = None,
    answers: dict,
    client_token: uuid.UUID,
    channel: str = Channel.QR,
    language: str = "bg",
    submitted_at=None,
    photo=None,
    latitude=None,
    longitude=None,
    fingerprint: str | None = None,
    honeypot_filled: bool = False,
    rate_limited: bool = True,
    version=None,
) -> Response:
    """Stores a response once per client token; a repeated token returns the first response.

    Raises SubmissionThrottled in a burst and RuleViolation for invalid answers or photos.
    A filled honeypot or too many responses from one client in a day are stored but flagged.
    Coordinates are kept only as given (after the person's consent), rounded to 4 decimals.
    A paired kiosk, which syncs queued presses in batches, passes rate_limited=False.
    """
    if kiosk is not None:
        touchpoint = kiosk.touchpoint
    clean_photo = photo_clean(photo) if photo else None
    latitude, longitude = _coordinate(latitude, 90), _coordinate(longitude, 180)
    if latitude is None or longitude is None:
        latitude = longitude = None
    # Checked before anything is counted or written: a mistake to correct costs nothing,
    # and the write lock (SQLite's) is held only for the writes.
    checked = response_check(
        touchpoint=touchpoint,
        campaign=campaign,
        kiosk=kiosk,
        answers=answers,
        channel=channel,
        language=language,
        submitted_at=submitted_at,
        version=version,
        fields={"client_token": client_token, "latitude": latitude, "longitude": longitude},
    )
    try:
        # Counted first, in the counters' own store (every attempt counts); the response and
        # its answers are then one transaction (CheckedResponse.store).
        flag_reason = ""
        if rate_limited:
            flag_reason = submission_check(
                touchpoint=touchpoint, campaign=campaign, fingerprint=fingerprint
            )
        if honeypot_filled:
            flag_reason = FlagReason.HONEYPOT
        checked.response.is_flagged = bool(flag_reason)
        checked.response.flag_reason = flag_reason
        response = checked.store()
    except SubmissionThrottled:
        # A retry of a form already stored gets its response back, not a refusal.
        earlier = _replayed(client_token, touchpoint, campaign)
        if earlier is None:
            raise
        return earlier
    except IntegrityError:
        # A repeated client token (a double tap, a retry): the unique index refuses it, and
        # the first response is the one to return. Cheaper than looking before every insert.
        earlier = _replayed(client_token, touchpoint, campaign)
        if earlier is None:
            raise
        return earlier
    if clean_photo is not None:
        response.photo.save(clean_photo.name, clean_photo, save=False)
        response.save(update_fields=["photo"])
    return response
