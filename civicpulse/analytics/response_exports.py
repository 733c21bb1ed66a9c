"""The individual responses behind a dashboard selection, as rows for CSV or XLSX.

One row per response about a place: when (local time), where, through which channel and in
which language, the headline score and every answer, a column per question key (matched
across questionnaire versions). Nothing identifies a person: responses keep no address or
browser, and responses about employees are left out, since a timed row could point to the
one citizen an employee served.
"""

from collections import defaultdict
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicpulse.analytics.filters import Choice
from civicpulse.analytics.sums import counted_responses
from civicpulse.core.i18n import active_language
from civicpulse.feedback.models import Answer, Channel, Question, Response, TouchpointKind

CHUNK = 2_000
XLSX_MOST = 100_000  # a workbook this size is already slow to open; CSV has no limit


def exported_responses(choice: Choice) -> QuerySet[Response]:
    """The selection's responses about places, oldest first."""
    selection = choice.selection()
    return (
        counted_responses(selection)
        .filter(touchpoint__kind=TouchpointKind.PLACE)
        .order_by("submitted_at", "pk")
    )


def question_keys(responses: QuerySet[Response]) -> list[str]:
    """The keys of the questions answered in `responses`, in questionnaire order."""
    keys = (
        Question.objects.filter(answers__response__in=responses.order_by().values("pk"))
        .values("key")
        .annotate(position=Min("position"))
        .order_by("position", "key")
    )
    return [row["key"] for row in keys]


def response_header(keys: list[str]) -> list[str]:
    return [
        _("Submitted (local time)"),
        _("Touchpoint code"),
        _("Touchpoint"),
        _("Category"),
        _("Area"),
        _("Channel"),
        _("Language"),
        _("Score (0-10)"),
        *keys,
    ]


def response_rows(choice: Choice, keys: list[str], *, most: int | None = None) -> Iterator[list]:
    """The rows, read CHUNK responses at a time (one query for them, one for their answers)."""
    zone = ZoneInfo(choice.organization.time_zone)
    name = f"name_{active_language()}"
    channels = dict(Channel.choices)
    responses = exported_responses(choice).values_list(
        "pk",
        "submitted_at",
        "touchpoint__code",
        f"touchpoint__{name}",
        "touchpoint__name_bg",
        f"touchpoint__category__{name}",
        "touchpoint__category__name_bg",
        f"touchpoint__area__{name}",
        "touchpoint__area__name_bg",
        "channel",
        "language",
        "score",
    )
    if most is not None:
        responses = responses[:most]
    column = {key: index for index, key in enumerate(keys)}
    chunk: list[tuple] = []
    for row in responses.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _with_answers(chunk, column, zone, channels)
            chunk = []
    if chunk:
        yield from _with_answers(chunk, column, zone, channels)


def _with_answers(chunk, column, zone, channels) -> Iterator[list]:
    answers: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows = Answer.objects.filter(response_id__in=[row[0] for row in chunk]).values_list(
        "response_id", "question__key", "number", "option__key", "text"
    )
    for response_id, key, number, option, text in rows:
        if key not in column:
            continue
        value = option or (str(number) if number is not None else text)
        if value:
            answers[response_id][column[key]].append(value)
    for (
        pk, submitted_at, code, tp_name, tp_name_bg, category, category_bg, area, area_bg,
        channel, language, score,
    ) in chunk:  # fmt: skip
        given = answers.get(pk, {})
        yield [
            timezone.localtime(submitted_at, zone).replace(tzinfo=None, microsecond=0),
            code,
            tp_name or tp_name_bg,
            category or category_bg,
            area or area_bg or "",
            str(channels.get(channel, channel)),
            language,
            score,
            *("; ".join(given.get(index, ())) for index in range(len(column))),
        ]
