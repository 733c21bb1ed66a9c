"""Score sums for any selection of responses, read from the rollups (or, to check them and to
measure what they save, straight from the raw rows).

A selection is an organisation's responses in a range of local days, narrowed to some
touchpoints (a department head's scope, an area, a category), a channel and a language.
Its sums are those of `ScoreSums`: responses, scored, score sum and squares, and the 0-10
histogram, from which every headline figure follows (civicpulse.analytics.figures).

Any range of days is read as whole months, then whole weeks, then single days, each from
its own rollup level, so a year costs 12 rows per place and cell rather than 365, and a
series by week or month reads each bucket the same way. The sums are exact: no period is
rounded to fit a level.
"""

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache, cached_property
from zoneinfo import ZoneInfo

import numpy as np
from django.db import connections, models
from django.db.models import Count, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from civicpulse.analytics.history import kept, organization_today
from civicpulse.analytics.local_days import LocalDate, LocalHour, LocalWeekday, WeekStart
from civicpulse.analytics.models import (
    DailyRollup,
    MonthlyRollup,
    WeekdayHourRollup,
    WeeklyRollup,
)
from civicpulse.analytics.models.rollups import HISTOGRAM_FIELDS, HOURS, SCORES
from civicpulse.analytics.scores import response_sums, with_ten_point_scores
from civicpulse.analytics.statistics.estimates import Estimate
from civicpulse.analytics.statistics.summaries import (
    ScoreMoments,
    mean_estimate,
    moments_from_histogram,
    net_promoter_score,
    share_satisfied,
)
from civicpulse.core.models import Organization
from civicpulse.feedback.models import Response, Touchpoint

SUM_FIELDS = ("responses", "scored", "score_sum", "score_squares", *HISTOGRAM_FIELDS)
# What a figure may be broken down by, besides the period.
KEYS = ("touchpoint", "channel", "language")


class Source(StrEnum):
    ROLLUPS = "rollups"
    RAW = "raw"


class Unit(models.TextChoices):
    DAY = "day", _("day")
    WEEK = "week", _("week")
    MONTH = "month", _("month")


@dataclass(frozen=True)
class Selection:
    """Which responses a figure counts. `end` is inclusive; both are local days."""

    organization: Organization
    start: date
    end: date
    # None: every touchpoint of the organisation. A queryset is used as a subquery.
    touchpoints: QuerySet[Touchpoint] | None = None
    channel: str = ""
    language: str = ""

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"the selection ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def shifted(self, days: int) -> "Selection":
        """The same selection `days` later (earlier when negative)."""
        step = timedelta(days=days)
        return Selection(
            organization=self.organization,
            start=self.start + step,
            end=self.end + step,
            touchpoints=self.touchpoints,
            channel=self.channel,
            language=self.language,
        )

    def previous(self) -> "Selection":
        """The period of the same length just before this one."""
        return self.shifted(-self.days)


@dataclass
class Sums:
    """The additive sums of a set of responses, and the figures that follow from them."""

    responses: int = 0
    scored: int = 0
    score_sum: int = 0
    score_squares: int = 0
    histogram: np.ndarray = field(default_factory=lambda: np.zeros(len(SCORES), dtype=np.int64))

    @classmethod
    def from_row(cls, row: dict) -> "Sums":
        return cls.from_values([row[name] for name in SUM_FIELDS])

    @classmethod
    def from_values(cls, values: Sequence[int]) -> "Sums":
        """From the SUM_FIELDS in order. PostgreSQL sums a bigint column as numeric, which
        arrives as a Decimal: every sum is made an int here."""
        return cls(
            responses=int(values[0] or 0),
            scored=int(values[1] or 0),
            score_sum=int(values[2] or 0),
            score_squares=int(values[3] or 0),
            histogram=np.array([int(count or 0) for count in values[4:]], dtype=np.int64),
        )

    @classmethod
    def from_array(cls, values: np.ndarray) -> "Sums":
        """From a row of SUM_FIELDS as numpy integers."""
        head = values[:4].tolist()
        return cls(*head, histogram=values[4:].copy())

    def __add__(self, other: "Sums") -> "Sums":
        return Sums(
            responses=self.responses + other.responses,
            scored=self.scored + other.scored,
            score_sum=self.score_sum + other.score_sum,
            score_squares=self.score_squares + other.score_squares,
            histogram=self.histogram + other.histogram,
        )

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sums):
            return NotImplemented
        return self.as_tuple() == other.as_tuple()

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.responses,
            self.scored,
            self.score_sum,
            self.score_squares,
            *(int(count) for count in self.histogram),
        )

    @property
    def mean_value(self) -> float | None:
        """The mean alone, without the interval's cost."""
        return self.score_sum / self.scored if self.scored else None

    @cached_property
    def moments(self) -> ScoreMoments:
        return moments_from_histogram(self.histogram)

    @cached_property
    def mean(self) -> Estimate:
        return mean_estimate(self.moments)

    @cached_property
    def satisfied(self) -> Estimate:
        return share_satisfied(histogram=self.histogram)

    @cached_property
    def nps(self) -> Estimate:
        return net_promoter_score(histogram=self.histogram)


