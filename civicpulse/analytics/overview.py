"""The dashboard's first page: headline figures against the previous period, the series,
the main breakdowns, what needs attention, this week's movers and the latest comments.

Every figure is built from the rollups through `sums` and `breakdowns`; the few raw reads
(the latest comments) are bounded by a LIMIT.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from civicpulse.analytics.breakdowns import (
    PeriodCells,
    Row,
    period_cells,
    places_of,
    without_hidden,
)
from civicpulse.analytics.filters import Choice
from civicpulse.analytics.history import kept
from civicpulse.analytics.statistics.attention import Attention, PlaceActivity, needs_attention
from civicpulse.analytics.statistics.comparisons import (
    Difference,
    mean_difference,
    proportion_difference,
)
from civicpulse.analytics.statistics.summaries import SATISFIED_FROM
from civicpulse.analytics.sums import (
    Period,
    Selection,
    Source,
    Sums,
    Unit,
    buckets,
    selection_key,
    sums_series,
    total,
    week_start,
)
from civicpulse.feedback.models import Touchpoint

ATTENTION_WEEKS = 12
ATTENTION_LIMIT = 5
MOVERS = 5
MOVER_MIN_RESPONSES = 10  # in each of the two weeks


@dataclass(frozen=True)
class Headline:
    """The period's figures and the previous period's, with the changes' intervals."""

    current: Sums
    previous: Sums
    mean_change: Difference
    satisfied_change: Difference
    previous_start: date
    previous_end: date

    @property
    def responses_change(self) -> float | None:
        if not self.previous.responses:
            return None
        return self.current.responses / self.previous.responses - 1

    @property
    def nps_change(self) -> float | None:
        now, before = self.current.nps.value, self.previous.nps.value
        return None if now is None or before is None else now - before


def headline(current: PeriodCells, previous: PeriodCells) -> Headline:
    now, before = current.total(), previous.total()
    satisfied_now = int(now.histogram[SATISFIED_FROM:].sum())
    satisfied_before = int(before.histogram[SATISFIED_FROM:].sum())
    return Headline(
        current=now,
        previous=before,
        mean_change=mean_difference(
            first=now.moments,
            second=before.moments,
        ),
        satisfied_change=proportion_difference(
            successes_first=satisfied_now,
            n_first=now.scored,
            successes_second=satisfied_before,
            n_second=before.scored,
        ),
        previous_start=previous.selection.start,
        previous_end=previous.selection.end,
    )


def series(selection: Selection, unit: Unit, *, source=Source.ROLLUPS) -> list[Period]:
    """The selection's sums per day, week or month, every bucket present (empty ones too)."""
    found = sums_series(selection, unit=unit, source=source)
    return [
        Period(low, high, unit, found.get((low,), Sums()))
        for low, high in buckets(selection.start, selection.end, unit)
    ]


@dataclass(frozen=True)
class Mover:
    row: Row
    this_week: Sums
    last_week: Sums
    change: Difference


@dataclass(frozen=True)
class Movers:
    """Places whose mean moved most from last week to this one (full local weeks)."""

    week: date  # this week's Monday
    best: list[Mover]
    worst: list[Mover]


@dataclass(frozen=True)
class Trends:
    attention: Attention
    movers: Movers
    places: dict[int, Row]


