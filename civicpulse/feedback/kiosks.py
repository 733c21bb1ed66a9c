"""Kiosks: pairing a tablet, and recording the presses it queued, each exactly once.

Pairing. Creating a kiosk makes a one-time code of eight characters from the touchpoint
alphabet, valid for a day. Only a keyed hash of the code is stored (an HMAC under the secret
key), so it can be looked up but a copy of the database does not give it away. Typed on the
tablet, the code is exchanged for a device token of which only the SHA-256 is kept, and the
code is cleared, so it works once. Revoking clears the token's hash.

Presses. The tablet queues presses while it is offline and sends them in batches. Each press
carries an idempotency key (a UUID, stored as Response.client_token), so a batch sent twice
stores each press once. The time of the press on the device becomes the response's time;
repeated presses are judged by that time, so a batch of offline presses is judged exactly as
the same presses made online would have been.
"""

import hashlib
import hmac
import math
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import CONTENT_LANGUAGES, FALLBACK_LANGUAGE
from civicpulse.feedback.abuse import Limit
from civicpulse.feedback.models import (
    Answer,
    Channel,
    Kiosk,
    KioskDisplay,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Touchpoint,
)
from civicpulse.feedback.models.questionnaires import (
    CHOICE_KINDS,
    RATING_KINDS,
    SMILEY_SCORES_0_10,
)
from civicpulse.feedback.models.touchpoints import CODE_ALPHABET
from civicpulse.feedback.responses import current_version_for
from civicpulse.feedback.submissions import response_submit

PAIRING_CODE_LENGTH = 8  # 30**8 ≈ 6.6e11 codes, with failed attempts limited per client
PAIRING_VALID_FOR = timedelta(hours=24)
# Failed codes per client fingerprint; counted in the cache: before pairing there is no
# organisation to hold a SubmissionCounter row.
PAIRING_FAILURES = Limit("kiosk-pairing-failures", seconds=600, most=10)

HEARTBEAT_EVERY = timedelta(seconds=30)  # well inside ONLINE_WITHIN
MAX_BATCH = 200
CLOCK_SKEW = timedelta(minutes=2)  # a device clock this far ahead is still believed
OLDEST_PRESS = timedelta(days=7)
MAX_OPTION_KEY = 50
REPEAT_WINDOW_RANGE = (0, 600)
RESET_SECONDS_RANGE = (2, 60)

# Five smileys on a 0-10 headline: evenly spread from 0 to 10, the middle face on 5.
SMILEY_FACES = ("very-bad", "bad", "neutral", "good", "very-good")


class KioskPairingThrottled(RuleViolation):
    """Too many wrong codes from one client; it may try again in a few minutes."""


# ----------------------------------------------------------------------------- the screen


@dataclass(frozen=True)
class ScoreChoice:
    score: int
    label: str
    face: str = ""  # one of SMILEY_FACES, for the smiley display


@dataclass
class KioskScreen:
    """What a kiosk asks: the headline rating as buttons, then one choice follow-up."""

    version: QuestionnaireVersion
    headline: Question
    choices: list[ScoreChoice]
    follow_ups: list[Question]

    def follow_up_for(self, score: int) -> Question | None:
        return next((q for q in self.follow_ups if q.is_shown_for(score)), None)


def _smiley_labels() -> tuple[str, ...]:
    return (
        _("Very dissatisfied"),
        _("Dissatisfied"),
        _("Neither satisfied nor dissatisfied"),
        _("Satisfied"),
        _("Very satisfied"),
    )


def _headline_and_follow_ups(
    version: QuestionnaireVersion,
) -> tuple[list[Question], Question | None, list[Question]]:
    questions = list(version.questions.prefetch_related("options"))
    headline = next((q for q in questions if q.is_headline and q.kind in RATING_KINDS), None)
    follow_ups = [
        q for q in questions if headline and q.parent_id == headline.pk and q.kind in CHOICE_KINDS
    ]
    return questions, headline, follow_ups


