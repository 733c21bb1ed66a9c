"""What a case's sender may do from their tracking page: reply on the case, say that the
answer did not solve it (a reopen request), and rate the answer.

Each adds a public event to the case's history, so the sender sees it and the officers
have it in the case's record; replies and reopen requests are acknowledged by e-mail.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from civicpulse.cases.filing import MAX_DESCRIPTION, text_checked
from civicpulse.cases.mail import CaseMail, case_mail_queue
from civicpulse.cases.models import Case, CaseEvent, EventAction, Stage
from civicpulse.cases.photos import case_photos_attach
from civicpulse.core.exceptions import RuleViolation

MAX_TEXT = MAX_DESCRIPTION  # a reply may say as much as the case did
REPLIES_PER_DAY = 10  # a sender with more to say than this can file a new case
RATINGS = range(1, 6)
# Stages in which the sender's say no longer changes anything: the case left this office.
_FINISHED = frozenset({Stage.REJECTED, Stage.DUPLICATE, Stage.FORWARDED})


def _stage(case: Case) -> str | None:
    return case.status.stage if case.status_id else None


def _text(value, *, field: str) -> str:
    return text_checked(value, field=field, most=MAX_TEXT)


def _sender_event(case: Case, action: str, *, at: datetime, **fields) -> CaseEvent:
    """A public event on the case: the sender's own action, with no staff actor."""
    return CaseEvent.objects.create(
        organization=case.organization, case=case, at=at, action=action, is_public=True, **fields
    )


def _reply_refusal(case: Case) -> str | None:
    if not case.is_registered:
        return _("Confirm the case from the e-mailed link first.")
    if _stage(case) in _FINISHED | {Stage.CLOSED}:
        return _("This case is closed, so it takes no more replies. Please file a new case.")
    return None


def _answer_refusal(case: Case) -> str | None:
    """The sender's say on an answer needs an answer, on a case still handled here."""
    if not case.is_registered:
        return _("Confirm the case from the e-mailed link first.")
    if case.answered_at is None or _stage(case) not in {Stage.ANSWERED, Stage.CLOSED}:
        return _("This case has no answer yet.")
    return None


def _reopen_refusal(case: Case) -> str | None:
    refusal = _answer_refusal(case)
    asked = case.reopen_requested_at
    if refusal is None and asked and asked >= case.answered_at:
        return _("You already asked to reopen this case; the officers have your reason.")
    return refusal


def case_sender_actions(case: Case) -> frozenset[str]:
    """What the sender may do on the case now: "reply", "reopen", "rate"."""
    refusals = {
        "reply": _reply_refusal(case),
        "reopen": _reopen_refusal(case),
        "rate": _answer_refusal(case),
    }
    return frozenset(action for action, refusal in refusals.items() if refusal is None)


def _refuse(refusal: str | None, field: str) -> None:
    if refusal is not None:
        raise RuleViolation(refusal, field=field)


def case_reply(*, case: Case, text: str, photo=None, now: datetime | None = None) -> CaseEvent:
    """Adds the sender's reply (with a photo, if any) to an open or answered case.

    Refused on a closed, rejected, duplicate or forwarded case: there a new case is the way."""
    _refuse(_reply_refusal(case), "reply")
    text = _text(text, field="reply")
    now = now or timezone.now()
    with scope(organization=case.organization), transaction.atomic():
        recent = case.events.filter(action=EventAction.REPLIED, at__gt=now - timedelta(days=1))
        if recent.count() >= REPLIES_PER_DAY:
            raise RuleViolation(
                _("You have replied %(n)s times today. Please wait for the answer.")
                % {"n": REPLIES_PER_DAY},
                field="reply",
            )
        photos = case_photos_attach(case=case, uploads=[photo] if photo else [], most=1)
        data = {"photos": [p.pk for p in photos]} if photos else {}
        event = _sender_event(case, EventAction.REPLIED, at=now, text=text, data=data)
        case.save(update_fields=["updated_at"])  # the officers' queues see the news
        case_mail_queue(case, CaseMail.REPLY_RECEIVED)
    return event


def case_reopen_request(*, case: Case, reason: str, now: datetime | None = None) -> CaseEvent:
    """Records that the answer did not solve it, once per answer, with the sender's reason."""
    _refuse(_reopen_refusal(case), "reason")
    reason = _text(reason, field="reason")
    now = now or timezone.now()
    with scope(organization=case.organization), transaction.atomic():
        case.reopen_requested_at = now
        case.save(update_fields=["reopen_requested_at", "updated_at"])
        event = _sender_event(case, EventAction.REOPEN_REQUESTED, at=now, text=reason)
        case_mail_queue(case, CaseMail.REOPEN_RECEIVED)
    return event


def _rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = None
    if rating not in RATINGS:
        raise RuleViolation(_("Choose a rating from 1 to 5."), field="rating")
    return rating


def case_rate(*, case: Case, rating, now: datetime | None = None) -> CaseEvent | None:
    """Keeps the sender's rating of the answer (1 to 5). A changed rating is recorded as a
    new event with the one it replaces; the same rating again changes nothing (None)."""
    _refuse(_answer_refusal(case), "rating")
    rating = _rating(rating)
    if rating == case.answer_rating:
        return None
    now = now or timezone.now()
    with scope(organization=case.organization), transaction.atomic():
        previous = case.answer_rating
        case.answer_rating = rating
        case.save(update_fields=["answer_rating", "updated_at"])
        data = {"rating": rating} if previous is None else {"rating": rating, "previous": previous}
        return _sender_event(case, EventAction.RATED, at=now, data=data)
