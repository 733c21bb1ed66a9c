"""The "Comments and photos" page: the selection's latest responses with a comment or a
photo (or, with "all responses", every one, each with its answers), newest first.

These are raw responses, so every read is bounded: a page of PAGE_SIZE rows found through
the (organization, submitted_at) index, or its partial twin of commented responses when
only those are asked for (so a filter that matches none reads the period's comments, not
all its responses), and an export of at most EXPORT_MOST. There is no
total count of matching rows (that would scan the period); the page states the period's n
from the rollups instead. The privacy rules are those of civicpulse.feedback.results:
texts about an employee only for roles trusted with them, and only for employees rated at
least the organisation's threshold in the period; flagged responses never appear.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicpulse.analytics.breakdowns import PeriodCells, period_cells
from civicpulse.analytics.filters import LANGUAGES, Choice, query_string
from civicpulse.analytics.sums import Source, counted_responses
from civicpulse.core.models import Membership
from civicpulse.feedback.models import (
    Answer,
    Channel,
    QuestionKind,
    Response,
    TouchpointKind,
)
from civicpulse.feedback.models.responses import COMMENTED
from civicpulse.feedback.results import comments_permitted, employee_results_shown
from civicpulse.feedback.selectors import touchpoints_visible_to

PAGE_SIZE = 25
EXPORT_MOST = 5000
# Score bands: detractors, passives and promoters in NPS terms.
BANDS = {"0-6": (0, 6), "7-8": (7, 8), "9-10": (9, 10)}


class CommentFilterForm(forms.Form):
    band = forms.ChoiceField(
        label=gettext_lazy("Score"),
        choices=[("", gettext_lazy("All")), *((band, band) for band in BANDS)],
        required=False,
    )
    photo = forms.BooleanField(label=gettext_lazy("With a photo only"), required=False)
    all = forms.BooleanField(
        label=gettext_lazy("All responses, with or without a comment"), required=False
    )
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def value(self, name: str):
        """A field's valid value, or None when it was missing or wrong (shown beside it)."""
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return None
        return self.cleaned_data.get(name)

    @property
    def hidden_errors(self) -> list[str]:
        """Errors of fields not drawn as inputs (the page number), for a message."""
        return list(self.errors.get("page", [])) if self.is_bound else []


@dataclass(frozen=True)
class CommentFilters:
    band: str = ""
    with_photo: bool = False
    every: bool = False  # every response, not only those with a comment or photo
    page: int = 1

    @classmethod
    def from_form(cls, form: CommentFilterForm) -> "CommentFilters":
        return cls(
            band=form.value("band") or "",
            with_photo=bool(form.value("photo")),
            every=bool(form.value("all")),
            page=form.value("page") or 1,
        )

    def query(self, **changes) -> str:
        values = {
            "band": self.band or None,
            "photo": "on" if self.with_photo else None,
            "all": "on" if self.every else None,
            "page": self.page if self.page > 1 else None,
        } | changes
        return query_string(values)


@dataclass(frozen=True)
class ListedAnswer:
    question: str
    answer: str


@dataclass
class ListedResponse:
    pk: int
    submitted_at: datetime
    place: str
    touchpoint_id: int
    score: int | None
    language: str
    channel: str
    has_photo: bool
    comments: list[str] = field(default_factory=list)
    answers: list[ListedAnswer] = field(default_factory=list)

    @property
    def channel_label(self) -> str:
        return str(dict(Channel.choices).get(self.channel, self.channel))

    @property
    def language_label(self) -> str:
        return str(dict(LANGUAGES).get(self.language, self.language))


@dataclass(frozen=True)
class CommentPage:
    choice: Choice
    filters: CommentFilters
    cells: PeriodCells
    items: list[ListedResponse]
    has_next: bool
    employees_left_out: bool  # employees' responses exist but are not for this reader

    @property
    def first_number(self) -> int:
        return (self.filters.page - 1) * PAGE_SIZE + 1


