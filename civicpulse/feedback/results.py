"""Results as distributions: how many gave each answer, per question, for any set of responses.

The same reading serves a survey campaign, a place and an employee. Questions are matched by
key across versions, so a questionnaire edited mid-year still adds up; counting happens in
the database (GROUP BY question and value), never response by response in Python.

An employee's results are shown only once enough people have rated them
(Organization.employee_min_responses), so that no single citizen can be recognised; the rule
lives here, in `employee_results_shown` and `responses_without_small_employees`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from civicpulse.analytics.history import kept, organization_today
from civicpulse.core.models import Membership, Organization
from civicpulse.feedback.models import (
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Touchpoint,
    TouchpointKind,
)
from civicpulse.feedback.models.questionnaires import NUMBER_RANGES
from civicpulse.feedback.questionnaires import questionnaire_for_touchpoint

LATEST_COMMENTS = 20
NPS_PROMOTERS = 9  # 9-10 recommend; 0-6 discourage
NPS_DETRACTORS = 6


@dataclass(frozen=True)
class Bar:
    """One answer of a distribution: its label, how many gave it and their share (0-1)."""

    label: str
    count: int
    share: float

    @property
    def percent(self) -> float:
        return self.share * 100

    @property
    def width(self) -> str:
        # For a CSS width: written with a dot whatever the language's decimal sign.
        return f"{self.percent:.1f}%"


@dataclass(frozen=True)
class Comment:
    text: str
    submitted_at: datetime
    language: str


@dataclass
class QuestionResult:
    key: str
    kind: str
    text: str
    answered: int  # responses that answered the question
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    scale: tuple[int, int] | None = None
    nps: int | None = None
    comments: list[Comment] | None = None  # None: not asked for, or not permitted

    @property
    def is_text(self) -> bool:
        return self.kind == QuestionKind.TEXT

    @property
    def shares_of_respondents(self) -> bool:
        """Multiple choice: shares add up to more than 100 %, as one person picks several."""
        return self.kind == QuestionKind.MULTIPLE


@dataclass
class Results:
    responses: int
    questions: list[QuestionResult]


@dataclass(frozen=True)
class AnswerCounts:
    """What distributions are made of, additive over disjoint sets of responses (a past
    kept between requests and today read afresh): responses counted, answers per
    (question id, number, option id), and per multiple-choice question the responses that
    picked anything."""

    responses: int = 0
    answers: dict[tuple, int] = field(default_factory=dict)
    respondents: dict[int, int] = field(default_factory=dict)

    def __add__(self, other: "AnswerCounts") -> "AnswerCounts":
        return AnswerCounts(
            responses=self.responses + other.responses,
            answers=_added(self.answers, other.answers),
            respondents=_added(self.respondents, other.respondents),
        )


def _added(first: dict, second: dict) -> dict:
    result = dict(first)
    for key, n in second.items():
        result[key] = result.get(key, 0) + n
    return result


def answer_counts(counted: Q) -> AnswerCounts:
    """The counts of the responses meeting `counted` (flagged ones must be left out by it)."""
    # A join, not `response__in=<subquery>`: SQLite would otherwise walk all of the
    # organisation's responses (0.5 s instead of 40 ms for a campaign on the demo).
    answers = Answer.objects.filter(_on_response(counted))
    tallied = answers.values("question_id", "number", "option_id").annotate(n=Count("pk"))
    respondents = (
        answers.filter(question__kind=QuestionKind.MULTIPLE)
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
        .values_list("question_id", "n")
    )
    return AnswerCounts(
        responses=Response.objects.filter(counted).count(),
        answers={
            (question_id, number, option_id): n
            for question_id, number, option_id, n in tallied.order_by().values_list(
                "question_id", "number", "option_id", "n"
            )
        },
        respondents=dict(respondents),
    )


def results_for(
    *,
    responses: Q,
    questionnaire: Questionnaire | None,
    comments: int = 0,
    counts: AnswerCounts | None = None,
) -> Results:
    """The distribution of every question answered by the responses that meet the condition
    `responses` (on Response's fields, e.g. Q(campaign=…)); flagged ones are left out.

    Labels come from `questionnaire`'s current version where it has the question, else from
    the newest version that asked it. `comments` > 0 adds that many latest texts per text
    question; pass 0 where the reader may not see them. `counts`: the responses' counts,
    where the caller has them already (a busy place's past, kept between requests).
    """
    counted = responses & Q(is_flagged=False)
    counts = counts if counts is not None else answer_counts(counted)
    represented = _representatives(
        {question_id for question_id, _number, _option in counts.answers},
        questionnaire=questionnaire,
    )
    tallies: dict[str, _Tally] = {}
    for (question_id, number, option_id), n in counts.answers.items():
        if question_id not in represented:
            continue
        representative, rank, option_keys = represented[question_id]
        tally = tallies.setdefault(representative.key, _Tally(representative, rank))
        tally.add(
            number=number,
            option_key=option_keys.get(option_id),
            n=n,
            question_id=question_id,
        )
    for question_id, n in counts.respondents.items():
        if question_id in represented:
            tallies[represented[question_id][0].key].respondents += n

    ordered = sorted(tallies.values(), key=lambda tally: tally.order)
    results = [tally.result() for tally in ordered]
    if comments > 0:
        answers = Answer.objects.filter(_on_response(counted))
        for result, tally in zip(results, ordered, strict=True):
            if result.is_text:
                result.comments = _latest_comments(answers, tally.question_ids, comments)
    return Results(responses=counts.responses, questions=results)


def _on_response(condition: Q) -> Q:
    """A condition on Response's fields, restated for Answer through its `response`."""
    children = [
        _on_response(child) if isinstance(child, Q) else (f"response__{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def _representatives(question_ids: set[int], *, questionnaire) -> dict[int, tuple]:
    """question id → (the question that speaks for its key, its rank, option id → option key).

    The questionnaire's current questions come first, in their order, then keys that only
    older versions asked. A key asked with another kind in some version (a 1-5 that became
    a 0-10) is not mixed in: only the questions of the representative's kind count.
    """
    if not question_ids:
        return {}
    answered = list(
        Question.objects.filter(pk__in=question_ids)
        .select_related("version")
        .prefetch_related("options")
    )
    current = []
    if questionnaire is not None and questionnaire.current_version_id:
        current = list(
            Question.objects.filter(
                version_id=questionnaire.current_version_id,
                key__in={question.key for question in answered},
            ).prefetch_related("options")
        )
    by_key: dict[str, Question] = {q.key: q for q in sorted(current, key=lambda q: q.position)}
    newest_first = sorted(answered, key=lambda q: (-q.version.number, q.position))
    for question in newest_first:
        by_key.setdefault(question.key, question)
    rank = {key: number for number, key in enumerate(by_key)}
    return {
        question.pk: (
            by_key[question.key],
            rank[question.key],
            {option.pk: option.key for option in question.options.all()},
        )
        for question in answered
        if question.kind == by_key[question.key].kind
    }


class _Tally:
    def __init__(self, question: Question, order: int):
        self.question = question
        self.order = order
        self.numbers: dict[int, int] = {}
        self.options: dict[str, int] = {}
        self.texts = 0
        self.respondents = 0
        self.question_ids: set[int] = set()

    def add(self, *, number, option_key, n, question_id) -> None:
        self.question_ids.add(question_id)
        if number is not None:
            self.numbers[number] = self.numbers.get(number, 0) + n
        elif option_key is not None:
            self.options[option_key] = self.options.get(option_key, 0) + n
        else:
            self.texts += n

    def result(self) -> QuestionResult:
        question = self.question
        kind = question.kind
        result = QuestionResult(key=question.key, kind=kind, text=question.text, answered=0)
        if kind == QuestionKind.TEXT:
            result.answered = self.texts
        elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            result.answered = (
                self.respondents if kind == QuestionKind.MULTIPLE else sum(self.options.values())
            )
            labels = {option.key: option.label for option in question.options.all()}
            for key in self.options.keys() - labels.keys():
                labels[key] = key  # an option only an older version offered
            result.bars = [
                _bar(label, self.options.get(key, 0), result.answered)
                for key, label in labels.items()
            ]
        elif kind == QuestionKind.YES_NO:
            result.answered = sum(self.numbers.values())
            result.bars = [
                _bar(_("Yes"), self.numbers.get(1, 0), result.answered),
                _bar(_("No"), self.numbers.get(0, 0), result.answered),
            ]
        else:
            low, high = NUMBER_RANGES[kind]
            result.scale = (low, high)
            result.answered = sum(self.numbers.values())
            result.bars = [
                _bar(str(value), self.numbers.get(value, 0), result.answered)
                for value in range(low, high + 1)
            ]
            if result.answered:
                total = sum(value * n for value, n in self.numbers.items())
                result.mean = total / result.answered
            if kind == QuestionKind.NPS and result.answered:
                promoters = sum(n for v, n in self.numbers.items() if v >= NPS_PROMOTERS)
                detractors = sum(n for v, n in self.numbers.items() if v <= NPS_DETRACTORS)
                result.nps = round(100 * (promoters - detractors) / result.answered)
        return result


def _bar(label: str, count: int, base: int) -> Bar:
    return Bar(label=label, count=count, share=count / base if base else 0.0)


def _latest_comments(answers: QuerySet[Answer], question_ids, limit: int) -> list[Comment]:
    rows = (
        answers.filter(question_id__in=question_ids)
        .exclude(text="")
        .order_by("-response__submitted_at", "-pk")
        .values_list("text", "response__submitted_at", "response__language")[:limit]
    )
    return [Comment(text, submitted_at, language) for text, submitted_at, language in rows]


# Employees: the threshold, in one place.


def employee_results_shown(*, organization: Organization, response_count: int) -> bool:
    """An employee's figures appear only once at least N people have rated them."""
    return response_count >= organization.employee_min_responses


def employee_results_shown_condition(*, organization: Organization, count_field: str) -> Q:
    """The same rule as a condition on an annotated count, for lists of employees."""
    return Q(**{f"{count_field}__gte": organization.employee_min_responses})


def responses_without_small_employees(
    responses: QuerySet[Response], *, organization: Organization
) -> QuerySet[Response]:
    """`responses` less those about employees with fewer than N of them among `responses`,
    for figures that mix places and people (an overview's mean must not reveal one)."""
    few = (
        responses.filter(touchpoint__kind=TouchpointKind.EMPLOYEE, is_flagged=False)
        .values("touchpoint")
        .annotate(n=Count("pk"))
        .filter(n__lt=organization.employee_min_responses)
        .values("touchpoint")
    )
    return responses.exclude(touchpoint__in=few)


def comments_permitted(*, membership: Membership, touchpoint: Touchpoint | None = None) -> bool:
    """Who may read what citizens wrote: about an employee only roles trusted with it."""
    if touchpoint is not None and touchpoint.is_employee:
        return membership.has_permission("responses.employee_comments")
    return membership.has_permission("responses.view")


@dataclass(frozen=True)
class TouchpointResults:
    response_count: int  # non-flagged responses in the period
    shown: bool
    needed: int  # how many more responses before an employee's results appear
    results: Results | None  # None while withheld


def touchpoint_results(
    *,
    touchpoint: Touchpoint,
    membership: Membership,
    since: datetime | None = None,
    until: datetime | None = None,
) -> TouchpointResults | None:
    """A place's or an employee's distributions in the period, or None for a member who may
    not read responses. An employee's are withheld entirely (not even a mean) below the
    organisation's threshold, counted over the very responses that would be shown."""
    if not membership.has_permission("responses.view"):
        return None
    organization = membership.organization
    responses = Q(touchpoint=touchpoint) & period_condition(since=since, until=until)
    counts = touchpoint_answer_counts(touchpoint=touchpoint, since=since, until=until)
    count = counts.responses
    if touchpoint.is_employee and not employee_results_shown(
        organization=organization, response_count=count
    ):
        needed = organization.employee_min_responses - count
        return TouchpointResults(response_count=count, shown=False, needed=needed, results=None)
    permitted = comments_permitted(membership=membership, touchpoint=touchpoint)
    results = results_for(
        responses=responses,
        questionnaire=questionnaire_for_touchpoint(touchpoint),
        comments=LATEST_COMMENTS if permitted else 0,
        counts=counts,
    )
    return TouchpointResults(response_count=count, shown=True, needed=0, results=results)


def touchpoint_answer_counts(
    *, touchpoint: Touchpoint, since: datetime | None, until: datetime | None
) -> AnswerCounts:
    """The counts of a touchpoint's unflagged responses in the period."""
    counted = Q(touchpoint=touchpoint, is_flagged=False) & period_condition(
        since=since, until=until
    )
    return past_and_today(
        touchpoint,
        "touchpoint-answers",
        (since, until),
        lambda when: answer_counts(counted & when),
    )


def past_and_today[T](
    touchpoint: Touchpoint, name: str, parts: tuple, compute: Callable[[Q], T]
) -> T:
    """`compute(when)` over days before today, as kept with the organisation's past figures
    (a busy place's year is 200,000 responses), plus `compute` over today, read afresh.
    `when` is a condition on the responses' time; `parts`, what else the result depends on."""
    organization = touchpoint.organization
    zone = ZoneInfo(organization.time_zone)
    midnight = datetime.combine(organization_today(organization), time(), tzinfo=zone)
    past = kept(
        organization,
        name,
        (touchpoint.pk, *parts, midnight),
        lambda: compute(Q(submitted_at__lt=midnight)),
    )
    return past + compute(Q(submitted_at__gte=midnight))


def period_condition(*, since: datetime | None, until: datetime | None) -> Q:
    """Responses from `since` (inclusive) to `until` (exclusive); either end may be open."""
    condition = Q()
    if since is not None:
        condition &= Q(submitted_at__gte=since)
    if until is not None:
        condition &= Q(submitted_at__lt=until)
    return condition
