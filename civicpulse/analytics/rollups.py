"""Rollups: responses summed per place and period, kept current off the submission path.

Levels (civicpulse.analytics.models):
- `DailyRollup`: organisation × touchpoint × local day × channel × language, with the
  response count, the count with a headline score, the sum and sum of squares of scores and
  a histogram s0..s10. Means, variances, NPS (s9+s10 vs s0..s6) and the share satisfied of
  any set of cells are SUMs of these columns, in SQL, on SQLite and PostgreSQL alike.
- `WeeklyRollup` (weeks start on Monday) and `MonthlyRollup`: the same per local week and
  month, so a year-long view reads 12 or 52 rows per place rather than 365
  (civicpulse.analytics.sums tiles any period with months, weeks and days).
- `WeekdayHourRollup`: scored responses and their sums by local hour (24 columns) per
  touchpoint × month × channel × weekday, for the hour × weekday heat map.
- `QuestionDailyRollup`: per question × touchpoint × day, count, sum and sum of squares of
  numeric answers (sub-ratings, yes/no), for key drivers.

Days and months are the organisation's (`Organization.time_zone`): 23:30 UTC in July is the
next day in Sofia. Flagged responses are left out. Responses about a campaign rather than a
touchpoint are not rolled up here (campaign results read their own few rows).

How they are kept (the submission transaction does no extra work):
- One global `RollupWatermark` row holds the highest response id folded. `rollups_fold` locks
  it (SELECT … FOR UPDATE), reads the responses above it and adds them to each level with
  one INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE per level and organisation, then
  moves the mark, all in one transaction. A response's own `submitted_at` decides its day,
  so a kiosk press that arrives days late lands in its own day. Folding twice adds nothing.
- PostgreSQL hands out ids before commit, so an id below the highest one seen may still be
  in an open transaction. Such gaps are remembered as `pending` and folded when they appear;
  gaps not filled within GAP_PATIENCE were rolled back and are forgotten. (SQLite writes one
  transaction at a time, so there a gap is always final.)
- `rollups_follow` (a management command) folds every few seconds; `rollups_catch_up()` folds
  synchronously for a dashboard that must be current, and costs two queries when nothing is
  new.
- `response_flag` / `response_restore` take the same lock and subtract / add the response's
  share in their own transaction, if it was already folded.
- `rollups_rebuild(organization=...)` recomputes an organisation from raw rows with one
  INSERT … SELECT per level (after bulk loads).
- A deleted touchpoint's (or question's) rows are deleted by the cascade.
"""

import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from datetime import time as dt_time
from zoneinfo import ZoneInfo

from django.db import connections, router, transaction
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.analytics.history import history_changed, organization_today
from civicpulse.analytics.local_days import LocalDate, LocalHour, LocalWeekday, WeekStart
from civicpulse.analytics.models import (
    DailyRollup,
    MonthlyRollup,
    QuestionDailyRollup,
    RollupWatermark,
    WeekdayHourRollup,
    WeeklyRollup,
)
from civicpulse.analytics.models.rollups import HOURS
from civicpulse.analytics.scores import response_sums, ten_point_score, with_ten_point_scores
from civicpulse.core.models import Organization
from civicpulse.feedback.models import Answer, Response

# An open transaction holds its response id for milliseconds; one still missing after this
# long was rolled back (a refused duplicate, a failed check) and will never appear.
GAP_PATIENCE = 300
# Gaps wider than this are not open transactions (there are never that many at once) but
# ids skipped on purpose, e.g. by a bulk load; they are not watched.
WIDEST_WATCHED_GAP = 100
MOST_PENDING = 1000
# The follower folds at most this many ids at a time, so a catch-up after a large load
# holds the lock (and the write lock on SQLite) briefly and often, not for one long pass.
FOLLOW_BATCH = 50_000