def total(sums: Iterable[Sums]) -> Sums:
    result = Sums()
    for item in sums:
        result = result + item
    return result


@dataclass(frozen=True)
class SumsTable:
    """Many keyed sums as one matrix, to re-add them under other keys at numpy's speed: a
    breakdown of thousands of cells would otherwise make thousands of Sums on the way."""

    keys: list[tuple]
    values: np.ndarray  # a row per key, SUM_FIELDS in order
    # Per key part read so far: its distinct values and each row's index among them.
    _parts: dict[int, tuple[list, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def of(cls, sums: dict[tuple, Sums]) -> "SumsTable":
        if not sums:
            return cls([], np.zeros((0, len(SUM_FIELDS)), dtype=np.int64))
        items = list(sums.values())
        head = np.array(
            [(x.responses, x.scored, x.score_sum, x.score_squares) for x in items], dtype=np.int64
        )
        return cls(list(sums), np.hstack([head, np.stack([x.histogram for x in items])]))

    @classmethod
    def of_rows(cls, rows: list[tuple], width: int) -> "SumsTable":
        """From database rows of (*key, *SUM_FIELDS), the key `width` values long."""
        if not rows:
            return cls([], np.zeros((0, len(SUM_FIELDS)), dtype=np.int64))
        # One conversion for all (PostgreSQL's sums arrive as Decimals).
        values = np.array([row[width:] for row in rows], dtype=np.int64)
        return cls([tuple(row[:width]) for row in rows], values)

    def __len__(self) -> int:
        return len(self.keys)

    def as_dict(self) -> dict[tuple, Sums]:
        return {key: Sums.from_array(row) for key, row in zip(self.keys, self.values, strict=True)}

    def plus(self, other: "SumsTable") -> "SumsTable":
        """Both tables' sums, a key's rows added together; neither table changes."""
        if not len(other):
            return self
        index = {key: row for row, key in enumerate(self.keys)}
        values = self.values.copy()
        keys = list(self.keys)
        added, appended = [], []
        for row, key in enumerate(other.keys):
            at = index.get(key)
            if at is None:
                appended.append(row)
                keys.append(key)
            else:
                added.append((at, row))
        if added:
            into, rows = zip(*added, strict=True)
            values[list(into)] += other.values[list(rows)]
        if appended:
            values = np.vstack([values, other.values[appended]])
        return SumsTable(keys, values)

    def where(self, keep: np.ndarray) -> "SumsTable":
        """The rows where the boolean array `keep` is true."""
        if keep.all():
            return self
        return SumsTable(
            [key for key, kept in zip(self.keys, keep, strict=True) if kept], self.values[keep]
        )

    def column_by_part(self, part: int, column: int) -> dict[Hashable, int]:
        """One column (0: responses) added up for each distinct value of a key part."""
        values, codes = self._part(part)
        totals = np.bincount(codes, weights=self.values[:, column], minlength=len(values))
        return dict(zip(values, totals.astype(np.int64).tolist(), strict=True))

    def summed_by_part(
        self, part: int, key_of: Callable[[Hashable], Hashable | None]
    ) -> dict[Hashable, Sums]:
        """The sums re-added under `key_of(key[part])`, asked once for each distinct value of
        that part (a place, say, rather than each of its channel × language cells)."""
        values, codes = self._part(part)
        groups: dict[Hashable, int] = {}
        mapping = np.fromiter(
            (
                -1 if (target := key_of(value)) is None else groups.setdefault(target, len(groups))
                for value in values
            ),
            dtype=np.intp,
            count=len(values),
        )
        return self._grouped(mapping[codes] if len(codes) else codes, groups)

    def _part(self, part: int) -> tuple[list, np.ndarray]:
        """The distinct values of one part of the keys, and each row's index among them."""
        found = self._parts.get(part)
        if found is None:
            index: dict[Hashable, int] = {}
            codes = np.fromiter(
                (index.setdefault(key[part], len(index)) for key in self.keys),
                dtype=np.intp,
                count=len(self.keys),
            )
            found = self._parts[part] = (list(index), codes)
        return found

    def _grouped(self, targets: np.ndarray, groups: dict[Hashable, int]) -> dict[Hashable, Sums]:
        """Rows added up by their target group (-1: left out)."""
        if not groups:
            return {}
        chosen = targets >= 0
        picked, targets = self.values[chosen], targets[chosen]
        # One bincount per column (np.add.at is several times slower); float sums are
        # exact below 2**53, far beyond any count or sum of squares here.
        summed = np.column_stack(
            [
                np.bincount(targets, weights=picked[:, column], minlength=len(groups))
                for column in range(picked.shape[1])
            ]
        ).astype(np.int64)
        return {target: Sums.from_array(summed[index]) for target, index in groups.items()}

    def total(self) -> Sums:
        return Sums.from_array(self.values.sum(axis=0))


# --- Tiling a range of days with months, weeks and days --------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class Tiles:
    """A range of days as whole months, whole weeks and single days (their first days)."""

    months: list[date] = field(default_factory=list)
    weeks: list[date] = field(default_factory=list)
    days: list[date] = field(default_factory=list)


def tiles(start: date, end: date) -> Tiles:
    """Covers [start, end] exactly with as few rollup rows as possible: whole months first,
    whole weeks in what remains at either end, single days in the rest."""
    result = Tiles()
    first_month = start if start.day == 1 else next_month(start)
    month = first_month
    while next_month(month) - timedelta(days=1) <= end:
        result.months.append(month)
        month = next_month(month)
    if result.months:
        edges = [(start, first_month - timedelta(days=1)), (month, end)]
    else:
        edges = [(start, end)]
    for low, high in edges:
        if low > high:
            continue
        first_week = low if low.weekday() == 0 else week_start(low) + timedelta(days=7)
        week = first_week
        while week + timedelta(days=6) <= high:
            result.weeks.append(week)
            week += timedelta(days=7)
        if week == first_week:  # no whole week fits
            result.days += _days(low, high)
        else:
            result.days += _days(low, first_week - timedelta(days=1))
            result.days += _days(week, high)
    return result


def _days(low: date, high: date) -> list[date]:
    return [low + timedelta(days=offset) for offset in range((high - low).days + 1)]


def bucket_of(day: date, unit: Unit) -> tuple[date, date]:
    """The whole day, week or month holding `day`: (first day, last day)."""
    if unit == Unit.DAY:
        return day, day
    if unit == Unit.MONTH:
        return month_start(day), next_month(day) - timedelta(days=1)
    return week_start(day), week_start(day) + timedelta(days=6)


@dataclass(frozen=True)
class Period:
    """A bucket of a series: its days within the selection, and their sums."""

    start: date
    end: date  # inclusive, clipped to the selection
    unit: Unit
    sums: "Sums"

    def coverage(self, today: date) -> tuple[int, int] | None:
        """(days with data so far, days in the whole bucket) when the bucket is cut short by
        the selection or by today; None when it is whole and over."""
        first, last = bucket_of(self.start, self.unit)
        covered = (min(self.end, today) - self.start).days + 1
        whole = (last - first).days + 1
        if covered == whole and self.end < today:
            return None
        return max(covered, 0), whole


def buckets(start: date, end: date, unit: Unit) -> list[tuple[date, date]]:
    """The series' periods within [start, end], each clipped to it: (first day, last day)."""
    result = []
    if unit == Unit.DAY:
        return [(day, day) for day in _days(start, end)]
    low = start
    while low <= end:
        following = next_month(low) if unit == Unit.MONTH else week_start(low) + timedelta(7)
        high = min(end, following - timedelta(days=1))
        result.append((low, high))
        low = following
    return result


# --- Reading -----------------------------------------------------------------------------


def _score_sums() -> dict:
    return {
        "responses": Coalesce(Sum("responses"), Value(0)),
        "scored": Coalesce(Sum("scored"), Value(0)),
        "score_sum": Coalesce(Sum("score_sum"), Value(0)),
        "score_squares": Coalesce(Sum("score_squares"), Value(0)),
        **{name: Coalesce(Sum(name), Value(0)) for name in HISTOGRAM_FIELDS},
    }


def _narrowed(rows: QuerySet, selection: Selection) -> QuerySet:
    rows = rows.filter(organization=selection.organization)
    if selection.touchpoints is not None:
        rows = rows.filter(touchpoint__in=selection.touchpoints.values("pk"))
    if selection.channel:
        rows = rows.filter(channel=selection.channel)
    if selection.language:
        rows = rows.filter(language=selection.language)
    return rows


def _level_rows(model, period: str, starts: list[date], by: tuple[str, ...], selection, *, single):
    """(period, *by, *SUM_FIELDS) tuples of one level's rows in `starts`, summed by `by`;
    with `single` (one bucket) summed over the periods too: (*by, *SUM_FIELDS)."""
    if not starts:
        return []
    rows = _narrowed(model.objects.all(), selection).filter(**{f"{period}__in": starts})
    # With one bucket, one row per cell instead of one per cell and period (12 times fewer
    # for a year).
    keys = by if single else (period, *by)
    if not keys:
        totals = rows.aggregate(**_score_sums())
        return [tuple(totals[name] for name in SUM_FIELDS)] if totals["responses"] else []
    if set(by) == set(KEYS) and (not single or len(starts) == 1):
        # Every key of a rollup row: the rows are the cells already (today's few thousand,
        # say), and summing each one alone would cost SQLite twice the reading.
        return fetched(rows.values_list(*keys, *SUM_FIELDS).order_by())
    return fetched(rows.values(*keys).annotate(**_score_sums()).order_by())


def fetched(rows: QuerySet) -> list[tuple]:
    """A values() query's rows as the database returns them. Django's per-value converters
    cost 70 µs a row of sums, most of a dashboard's time with thousands of rows; sums are
    integers either way, and dates are parsed once each by the caller (_as_date)."""
    connection = connections[rows.db]
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sums_series(
    selection: Selection,
    *,
    unit: Unit | None = None,
    by: tuple[str, ...] = (),
    source: Source = Source.ROLLUPS,
) -> dict[tuple, Sums]:
    """Sums keyed by (bucket's first day, *by values); with no `unit`, one bucket: the whole
    selection, keyed by its start. Buckets and keys without responses are absent."""
    unknown = set(by) - set(KEYS)
    if unknown:
        raise ValueError(f"cannot break down by {sorted(unknown)}")
    periods = (
        buckets(selection.start, selection.end, unit)
        if unit
        else [(selection.start, selection.end)]
    )
    if source == Source.RAW:
        return _raw_series(selection, periods=periods, unit=unit, by=by)
    today = organization_today(selection.organization)
    if selection.start >= today:
        return _rollup_series(selection, periods, by)
    # Days before today come from what was kept (they change rarely); today is read afresh.
    past_end = min(selection.end, today - timedelta(days=1))
    past = replace(selection, end=past_end)
    kept_series = kept(
        selection.organization,
        "series",
        (*selection_key(past), unit, by),
        lambda: _rollup_series(
            past, [(low, min(high, past_end)) for low, high in periods if low <= past_end], by
        ),
    )
    if selection.end < today:
        return kept_series
    result = dict(kept_series)
    today_bucket = next(low for low, high in periods if low <= today <= high)
    today_only = replace(selection, start=today, end=today)
    for key, sums in _rollup_series(today_only, [(today, today)], by).items():
        key = (today_bucket, *key[1:])
        result[key] = result[key] + sums if key in result else sums
    return result


def selection_key(selection: Selection) -> tuple:
    """What a selection's figures depend on, for keeping them: its days, filters and the
    ids of its touchpoints (a place moved between areas changes them)."""
    touchpoints = (
        None
        if selection.touchpoints is None
        else tuple(sorted(selection.touchpoints.values_list("pk", flat=True)))
    )
    return (
        selection.organization.pk,
        selection.start,
        selection.end,
        touchpoints,
        selection.channel,
        selection.language,
    )


def _rollup_series(
    selection: Selection, periods: list[tuple[date, date]], by: tuple[str, ...]
) -> dict[tuple, Sums]:
    # Every tile's first day, and the bucket it adds to.
    bucket_by_tile: dict[tuple[str, date], date] = {}
    for low, high in periods:
        cover = tiles(low, high)
        for level, starts in (("month", cover.months), ("week", cover.weeks), ("day", cover.days)):
            for first in starts:
                bucket_by_tile[(level, first)] = low
    result: dict[tuple, Sums] = {}
    single = len(periods) == 1
    width = len(by) + (0 if single else 1)
    for model, level in ((MonthlyRollup, "month"), (WeeklyRollup, "week"), (DailyRollup, "day")):
        starts = [first for (kind, first) in bucket_by_tile if kind == level]
        rows = _level_rows(model, level, starts, by, selection, single=single)
        if not rows:
            continue
        # One conversion for all the rows (PostgreSQL's sums arrive as Decimals); each
        # Sums keeps a row of the matrix as its histogram (Sums never change in place).
        values = np.array([row[width:] for row in rows], dtype=np.int64)
        histograms = values[:, 4:]
        for row, head, histogram in zip(rows, values[:, :4].tolist(), histograms, strict=True):
            if single:
                key = (periods[0][0], *row[:width])
            else:
                key = (bucket_by_tile[(level, _as_date(row[0]))], *row[1:width])
            sums = Sums(*head, histogram=histogram)
            result[key] = result[key] + sums if key in result else sums
    # A cell whose every response was flagged keeps its row, at zero.
    return {key: sums for key, sums in result.items() if sums.responses}


def sums_by(
    selection: Selection, *, by: tuple[str, ...] = (), source: Source = Source.ROLLUPS
) -> dict[tuple, Sums]:
    """The whole selection's sums, keyed by the `by` values."""
    return {key[1:]: sums for key, sums in sums_series(selection, by=by, source=source).items()}


def sums_table(
    selection: Selection, *, by: tuple[str, ...], source: Source = Source.ROLLUPS
) -> SumsTable:
    """`sums_by` as a SumsTable, without a Sums for each key: days before today are kept as
    a table and today's rows added to it, so a page's thousands of cells stay numbers."""
    if source == Source.RAW:
        return SumsTable.of(sums_by(selection, by=by, source=source))
    width = len(by)
    today = organization_today(selection.organization)
    if selection.start >= today:
        return _nonzero(SumsTable.of(sums_by(selection, by=by)))
    past = replace(selection, end=min(selection.end, today - timedelta(days=1)))
    kept_table = kept(
        selection.organization,
        "table",
        (*selection_key(past), by),
        lambda: SumsTable.of(
            {
                key[1:]: sums
                for key, sums in _rollup_series(past, [(past.start, past.end)], by).items()
            }
        ),
    )
    if selection.end < today:
        return kept_table
    today_only = replace(selection, start=today, end=today)
    rows = _level_rows(DailyRollup, "day", [today], by, today_only, single=True)
    return _nonzero(kept_table.plus(SumsTable.of_rows(rows, width)))


def _nonzero(table: SumsTable) -> SumsTable:
    # A cell whose every response was flagged keeps its row, at zero.
    return table.where(table.values[:, 0] > 0) if len(table) else table


def sums_total(selection: Selection, *, source: Source = Source.ROLLUPS) -> Sums:
    return sums_by(selection, source=source).get((), Sums())


def _as_date(value) -> date:
    # SQLite returns dates as text to a plain cursor (and strftime() months always).
    return value if isinstance(value, date) else _parsed_date(str(value)[:10])


@cache
def _parsed_date(text: str) -> date:
    return date.fromisoformat(text)


# --- The same from raw rows -----------------------------------------------------------


def local_bounds(selection: Selection) -> tuple[datetime, datetime]:
    """The UTC-aware moments at which the selection's first day starts and the day after its
    last one starts, in the organisation's time zone."""
    zone = ZoneInfo(selection.organization.time_zone)
    return (
        datetime.combine(selection.start, time(), tzinfo=zone),
        datetime.combine(selection.end + timedelta(days=1), time(), tzinfo=zone),
    )


def counted_responses(selection: Selection) -> QuerySet[Response]:
    """The raw responses a selection counts: unflagged, about a touchpoint, in its days."""
    since, until = local_bounds(selection)
    responses = Response.objects.filter(
        touchpoint__isnull=False,
        is_flagged=False,
        submitted_at__gte=since,
        submitted_at__lt=until,
    )
    return _narrowed(responses, selection)


def _raw_series(selection, *, periods, unit, by) -> dict[tuple, Sums]:
    zone = ZoneInfo(selection.organization.time_zone)
    day = LocalDate("submitted_at", zone=zone)
    bucket = {
        None: Value(selection.start),
        Unit.DAY: day,
        Unit.WEEK: WeekStart(day),
        Unit.MONTH: LocalDate("submitted_at", zone=zone, month=True),
    }[unit]
    rows = (
        with_ten_point_scores(counted_responses(selection))
        .annotate(bucket=bucket)
        .values("bucket", *by)
        .annotate(**response_sums())
        .order_by()
    )
    first_days = {low: low for low, _ in periods}
    result = {}
    for row in rows:
        # A week or month clipped by the selection's start is keyed by the start.
        first = max(_as_date(row["bucket"]), selection.start)
        result[(first_days.get(first, first), *(row[name] for name in by))] = Sums.from_row(row)
    return result


# --- Hours and weekdays ----------------------------------------------------------------


@dataclass(frozen=True)
class WeekdayHours:
    """Scored responses (`counts`) and their score sums by weekday (rows, Monday first)
    and local hour (columns), over `months` (the heat map counts whole months)."""

    counts: np.ndarray
    sums: np.ndarray
    first_day: date | None
    last_day: date | None

    @property
    def means(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.counts > 0, self.sums / np.maximum(self.counts, 1), np.nan)


def weekday_hours(selection: Selection, *, source: Source = Source.ROLLUPS) -> WeekdayHours:
    """The hour × weekday sums of the whole months the selection touches (the rollup keeps
    months, not days: a 7-day selection shows its month)."""
    first = month_start(selection.start)
    last = next_month(selection.end) - timedelta(days=1)
    counts = np.zeros((7, len(HOURS)), dtype=np.int64)
    sums = np.zeros((7, len(HOURS)), dtype=np.int64)
    months = Selection(
        organization=selection.organization,
        start=first,
        end=last,
        touchpoints=selection.touchpoints,
        channel=selection.channel,
    )
    if source == Source.RAW:
        zone = ZoneInfo(selection.organization.time_zone)
        rows = (
            with_ten_point_scores(counted_responses(months))
            .filter(ten__isnull=False)
            .annotate(
                weekday=LocalWeekday("submitted_at", zone=zone),
                hour=LocalHour("submitted_at", zone=zone),
            )
            .values("weekday", "hour")
            .annotate(n=Count("id"), total=Sum("ten"))
            .order_by()
        )
        for row in rows:
            counts[row["weekday"], row["hour"]] = row["n"]
            sums[row["weekday"], row["hour"]] = row["total"]
        return WeekdayHours(counts, sums, first, last)
    # Months before this one come from what was kept; this month is read afresh.
    this_month = month_start(organization_today(selection.organization))
    starts = [month_start(low) for low, _ in buckets(first, last, Unit.MONTH)]
    past = [month for month in starts if month < this_month]
    if past:
        kept_counts, kept_sums = kept(
            selection.organization,
            "weekday-hours",
            (*selection_key(months), tuple(past)),
            lambda: _weekday_hour_rows(months, past),
        )
        counts, sums = counts + kept_counts, sums + kept_sums
    if current := [month for month in starts if month >= this_month]:
        fresh_counts, fresh_sums = _weekday_hour_rows(months, current)
        counts, sums = counts + fresh_counts, sums + fresh_sums
    return WeekdayHours(counts, sums, first, last)


def _weekday_hour_rows(months: Selection, starts: list[date]) -> tuple[np.ndarray, np.ndarray]:
    counts = np.zeros((7, len(HOURS)), dtype=np.int64)
    sums = np.zeros((7, len(HOURS)), dtype=np.int64)
    rows = (
        _narrowed(WeekdayHourRollup.objects.all(), months)
        .filter(month__in=starts)
        .values("weekday")
        .annotate(
            **{f"c{h}": Sum(f"c{h}") for h in HOURS},
            **{f"t{h}": Sum(f"t{h}") for h in HOURS},
        )
        .order_by()
    )
    for row in rows:
        counts[row["weekday"]] = [row[f"c{h}"] for h in HOURS]
        sums[row["weekday"]] = [row[f"t{h}"] for h in HOURS]
    return counts, sums