def _screen_for(version: QuestionnaireVersion, display: str) -> KioskScreen:
    questions, headline, follow_ups = _headline_and_follow_ups(version)
    if headline is None:
        raise RuleViolation(_("The questionnaire has no headline rating for the kiosk to ask."))
    low, high = headline.number_range
    if display == KioskDisplay.SCALE:
        if (low, high) != (0, 10):
            raise RuleViolation(
                _("The questionnaire's headline is rated 1-5: choose the smileys."),
                field="display",
            )
        choices = [ScoreChoice(n, str(n)) for n in range(11)]
    else:
        scores = SMILEY_SCORES_0_10 if (low, high) == (0, 10) else range(1, 6)
        choices = [
            ScoreChoice(score, label, face)
            for score, label, face in zip(scores, _smiley_labels(), SMILEY_FACES, strict=True)
        ]
    required = [q for q in questions if q.required and q.pk != headline.pk]
    if required:
        raise RuleViolation(
            _(
                "A kiosk asks only the headline rating and a follow-up, but this questionnaire "
                "requires “%(question)s” too."
            )
            % {"question": required[0].text},
            field="questionnaire",
        )
    return KioskScreen(version=version, headline=headline, choices=choices, follow_ups=follow_ups)


def kiosk_screen(*, kiosk: Kiosk) -> KioskScreen:
    """The buttons and follow-ups the kiosk shows now; RuleViolation when it cannot ask."""
    return _screen_for(current_version_for(kiosk=kiosk), kiosk.display)


# ------------------------------------------------------------------------------ settings


def _check_settings(kiosk: Kiosk) -> None:
    if kiosk.touchpoint.organization_id != kiosk.organization_id:
        raise RuleViolation(_("Choose a place of this organisation."), field="touchpoint")
    if not kiosk.touchpoint.is_active:
        raise RuleViolation(_("This place no longer collects feedback."), field="touchpoint")
    if kiosk.questionnaire is not None and (
        kiosk.questionnaire.organization_id != kiosk.organization_id
    ):
        raise RuleViolation(
            _("Choose a questionnaire of this organisation."), field="questionnaire"
        )
    low, high = REPEAT_WINDOW_RANGE
    if not low <= kiosk.repeat_window_seconds <= high:
        raise RuleViolation(
            _("Enter from %(low)s to %(high)s seconds.") % {"low": low, "high": high},
            field="repeat_window_seconds",
        )
    low, high = RESET_SECONDS_RANGE
    if not low <= kiosk.reset_seconds <= high:
        raise RuleViolation(
            _("Enter from %(low)s to %(high)s seconds.") % {"low": low, "high": high},
            field="reset_seconds",
        )
    kiosk_screen(kiosk=kiosk)


def _code_hash(code: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"kiosk-pairing:{code}".encode(), "sha256")
    return digest.hexdigest()[:16]  # 64 bits: no collision among a day's few codes


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_pairing_code(kiosk: Kiosk, now: datetime) -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(PAIRING_CODE_LENGTH))
    kiosk.pairing_code = _code_hash(code)
    kiosk.pairing_expires_at = now + PAIRING_VALID_FOR
    return code


def pairing_code_display(code: str) -> str:
    """ABCD-EFGH: two halves are easier to read out and type."""
    return f"{code[:4]}-{code[4:]}"


def pairing_code_matches(*, kiosk: Kiosk, code: str) -> bool:
    """Whether `code` is the kiosk's pending code (to show a code kept elsewhere only while
    it still works)."""
    return bool(kiosk.pairing_code) and hmac.compare_digest(kiosk.pairing_code, _code_hash(code))


@transaction.atomic
def kiosk_create(
    *,
    organization,
    name: str,
    touchpoint: Touchpoint,
    questionnaire: Questionnaire | None = None,
    display: str = KioskDisplay.SMILEYS,
    repeat_window_seconds: int = 5,
    reset_seconds: int = 5,
    now: datetime | None = None,
) -> tuple[Kiosk, str]:
    """Makes a kiosk and its one-time pairing code, which is returned only here.

    The questionnaire must have a headline rating that fits the display (0-10 buttons need a
    0-10 headline; smileys fit either) and require nothing else.
    """
    kiosk = Kiosk(
        organization=organization,
        name=name.strip(),
        touchpoint=touchpoint,
        questionnaire=questionnaire,
        display=display,
        repeat_window_seconds=repeat_window_seconds,
        reset_seconds=reset_seconds,
    )
    _check_settings(kiosk)
    code = _new_pairing_code(kiosk, now or timezone.now())
    kiosk.save()
    return kiosk, code