ROLLUP_MODELS = (
    DailyRollup,
    WeeklyRollup,
    MonthlyRollup,
    WeekdayHourRollup,
    QuestionDailyRollup,
)
SCORE_KEYS = ("organization", "touchpoint", "channel", "language")
COLUMNS = {"organization": "organization_id", "touchpoint": "touchpoint_id"}
COLUMNS |= {"response__organization": "organization_id", "response__touchpoint": "touchpoint_id"}
COLUMNS |= {"question": "question_id"}


def _answer_sums() -> dict:
    return {
        "answers": Count("id"),
        "number_sum": Sum("number"),
        "number_squares": Sum(F("number") * F("number")),
    }


def _upsert(model, keys: Iterable[str], cells: QuerySet) -> None:
    """Adds the grouped `cells` to `model`'s rows: INSERT … SELECT … ON CONFLICT DO UPDATE."""
    connection = connections[router.db_for_write(model)]
    query = cells.query
    names = list(query.selected or [*query.values_select, *query.annotation_select])
    select, params = query.get_compiler(connection=connection).as_sql()
    _upsert_select(model, [COLUMNS.get(name, name) for name in names], select, params, keys)


def _upsert_select(model, columns: list[str], select: str, params, keys: Iterable[str]) -> None:
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key_columns = [COLUMNS.get(k, k) for k in keys]
    sums = [c for c in columns if c not in key_columns]
    conflict = ", ".join(quote(c) for c in key_columns)
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in sums)
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) {select} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _weekday_hours_add(counted: QuerySet, zone: ZoneInfo) -> None:
    """Folds scored responses into WeekdayHourRollup: the local hour and weekday are worked
    out once per row in an inner SELECT, and the outer one spreads them over 24 columns."""
    connection = connections[router.db_for_write(WeekdayHourRollup)]
    quote = connection.ops.quote_name
    inner = (
        counted.filter(ten__isnull=False)
        .annotate(
            month=LocalDate("submitted_at", zone=zone, month=True),
            weekday=LocalWeekday("submitted_at", zone=zone),
            hour=LocalHour("submitted_at", zone=zone),
        )
        .values("organization", "touchpoint", "month", "channel", "weekday", "hour", "ten")
        .order_by()
    )
    inner_sql, params = inner.query.get_compiler(connection=connection).as_sql()
    keys = ["organization", "touchpoint", "month", "channel", "weekday"]
    hour, score = quote("hour"), quote("ten")
    hours = []
    for h in HOURS:
        hours += [
            f"SUM(CASE WHEN {hour} = {h:d} THEN 1 ELSE 0 END)",
            f"SUM(CASE WHEN {hour} = {h:d} THEN {score} ELSE 0 END)",
        ]
    # The inner SELECT names its columns after the values() (organization, month, hour ...).
    # MATERIALIZED: else SQLite folds it into the outer query and works the local hour out
    # anew in each of the 48 sums (a 10 times slower fold).
    key_list = ", ".join(quote(k) for k in keys)
    sums = ", ".join(hours)
    select = (
        f"WITH cells AS MATERIALIZED ({inner_sql}) "  # noqa: S608
        f"SELECT {key_list}, {sums} FROM cells GROUP BY {key_list}"
    )
    hour_columns = [name for h in HOURS for name in (f"c{h}", f"t{h}")]
    columns = [*(COLUMNS.get(k, k) for k in keys), *hour_columns]
    _upsert_select(WeekdayHourRollup, columns, select, params, keys)