def responses_listed(
    choice: Choice, filters: CommentFilters, cells: PeriodCells
) -> QuerySet[Response]:
    """The responses the page may list, newest first: in the choice's selection (within the
    member's scope), unflagged, an employee's only for a trusted reader above the threshold."""
    selection = choice.selection()
    rows = counted_responses(selection)
    if may_read_employees(choice.membership):
        rows = rows.exclude(touchpoint__in=list(cells.hidden_employees))
    else:
        rows = rows.exclude(touchpoint__kind=TouchpointKind.EMPLOYEE)
    if filters.band:
        low, high = BANDS[filters.band]
        rows = rows.filter(score__gte=low, score__lte=high)
    if filters.with_photo:
        rows = rows.exclude(photo="")
    if not filters.every:
        rows = rows.filter(COMMENTED)
    return rows.order_by("-submitted_at", "-pk")


def may_read_employees(membership: Membership) -> bool:
    return membership.has_permission("responses.employee_comments")


def comment_page(
    choice: Choice, filters: CommentFilters, *, source: Source = Source.ROLLUPS
) -> CommentPage:
    cells = period_cells(choice, source=source)
    offset = (filters.page - 1) * PAGE_SIZE
    found = _listed(responses_listed(choice, filters, cells)[offset : offset + PAGE_SIZE + 1])
    items = found[:PAGE_SIZE]
    _attach_answers(items, every=filters.every)
    employees = any(place.is_employee for place in cells.places.values())
    return CommentPage(
        choice=choice,
        filters=filters,
        cells=cells,
        items=items,
        has_next=len(found) > PAGE_SIZE,
        employees_left_out=employees and not may_read_employees(choice.membership),
    )


def comments_for_export(choice: Choice, filters: CommentFilters) -> list[ListedResponse]:
    """The newest EXPORT_MOST responses with a comment (the filters' band and photo apply)."""
    cells = period_cells(choice)
    only_commented = CommentFilters(band=filters.band, with_photo=filters.with_photo)
    rows = responses_listed(choice, only_commented, cells)
    items = _listed(rows.filter(has_comment=True)[:EXPORT_MOST])
    _attach_answers(items, every=False)
    return items


def _listed(rows: QuerySet[Response]) -> list[ListedResponse]:
    return [
        ListedResponse(
            pk=row.pk,
            submitted_at=row.submitted_at,
            place=row.touchpoint.name,
            touchpoint_id=row.touchpoint_id,
            score=row.score,
            language=row.language,
            channel=row.channel,
            has_photo=bool(row.photo),
        )
        for row in rows.select_related("touchpoint").only(
            "submitted_at",
            "score",
            "language",
            "channel",
            "photo",
            "touchpoint__name_bg",
            "touchpoint__name_en",
        )
    ]


def _attach_answers(items: list[ListedResponse], *, every: bool) -> None:
    """Each response's comments (and, for `every`, all its answers), in one query."""
    by_pk = {item.pk: item for item in items}
    if not by_pk:
        return
    answers = Answer.objects.filter(response_id__in=list(by_pk))
    if not every:
        answers = answers.exclude(text="")
    for answer in answers.select_related("question", "option").order_by(
        "response_id", "question__position", "pk"
    ):
        item = by_pk[answer.response_id]
        if answer.text:
            item.comments.append(answer.text)
        if every:
            item.answers.append(ListedAnswer(answer.question.text, answer_text(answer)))


def answer_text(answer: Answer) -> str:
    """An answer as a reader sees it, as civicpulse.feedback.results labels it."""
    if answer.option_id is not None:
        return answer.option.label
    if answer.number is not None:
        if answer.question.kind == QuestionKind.YES_NO:
            return _("Yes") if answer.number else _("No")
        return str(answer.number)
    return answer.text


def response_with_photo(*, membership: Membership, pk: int) -> Response | None:
    """A response's photo, for a member who may read what was sent about its touchpoint:
    within their scope, not flagged, and an employee's only when comments_permitted and
    the employee has been rated at least the organisation's threshold."""
    if not membership.has_permission("responses.view"):
        return None
    response = (
        Response.objects.filter(
            organization_id=membership.organization_id,
            touchpoint__in=touchpoints_visible_to(membership=membership),
            is_flagged=False,
            pk=pk,
        )
        .exclude(photo="")
        .select_related("touchpoint")
        .first()
    )
    if response is None:
        return None
    touchpoint = response.touchpoint
    if touchpoint.is_employee:
        if not comments_permitted(membership=membership, touchpoint=touchpoint):
            return None
        rated = Response.objects.filter(
            organization_id=membership.organization_id, touchpoint=touchpoint, is_flagged=False
        ).count()
        if not employee_results_shown(organization=membership.organization, response_count=rated):
            return None
    return response