@transaction.atomic
def kiosk_update(
    *,
    kiosk: Kiosk,
    name: str,
    touchpoint: Touchpoint,
    questionnaire: Questionnaire | None,
    display: str,
    repeat_window_seconds: int,
    reset_seconds: int,
) -> Kiosk:
    """Changes what the kiosk asks and how; the pairing is untouched. Same rules as creating."""
    kiosk.name = name.strip()
    kiosk.touchpoint = touchpoint
    kiosk.questionnaire = questionnaire
    kiosk.display = display
    kiosk.repeat_window_seconds = repeat_window_seconds
    kiosk.reset_seconds = reset_seconds
    _check_settings(kiosk)
    kiosk.save()
    return kiosk


def kiosk_pairing_renew(*, kiosk: Kiosk, now: datetime | None = None) -> str:
    """A new one-time code; the old one stops working. A tablet already paired keeps working
    until another tablet pairs with the new code (which replaces it)."""
    code = _new_pairing_code(kiosk, now or timezone.now())
    kiosk.save(update_fields=["pairing_code", "pairing_expires_at"])
    return code


def kiosk_revoke(*, kiosk: Kiosk, now: datetime | None = None) -> Kiosk:
    """The tablet's token and any pending code stop working at once."""
    kiosk.token_hash = ""
    kiosk.pairing_code = ""
    kiosk.pairing_expires_at = None
    kiosk.revoked_at = now or timezone.now()
    kiosk.save(update_fields=["token_hash", "pairing_code", "pairing_expires_at", "revoked_at"])
    return kiosk


def _failures_key(client_key: str, now: datetime) -> str:
    window = int(now.timestamp()) // PAIRING_FAILURES.seconds
    raw = f"{PAIRING_FAILURES.name}:{client_key}:{window}"
    return "kiosk-pairing:" + hashlib.sha256(raw.encode()).hexdigest()


def _refuse_pairing(message: str, client_key: str, now: datetime):
    key = _failures_key(client_key, now)
    cache.add(key, 0, PAIRING_FAILURES.seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, PAIRING_FAILURES.seconds)
    raise RuleViolation(message, field="code")


def kiosk_pair(*, code: str, client_key: str, now: datetime | None = None) -> tuple[Kiosk, str]:
    """Exchanges a one-time code for a device token (returned only here), once.

    Pairing replaces the token of any tablet paired before. Each client (by its daily
    fingerprint) may get PAIRING_FAILURES.most codes wrong in ten minutes.
    """
    now = now or timezone.now()
    if (cache.get(_failures_key(client_key, now)) or 0) >= PAIRING_FAILURES.most:
        raise KioskPairingThrottled(
            _("Too many wrong codes. Please wait ten minutes and try again."), field="code"
        )
    normalised = "".join(str(code or "").split()).replace("-", "").upper()
    if len(normalised) != PAIRING_CODE_LENGTH or set(normalised) - set(CODE_ALPHABET):
        _refuse_pairing(
            _("Enter the eight-character code shown in the back office."), client_key, now
        )
    kiosks = Kiosk.objects.with_scopes_disabled().select_related("organization")
    kiosk = kiosks.filter(pairing_code=_code_hash(normalised)).first()
    if kiosk is None or not kiosk.organization.is_active:
        _refuse_pairing(
            _("This code is not valid. Check it or ask for a new one."), client_key, now
        )
    if kiosk.pairing_expires_at is None or kiosk.pairing_expires_at <= now:
        _refuse_pairing(
            _("This code has expired. Ask for a new one in the back office."), client_key, now
        )
    token = secrets.token_urlsafe(32)
    # Conditional on the code still being there: two tablets typing it at once, one wins.
    claimed = kiosks.filter(pk=kiosk.pk, pairing_code=kiosk.pairing_code).update(
        token_hash=_token_hash(token),
        pairing_code="",
        pairing_expires_at=None,
        paired_at=now,
        revoked_at=None,
        last_seen_at=now,
    )
    if not claimed:
        _refuse_pairing(
            _("This code is not valid. Check it or ask for a new one."), client_key, now
        )
    kiosk.refresh_from_db()
    return kiosk, token