def _levels_add(*, organization: Organization, responses: Q) -> None:
    """Folds the organisation's counted responses matching `responses` into every level."""
    zone = ZoneInfo(organization.time_zone)
    counted = with_ten_point_scores(
        Response.objects.filter(
            responses, organization=organization, touchpoint__isnull=False, is_flagged=False
        )
    )
    day = LocalDate("submitted_at", zone=zone)
    month = LocalDate("submitted_at", zone=zone, month=True)
    for model, period, expression in (
        (DailyRollup, "day", day),
        (WeeklyRollup, "week", WeekStart(day)),
        (MonthlyRollup, "month", month),
    ):
        keys = (*SCORE_KEYS, period)
        cells = counted.annotate(**{period: expression}).values(*keys).annotate(**response_sums())
        _upsert(model, ("organization", period, "touchpoint", "channel", "language"), cells)
    answers = (
        Answer.objects.filter(response__in=counted.values("pk"), number__isnull=False)
        .annotate(day=LocalDate("response__submitted_at", zone=zone))
        .values("response__organization", "response__touchpoint", "question", "day")
        .annotate(**_answer_sums())
    )
    _upsert(
        QuestionDailyRollup,
        ("response__organization", "day", "response__touchpoint", "question"),
        answers.order_by(),
    )
    _weekday_hours_add(counted, zone)
    midnight = datetime.combine(organization_today(organization), dt_time(), tzinfo=zone)
    if counted.filter(submitted_at__lt=midnight).exists():
        history_changed(organization.pk)  # a late response: past days' figures moved


def watermark_lock() -> RollupWatermark:
    """The watermark, locked until the transaction ends: folds, rebuilds, flags and restores
    take turns, so none counts a response twice or misses one."""
    mark = RollupWatermark.objects.select_for_update().filter(pk=1).first()
    if mark is None:
        RollupWatermark.objects.get_or_create(pk=1)
        mark = RollupWatermark.objects.select_for_update().get(pk=1)
    return mark