def recent_weeks(
    cells: PeriodCells,
    *,
    today: date,
    limit: int = ATTENTION_LIMIT,
    kind: str | None = None,
    source=Source.ROLLUPS,
) -> Trends:
    """Needs-attention (`limit` places each) and movers, from the last ATTENTION_WEEKS full
    weeks per place; only touchpoints of `kind` (place, employee) when given."""
    this_week = week_start(today) - timedelta(days=7)  # the last full week
    first = this_week - timedelta(days=7 * (ATTENTION_WEEKS - 1))
    selection = without_hidden(
        cells.choice.selection(start=first, end=this_week + timedelta(days=6)), cells
    )
    weekly = sums_series(selection, unit=Unit.WEEK, by=("touchpoint",), source=source)
    by_place: dict[int, dict[date, Sums]] = defaultdict(dict)
    for (week, touchpoint), sums in weekly.items():
        by_place[touchpoint][week] = sums
    rows = {
        row.key: row
        for row in _place_rows(cells, by_place)
        if kind is None or row.place.kind == kind
    }

    def figures():
        return _trend_figures(by_place, set(rows), first=first, this_week=this_week, limit=limit)

    # Full weeks only: the statistics are kept with the past's figures (names are not).
    attention, moved = (
        figures()
        if source == Source.RAW
        else kept(
            cells.choice.organization,
            "trends",
            (*selection_key(selection), limit, tuple(sorted(rows))),
            figures,
        )
    )
    rising = [item for item in reversed(moved) if item[3].value > 0][:MOVERS]
    falling = [item for item in moved if item[3].value < 0][:MOVERS]
    return Trends(
        attention=attention,
        movers=Movers(
            week=this_week,
            best=[Mover(rows[key], now, before, change) for key, now, before, change in rising],
            worst=[Mover(rows[key], now, before, change) for key, now, before, change in falling],
        ),
        places=rows,
    )


def _trend_figures(
    by_place: dict[int, dict[date, Sums]],
    ranked: set[int],
    *,
    first: date,
    this_week: date,
    limit: int,
) -> tuple[Attention, list[tuple[int, Sums, Sums, Difference]]]:
    """Needs-attention of the `ranked` places, and every one's change from last week to
    this one (ascending), from their weekly sums."""
    activities = []
    for touchpoint, weeks in by_place.items():
        if touchpoint not in ranked:
            continue
        ordered = sorted(
            ((week, sums) for week, sums in weeks.items() if sums.scored), key=lambda x: x[0]
        )
        activities.append(
            PlaceActivity(
                key=touchpoint,
                moments=total(s for _w, s in ordered).moments,
                weeks=[(week - first).days / 7 for week, _sums in ordered],
                weekly_means=[sums.mean_value for _week, sums in ordered],
                weekly_counts=[sums.scored for _week, sums in ordered],
            )
        )
    attention = needs_attention(places=activities, limit=limit)
    moved = []
    last_week = this_week - timedelta(days=7)
    for touchpoint, weeks in by_place.items():
        now, before = weeks.get(this_week, Sums()), weeks.get(last_week, Sums())
        if touchpoint not in ranked or min(now.scored, before.scored) < MOVER_MIN_RESPONSES:
            continue
        change = mean_difference(
            first=now.moments,
            second=before.moments,
        )
        moved.append((touchpoint, now, before, change))
    moved.sort(key=lambda item: item[3].value)
    return attention, moved


def _place_rows(cells: PeriodCells, by_place: dict[int, dict[date, Sums]]) -> list[Row]:
    """Rows for the places seen in the weeks; an employee only when rated at least the
    organisation's threshold in those weeks."""
    places = dict(cells.places)
    if missing := set(by_place) - set(places):
        places |= places_of(
            Touchpoint.objects.filter(organization=cells.choice.organization, pk__in=missing)
        )
    threshold = cells.choice.organization.employee_min_responses
    return [
        Row(pk, places[pk].name, Sums(), {"touchpoint": pk}, places[pk])
        for pk, weeks in by_place.items()
        if pk in places
        and not (
            places[pk].is_employee
            and (pk in cells.hidden_employees or total(weeks.values()).responses < threshold)
        )
    ]


@dataclass(frozen=True)
class Overview:
    choice: Choice
    cells: PeriodCells
    headline: Headline
    series: list[Period]
    trends: Trends


def overview(choice: Choice, *, today: date, source: Source = Source.ROLLUPS) -> Overview:
    current = period_cells(choice, source=source)
    previous = period_cells(
        choice, selection=choice.selection().previous(), source=source, known=current.places
    )
    return Overview(
        choice=choice,
        cells=current,
        headline=headline(current, previous),
        series=series(without_hidden(current.selection, current), choice.unit, source=source),
        trends=recent_weeks(current, today=today, source=source),
    )


def recent_sums(membership, *, today: date, days: int) -> PeriodCells:
    """The member's last `days` days (today included), for the back office's front page."""
    choice = Choice(
        membership=membership,
        period=f"{days}d",
        start=today - timedelta(days=days - 1),
        end=today,
        unit=Unit.DAY,
    )
    return period_cells(choice)