def kiosk_for_token(token: str | None) -> Kiosk | None:
    """The paired kiosk holding this device token, across organisations; None otherwise."""
    if not token or len(token) > 100:
        return None
    kiosk = (
        Kiosk.objects.with_scopes_disabled()
        .select_related("organization", "touchpoint", "questionnaire")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if kiosk is None or not kiosk.organization.is_active:
        return None
    return kiosk


def kiosk_heartbeat(*, kiosk: Kiosk, now: datetime | None = None) -> None:
    """Marks the kiosk as seen; at most every HEARTBEAT_EVERY, to spare the database writes."""
    now = now or timezone.now()
    if kiosk.last_seen_at is not None and kiosk.last_seen_at <= now < (
        kiosk.last_seen_at + HEARTBEAT_EVERY
    ):
        return
    kiosk.last_seen_at = now
    with scopes_disabled():  # one row, already identified by its token
        Kiosk.objects.filter(pk=kiosk.pk).update(last_seen_at=now)


# -------------------------------------------------------------------------------- presses


class PressStatus(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"  # stored before: the client may forget it
    IGNORED_REPEAT = "ignored_repeat"  # too soon after the previous press of this kiosk
    REFUSED = "refused"  # never will be stored; `reason` says why


@dataclass(frozen=True)
class PressResult:
    id: str | None
    status: PressStatus
    reason: str = ""

    def as_dict(self) -> dict:
        return {"id": self.id, "status": str(self.status), "reason": self.reason}


@dataclass(frozen=True)
class Press:
    id: uuid.UUID
    pressed_at: datetime
    score: int
    follow_up: str
    language: str


def _parse(item, now: datetime) -> Press | PressResult:
    if not isinstance(item, dict):
        return PressResult(None, PressStatus.REFUSED, _("A press must be an object."))
    raw_id = item.get("id")
    shown_id = raw_id[:64] if isinstance(raw_id, str) else None

    def refused(reason):
        return PressResult(shown_id, PressStatus.REFUSED, reason)

    try:
        press_id = uuid.UUID(raw_id) if isinstance(raw_id, str) and len(raw_id) <= 64 else None
    except ValueError:
        press_id = None
    if press_id is None:
        return refused(_("A press needs a UUID as its id."))
    at = item.get("pressed_at")
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
        return refused(_("A press needs its time in milliseconds since 1970."))
    try:
        pressed_at = datetime.fromtimestamp(at / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return refused(_("A press needs its time in milliseconds since 1970."))
    if pressed_at < now - OLDEST_PRESS:
        return refused(_("This press is more than seven days old."))
    pressed_at = min(pressed_at, now)  # a clock ahead of ours, or one far off: ours holds
    score = item.get("score")
    if isinstance(score, bool) or not isinstance(score, int):
        return refused(_("A press needs a whole-number score."))
    follow_up = item.get("follow_up") or ""
    if not isinstance(follow_up, str) or len(follow_up) > MAX_OPTION_KEY:
        return refused(_("The follow-up answer must be an option's key."))
    language = item.get("language")
    if language not in CONTENT_LANGUAGES:
        language = FALLBACK_LANGUAGE
    return Press(press_id, pressed_at, score, follow_up, language)


def _is_repeat(kiosk: Kiosk, pressed_at: datetime) -> bool:
    if not kiosk.repeat_window_seconds:
        return False
    since = pressed_at - timedelta(seconds=kiosk.repeat_window_seconds)
    return Response.objects.filter(
        organization_id=kiosk.organization_id,
        kiosk=kiosk,
        submitted_at__gt=since,
        submitted_at__lte=pressed_at,
    ).exists()


def _follow_up_add(kiosk: Kiosk, response: Response, press: Press) -> PressResult:
    """A press stored before, now sent again with its follow-up answered: add that once."""
    shown = str(press.id)
    if not press.follow_up:
        return PressResult(shown, PressStatus.DUPLICATE)
    _questions, _headline, follow_ups = _headline_and_follow_ups(response.version)
    shown_for_score = [q for q in follow_ups if q.is_shown_for(response.score)]
    question = shown_for_score[0] if shown_for_score else None
    if question is None or response.answers.filter(question=question).exists():
        return PressResult(shown, PressStatus.DUPLICATE)
    option = next((o for o in question.options.all() if o.key == press.follow_up), None)
    if option is None:
        return PressResult(shown, PressStatus.REFUSED, _("Choose from the options shown."))
    Answer.objects.create(response=response, question=question, option=option)
    return PressResult(shown, PressStatus.STORED)


def _record(kiosk: Kiosk, screen: KioskScreen, press: Press) -> PressResult:
    shown = str(press.id)
    with scopes_disabled():  # keys are global: one used in another organisation is refused
        earlier = Response.objects.select_related("version").filter(client_token=press.id).first()
    if earlier is not None:
        if earlier.kiosk_id != kiosk.pk:
            return PressResult(shown, PressStatus.REFUSED, _("This id was already used."))
        return _follow_up_add(kiosk, earlier, press)
    if _is_repeat(kiosk, press.pressed_at):
        return PressResult(shown, PressStatus.IGNORED_REPEAT)
    answers = {screen.headline.key: press.score}
    follow_up = screen.follow_up_for(press.score) if press.follow_up else None
    if follow_up is not None:
        multiple = follow_up.kind == QuestionKind.MULTIPLE
        answers[follow_up.key] = [press.follow_up] if multiple else press.follow_up

    def submit():
        with transaction.atomic():
            response_submit(
                kiosk=kiosk,
                answers=answers,
                client_token=press.id,
                channel=Channel.KIOSK,
                language=press.language,
                submitted_at=press.pressed_at,
                rate_limited=False,
            )

    try:
        submit()
    except RuleViolation as refused:
        if follow_up is None or refused.field != follow_up.key:
            return PressResult(shown, PressStatus.REFUSED, refused.message)
        # The options changed while the press waited offline: the score still counts.
        del answers[follow_up.key]
        submit()
        return PressResult(shown, PressStatus.STORED, _("The follow-up answer was left out."))
    return PressResult(shown, PressStatus.STORED)


def kiosk_presses_record(
    *, kiosk: Kiosk, presses: list, now: datetime | None = None
) -> list[PressResult]:
    """Stores a batch of presses from the device, each once; returns one result per press,
    in the order given, so the device can forget exactly what the server has decided.

    Presses are judged in the order they were made: one within the kiosk's repeat window
    after an earlier stored press is ignored. Times ahead of the server's become the
    server's; presses older than OLDEST_PRESS are refused. A press sent again with its
    follow-up answered gets the follow-up added. Call inside the kiosk organisation's scope.
    """
    if not isinstance(presses, list) or len(presses) > MAX_BATCH:
        raise RuleViolation(_("Send a list of at most %(n)s presses.") % {"n": MAX_BATCH})
    now = now or timezone.now()
    results: list[PressResult | None] = []
    pending: list[tuple[int, Press]] = []
    for index, item in enumerate(presses):
        parsed = _parse(item, now)
        results.append(parsed if isinstance(parsed, PressResult) else None)
        if isinstance(parsed, Press):
            pending.append((index, parsed))
    with transaction.atomic():
        # One batch of a kiosk at a time, so two overlapping retries judge repeats alike.
        kiosk = Kiosk.objects.select_for_update().select_related("touchpoint").get(pk=kiosk.pk)
        try:
            screen = kiosk_screen(kiosk=kiosk) if pending else None
            cannot_ask = ""
        except RuleViolation as refused:
            screen, cannot_ask = None, refused.message
        newest = kiosk.last_response_at
        for index, press in sorted(pending, key=lambda entry: entry[1].pressed_at):
            if screen is None:
                results[index] = PressResult(str(press.id), PressStatus.REFUSED, cannot_ask)
                continue
            results[index] = _record(kiosk, screen, press)
            if results[index].status == PressStatus.STORED:
                newest = max(filter(None, (newest, press.pressed_at)))
        kiosk.last_response_at = newest
        kiosk.last_seen_at = now
        kiosk.save(update_fields=["last_response_at", "last_seen_at"])
    return results


# ------------------------------------------------------------------------------ selectors


def kiosk_list(*, organization) -> QuerySet[Kiosk]:
    """The organisation's kiosks with their places; each knows is_online and its pairing."""
    return organization.kiosks.select_related("touchpoint", "questionnaire").order_by("name", "pk")