def _gaps(low: int, high: int) -> list[int]:
    """Ids in (low, high] that no visible response has, in narrow runs only."""
    connection = connections[router.db_for_read(Response)]
    table = connection.ops.quote_name(Response._meta.db_table)
    sql = (
        "SELECT previous, id FROM (SELECT id, LAG(id, 1, %s) OVER (ORDER BY id) AS previous "  # noqa: S608
        f"FROM {table} WHERE id > %s AND id <= %s) AS runs WHERE id - previous > 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [low, low, high])
        runs = cursor.fetchall()
    return [
        missing
        for previous, following in runs
        if following - previous - 1 <= WIDEST_WATCHED_GAP
        for missing in range(previous + 1, following)
    ]


def rollups_fold(*, now: datetime | None = None, most: int | None = None) -> int:
    """Folds every response not yet in the rollups into them (the next `most` ids, if
    given, to keep a long catch-up in short transactions); returns how many it read."""
    moment = (now or timezone.now()).timestamp()
    with transaction.atomic(), scopes_disabled():
        mark = watermark_lock()
        low = mark.last_response_id
        high = Response.objects.aggregate(highest=Max("id"))["highest"] or 0
        if most is not None:
            high = min(high, low + most)
        pending = dict(mark.pending)
        found = set()
        if pending:
            found = set(Response.objects.filter(pk__in=pending).values_list("pk", flat=True))
        gaps = _gaps(low, high) if high > low else []
        new = Q(pk__gt=low, pk__lte=high) & ~Q(pk__in=gaps) if high > low else Q(pk__in=[])
        if found:
            new |= Q(pk__in=found)
        read = 0
        if high > low or found:
            per_organization = dict(
                Response.objects.filter(new)
                .order_by()
                .values("organization")
                .annotate(n=Count("id"))
                .values_list("organization", "n")
            )
            for organization in Organization.objects.filter(pk__in=per_organization):
                with scope(organization=organization):
                    _levels_add(organization=organization, responses=new)
            read = sum(per_organization.values())
        kept = {
            key: since
            for key, since in pending.items()
            if key not in found and moment - since < GAP_PATIENCE
        }
        kept |= dict.fromkeys(gaps, moment)
        kept_list = sorted(kept.items())[-MOST_PENDING:]
        if high > low or kept_list != sorted(pending.items()):
            mark.last_response_id = max(low, high)
            mark.pending = [list(item) for item in kept_list]
            mark.folded_at = timezone.now()
            mark.save(update_fields=["last_response_id", "pending", "folded_at"])
    return read


def rollups_catch_up() -> int:
    """Folds what is new so figures read next are current; cheap when nothing is."""
    return rollups_fold()


def is_folded(mark: RollupWatermark, response_id: int) -> bool:
    return response_id <= mark.last_response_id and all(
        key != response_id for key, _ in mark.pending
    )


def response_rollups_apply(*, response: Response, sign: int) -> None:
    """Adds (sign 1) or takes out (sign -1) one folded response's share of every level.

    Called by response_flag and response_restore with the watermark locked."""
    if response.touchpoint_id is None:
        return
    organization = Organization.objects.get(pk=response.organization_id)
    local = timezone.localtime(response.submitted_at, ZoneInfo(organization.time_zone))
    cell = {
        "organization_id": response.organization_id,
        "touchpoint_id": response.touchpoint_id,
        "channel": response.channel,
        "language": response.language,
    }
    change = {"responses": F("responses") + sign}
    score = ten_point_score(response)
    if score is not None:
        change |= {
            "scored": F("scored") + sign,
            "score_sum": F("score_sum") + sign * score,
            "score_squares": F("score_squares") + sign * score**2,
            f"s{score}": F(f"s{score}") + sign,
        }
    day = local.date()
    if day < organization_today(organization):
        history_changed(organization.pk)
    for model, period in (
        (DailyRollup, {"day": day}),
        (WeeklyRollup, {"week": day - timedelta(days=day.weekday())}),
        (MonthlyRollup, {"month": day.replace(day=1)}),
    ):
        if sign > 0 and not model.objects.filter(**cell, **period).exists():
            model.objects.create(**cell, **period)
        model.objects.filter(**cell, **period).update(**change)
    if score is not None:
        hour_cell = {
            "organization_id": response.organization_id,
            "touchpoint_id": response.touchpoint_id,
            "month": day.replace(day=1),
            "channel": response.channel,
            "weekday": day.weekday(),
        }
        if sign > 0:
            WeekdayHourRollup.objects.get_or_create(**hour_cell)
        WeekdayHourRollup.objects.filter(**hour_cell).update(
            **{
                f"c{local.hour}": F(f"c{local.hour}") + sign,
                f"t{local.hour}": F(f"t{local.hour}") + sign * score,
            }
        )
    numbers = Answer.objects.filter(response=response, number__isnull=False).values_list(
        "question_id", "number"
    )
    for question_id, number in numbers:
        row = {
            "organization_id": response.organization_id,
            "touchpoint_id": response.touchpoint_id,
            "question_id": question_id,
            "day": day,
        }
        if sign > 0:
            QuestionDailyRollup.objects.get_or_create(**row)
        QuestionDailyRollup.objects.filter(**row).update(
            answers=F("answers") + sign,
            number_sum=F("number_sum") + sign * number,
            number_squares=F("number_squares") + sign * number * number,
        )


def rollups_rebuild(*, organization: Organization) -> None:
    """Recomputes the organisation's rollups from its raw responses, then folds the rest.

    The responses up to the watermark are summed afresh (one INSERT … SELECT per level);
    those above it, such as a bulk load's, are folded next as they would be anyway."""
    with transaction.atomic(), scope(organization=organization):
        mark = watermark_lock()
        for model in ROLLUP_MODELS:
            model.objects.filter(organization=organization).delete()
        history_changed(organization.pk)
        pending = [key for key, _ in mark.pending]
        upto = Q(pk__lte=mark.last_response_id) & ~Q(pk__in=pending)
        _levels_add(organization=organization, responses=upto)
    rollups_fold()


def rollups_follow(
    *, interval: float = 2.0, rounds: int | None = None, on_fold: Callable | None = None
) -> None:
    """Folds every `interval` seconds, forever (or `rounds` times); `on_fold(read, seconds)`
    hears of every fold that read something."""
    done = 0
    while rounds is None or done < rounds:
        started = time.monotonic()
        read = rollups_fold(most=FOLLOW_BATCH)
        if read and on_fold:
            on_fold(read, time.monotonic() - started)
        done += 1
        # A full batch means more is waiting: go on at once.
        if (rounds is None or done < rounds) and read < FOLLOW_BATCH:
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
