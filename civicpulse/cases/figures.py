"""Figures of the signals portal for leaders: how many cases came, of what, and how well
they were answered (time to answer, the share answered within the deadline).

"On time" compares the answer with the case's deadline as it stood, extensions included:
an extension the law allows is not a delay. Every figure carries its n.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from civicpulse.cases.models import Case, Stage
from civicpulse.core.tables import Table

SECONDS_PER_DAY = 86_400


@dataclass
class Timeliness:
    """Answers of a group of cases: how many, how fast, how many within the deadline."""

    registered: int = 0
    answered: int = 0
    on_time: int = 0
    open_now: int = 0
    overdue_now: int = 0
    days_to_answer: list[float] = field(default_factory=list, repr=False)

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_answer) if self.days_to_answer else None

    def add(self, row: dict, now: datetime) -> None:
        self.registered += 1
        answered_at, due_at = row["answered_at"], row["due_at"]
        if answered_at is not None:
            self.answered += 1
            self.on_time += due_at is None or answered_at <= due_at
            seconds = (answered_at - row["registered_at"]).total_seconds()
            self.days_to_answer.append(max(seconds, 0) / SECONDS_PER_DAY)
        elif row["status__stage"] in Stage.open():
            self.open_now += 1
            self.overdue_now += due_at is not None and due_at < now


@dataclass
class Breakdown:
    label: str
    figures: Timeliness


@dataclass
class OverTime:
    """Cases registered each month, split by one breakdown's groups (the busiest
    MOST_GROUPS of them, the rest together as "Other")."""

    groups: list[str]
    months: list[tuple[str, list[int]]]  # (month, a count per group, in `groups` order)


@dataclass
class CaseFigures:
    total: Timeliness
    by_kind: list[Breakdown]
    by_category: list[Breakdown]
    by_department: list[Breakdown]
    by_area: list[Breakdown]
    by_month: list[Breakdown]
    over_time: OverTime


OVER_TIME_BY = ("kind", "category", "department", "area")
MOST_GROUPS = 8


_FIELDS = (
    "registered_at",
    "answered_at",
    "due_at",
    "status__stage",
    "kind__name_bg",
    "kind__name_en",
    "category__name_bg",
    "category__name_en",
    "department__name_bg",
    "department__name_en",
    "area__name_bg",
    "area__name_en",
)


def _label(row: dict, prefix: str, language: str) -> str:
    bg = row[f"{prefix}__name_bg"]
    if bg is None:
        return ""
    return (row[f"{prefix}__name_en"] if language == "en" else "") or bg


def _breakdowns(groups: dict[str, Timeliness], *, none_label: str) -> list[Breakdown]:
    rows = [Breakdown(label or none_label, figures) for label, figures in groups.items()]
    return sorted(rows, key=lambda row: (-row.figures.registered, row.label))


def case_figures(
    *,
    cases: QuerySet[Case],
    since: datetime | None = None,
    until: datetime | None = None,
    language: str = "bg",
    over: str = "kind",
    now: datetime | None = None,
) -> CaseFigures:
    """Figures for the registered cases in `cases` (already narrowed to what the reader may
    see) that were registered in [since, until); `over` picks the breakdown (one of
    OVER_TIME_BY) whose groups are also counted month by month."""
    if over not in OVER_TIME_BY:
        raise ValueError(f"Unknown breakdown {over!r}")
    now = now or timezone.now()
    registered = cases.filter(registered_at__isnull=False)
    if since is not None:
        registered = registered.filter(registered_at__gte=since)
    if until is not None:
        registered = registered.filter(registered_at__lt=until)
    rows = registered.annotate(month=TruncMonth("registered_at")).values(*_FIELDS, "month")

    total = Timeliness()
    groups: dict[str, dict[str, Timeliness]] = defaultdict(lambda: defaultdict(Timeliness))
    keys: dict[str, Callable[[dict], str]] = {
        "kind": lambda row: _label(row, "kind", language),
        "category": lambda row: _label(row, "category", language),
        "department": lambda row: _label(row, "department", language),
        "area": lambda row: _label(row, "area", language),
        "month": lambda row: row["month"].strftime("%Y-%m"),
    }
    monthly: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows.iterator(chunk_size=2000):
        total.add(row, now)
        for name, key in keys.items():
            groups[name][key(row)].add(row, now)
        monthly[keys["month"](row)][keys[over](row)] += 1
    none_labels = {
        "kind": "",
        "category": _("No category"),
        "department": _("Not yet routed"),
        "area": _("No area"),
    }
    breakdowns = {
        name: _breakdowns(groups[name], none_label=none_labels[name]) for name in OVER_TIME_BY
    }
    return CaseFigures(
        total=total,
        by_kind=breakdowns["kind"],
        by_category=breakdowns["category"],
        by_department=breakdowns["department"],
        by_area=breakdowns["area"],
        by_month=sorted(
            (Breakdown(label, figures) for label, figures in groups["month"].items()),
            key=lambda row: row.label,
        ),
        over_time=_over_time(monthly, groups[over], none_labels[over]),
    )


def _over_time(
    monthly: dict[str, dict[str, int]], groups: dict[str, Timeliness], none_label: str
) -> OverTime:
    busiest = sorted(groups, key=lambda label: (-groups[label].registered, label))
    shown, rest = busiest[:MOST_GROUPS], set(busiest[MOST_GROUPS:])
    labels = [label or none_label for label in shown] + ([_("Other")] if rest else [])
    months = []
    for month in sorted(monthly):
        counts = monthly[month]
        row = [counts.get(label, 0) for label in shown]
        if rest:
            row.append(sum(counts.get(label, 0) for label in rest))
        months.append((month, row))
    return OverTime(groups=labels, months=months)


def _rows(breakdowns: Iterable[Breakdown]) -> list[list]:
    return [
        [
            row.label,
            row.figures.registered,
            row.figures.answered,
            row.figures.on_time,
            None if row.figures.on_time_share is None else round(row.figures.on_time_share, 3),
            None if row.figures.median_days is None else round(row.figures.median_days, 1),
            row.figures.open_now,
            row.figures.overdue_now,
        ]
        for row in breakdowns
    ]


def figures_tables(figures: CaseFigures) -> list[Table]:
    """The figures as tables for a spreadsheet: each breakdown, then the months split."""
    header = [
        _("Group"),
        _("Registered"),
        _("Answered"),
        _("Answered on time"),
        _("Share on time"),
        _("Median days to answer"),
        _("Open now"),
        _("Overdue now"),
    ]
    tables = [
        Table(title, header, _rows(breakdowns))
        for title, breakdowns in (
            (_("Kind"), figures.by_kind),
            (_("Department"), figures.by_department),
            (_("Category"), figures.by_category),
            (_("Area"), figures.by_area),
            (_("Month"), figures.by_month),
        )
    ]
    over_time = figures.over_time
    tables.append(
        Table(
            _("Months split"),
            [_("Month"), *over_time.groups],
            [[month, *counts] for month, counts in over_time.months],
        )
    )
    return tables


def figures_table(figures: CaseFigures) -> Table:
    """Every breakdown in one table, a first column telling them apart (for CSV)."""
    breakdowns = figures_tables(figures)[:-1]
    return Table(
        _("Cases in figures"),
        [_("Breakdown"), *breakdowns[0].header],
        [[table.title, *row] for table in breakdowns for row in table.rows],
    )
