"""Recording a response: the answers are checked against the exact version being answered."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.inserts import PreparedInsert, rows_insert
from civicpulse.feedback.models import (
    Answer,
    Campaign,
    Channel,
    Kiosk,
    Question,
    QuestionKind,
    QuestionnaireVersion,
    Response,
    Touchpoint,
)
from civicpulse.feedback.questionnaires import questionnaire_for_touchpoint

MAX_TEXT_ANSWER = 2000
CHANNELS = frozenset(Channel.values)
YES = {"yes", "true", "1", "да"}
NO = {"no", "false", "0", "не"}


def current_version_for(
    touchpoint: Touchpoint | None = None,
    *,
    campaign: Campaign | None = None,
    kiosk: Kiosk | None = None,
) -> QuestionnaireVersion:
    """The version citizens answer now: a campaign's, a kiosk's own, else the touchpoint's."""
    if campaign is not None:
        questionnaire = campaign.questionnaire
    elif kiosk is not None and kiosk.questionnaire_id:
        questionnaire = kiosk.questionnaire
    else:
        questionnaire = questionnaire_for_touchpoint(touchpoint or kiosk.touchpoint)
    if questionnaire is None or questionnaire.current_version is None:
        raise RuleViolation(_("There is no questionnaire for this place yet."))
    return questionnaire.current_version


def _number(question: Question, raw) -> int:
    if question.kind == QuestionKind.YES_NO and isinstance(raw, (bool, str)):
        word = str(raw).strip().lower()
        if word in YES:
            return 1
        if word in NO:
            return 0
    try:
        value = int(str(raw).strip()) if not isinstance(raw, bool) else None
    except ValueError:
        value = None
    low, high = question.number_range
    if value is None or not low <= value <= high:
        raise RuleViolation(
            _("Choose a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            field=question.key,
        )
    return value


class AnswerRow(NamedTuple):
    """An Answer's values as stored: plain keys, as nothing reads them back before they
    are stored, and the public form makes several for every citizen."""

    question_id: int
    number: int | None = None
    option_id: int | None = None
    text: str = ""


ANSWER_COLUMNS = ("response", "question", "number", "option", "text")


def _answers_for(question: Question, raw) -> list[AnswerRow]:
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = question.options_by_key
        keys = raw if isinstance(raw, (list, tuple)) else [raw]
        if question.kind == QuestionKind.SINGLE and len(keys) != 1:
            raise RuleViolation(_("Choose one option."), field=question.key)
        if len(set(keys)) != len(keys) or not all(k in options for k in keys):
            raise RuleViolation(_("Choose from the options shown."), field=question.key)
        return [AnswerRow(question.pk, option_id=options[k].pk) for k in keys]
    if question.kind == QuestionKind.TEXT:
        if not isinstance(raw, str):
            raise RuleViolation(_("Enter text."), field=question.key)
        text = raw.strip()
        if len(text) > MAX_TEXT_ANSWER:
            raise RuleViolation(
                _("Keep it under %(n)s characters.") % {"n": MAX_TEXT_ANSWER}, field=question.key
            )
        return [AnswerRow(question.pk, text=text)] if text else []
    return [AnswerRow(question.pk, number=_number(question, raw))]


@cache
def _response_fields() -> tuple:
    return tuple(Response._meta.concrete_fields)


@cache
def _response_columns() -> frozenset[str]:
    return frozenset(f.attname for f in _response_fields())


def _response(values: dict, related: dict) -> Response:
    """An unsaved Response from its columns' values (by attname; the rest at their
    defaults), with the related objects at hand remembered as keywords would.

    Positional arguments are Model()'s fast path: with keywords, building the instance
    took longer than preparing its INSERT."""
    unknown = values.keys() - _response_columns()
    if unknown:
        raise TypeError(f"Response has no column {sorted(unknown)[0]!r}.")
    response = Response(
        *[values[f.attname] if f.attname in values else f.get_default() for f in _response_fields()]
    )
    for name, instance in related.items():
        if instance is not None:
            Response._meta.get_field(name).set_cached_value(response, instance)
    return response


def _is_blank(raw) -> bool:
    return raw is None or raw == "" or raw == [] or raw == ()


@dataclass
class CheckedResponse:
    """A response whose answers have passed every check, not stored yet."""

    response: Response
    answers: list[AnswerRow]

    def store(self) -> Response:
        # Two statements built once per process (save() would compile its own each time);
        # the response's values are prepared before the transaction takes the write lock.
        # Inside a caller's transaction this is a savepoint: a refused row (a repeated
        # client token) leaves the caller's work intact.
        response_insert = PreparedInsert([self.response])
        with transaction.atomic():
            response_insert.run()
            key = self.response.pk
            rows_insert(Answer, ANSWER_COLUMNS, [(key, *answer) for answer in self.answers])
        return self.response


def response_check(
    *,
    touchpoint: Touchpoint | None = None,
    campaign: Campaign | None = None,
    kiosk: Kiosk | None = None,
    answers: dict,
    channel: str = Channel.QR,
    language: str = "bg",
    submitted_at: datetime | None = None,
    fields: dict | None = None,
    version: QuestionnaireVersion | None = None,
) -> CheckedResponse:
    """Checks one response to the current questionnaire of a touchpoint, a survey campaign
    or a kiosk (which rates its touchpoint), without writing anything.

    `answers` maps question keys to values: a number, an option key, a list of option keys,
    or text. Follow-ups outside their score band are ignored; unknown keys are refused.
    """
    if kiosk is not None:
        touchpoint = kiosk.touchpoint
    if (touchpoint is None) == (campaign is None):
        raise ValueError("A response is about one touchpoint or one campaign.")
    if touchpoint is not None and not touchpoint.is_active:
        raise RuleViolation(_("This place no longer collects feedback."))
    if campaign is not None and not campaign.is_open():
        raise RuleViolation(_("This survey is closed."))
    if channel not in CHANNELS:
        raise RuleViolation(_("Unknown channel."))
    # A caller that has just shown this version passes it, with its questions loaded.
    version = version or current_version_for(touchpoint, campaign=campaign, kiosk=kiosk)
    questions = version.question_list
    unknown = set(answers) - {q.key for q in questions}
    if unknown:
        raise RuleViolation(_("Unknown question: %(key)s.") % {"key": sorted(unknown)[0]})

    rows: list[AnswerRow] = []
    numbers: dict[int, int] = {}
    score = None
    for question in questions:
        raw = answers.get(question.key)
        if not question.is_shown_for(numbers.get(question.parent_id)):
            continue
        if _is_blank(raw):
            if question.required:
                raise RuleViolation(_("Please answer this question."), field=question.key)
            continue
        given = _answers_for(question, raw)
        rows.extend(given)
        if given and given[0].number is not None:
            numbers[question.pk] = given[0].number
            if question.is_headline:
                score = given[0].number

    values = {
        "organization_id": (touchpoint or campaign).organization_id,
        "touchpoint_id": touchpoint and touchpoint.pk,
        "campaign_id": campaign and campaign.pk,
        "kiosk_id": kiosk and kiosk.pk,
        "version_id": version.pk,
        "channel": channel,
        "language": language if language in ("bg", "en") else "bg",
        "submitted_at": submitted_at or timezone.now(),
        "score": score,
        "has_comment": any(row.text for row in rows),
        **(fields or {}),
    }
    related = {"touchpoint": touchpoint, "campaign": campaign, "kiosk": kiosk, "version": version}
    return CheckedResponse(response=_response(values, related), answers=rows)


def response_record(**kwargs) -> Response:
    """Checks and stores one response (see response_check for the arguments)."""
    return response_check(**kwargs).store()
