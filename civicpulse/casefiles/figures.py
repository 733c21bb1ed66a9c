"""Sector timeliness: per sector and service, how many files came in and were done, the
share done on time, the median days to complete, what is open and overdue now, and why
files were late.

Counted in the database on SQLite and PostgreSQL alike: one GROUP BY with conditional
counts, and the medians by window functions (each group's middle one or two durations).

- registered: files registered in the period;
- completed, on time, median days: files done (ready, completed or refused) in the period;
- open now, overdue now: every open file at `now`, whatever the period;
- reasons for delay: files done late in the period and files overdue now, by their reason
  ("" where none was given).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from civicpulse.casefiles.models import AdministrativeService, CaseFile, CaseFileStatus
from civicpulse.core.models import Department, Organization

DAY = timedelta(days=1)


@dataclass
class FiguresRow:
    sector: Department | None
    service: AdministrativeService | None  # None: the sector's (or the organisation's) total
    registered: int = 0
    completed: int = 0
    on_time: int = 0
    open_now: int = 0
    overdue_now: int = 0
    median_days: float | None = None
    reasons: Counter = field(default_factory=Counter)

    @property
    def on_time_share(self) -> float | None:
        """On time among the completed, 0..1; None with nothing completed."""
        return self.on_time / self.completed if self.completed else None

    @property
    def late(self) -> int:
        return self.completed - self.on_time

    def add(self, other: "FiguresRow") -> None:
        for name in ("registered", "completed", "on_time", "open_now", "overdue_now"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.reasons.update(other.reasons)


@dataclass
class SectorFigures:
    total: FiguresRow
    services: list[FiguresRow]


@dataclass
class TimelinessFigures:
    sectors: list[SectorFigures]
    total: FiguresRow
    since: datetime | None
    until: datetime | None


def _period(name: str, since, until) -> Q:
    condition = Q()
    if since is not None:
        condition &= Q(**{f"{name}__gte": since})
    if until is not None:
        condition &= Q(**{f"{name}__lt": until})
    return condition & Q(**{f"{name}__isnull": False})


def _medians(completed, partition: list[str]) -> dict[tuple, float]:
    """Median days from registration to completion per group of `partition`'s fields."""
    duration = ExpressionWrapper(F("completed_at") - F("registered_at"), DurationField())
    ranked = completed.annotate(
        duration=duration,
        position=Window(RowNumber(), partition_by=partition or None, order_by=[duration, "pk"]),
        size=Window(Count("pk"), partition_by=partition or None),
    )
    # The middle row, or the two middle rows of an even group (integer division in SQL).
    middle = ranked.filter(
        Q(position=(F("size") + 1) / 2) | Q(position=(F("size") + 2) / 2)
    ).values_list(*partition, "duration")
    durations = defaultdict(list)
    for *key, value in middle:
        durations[tuple(key)].append(value)
    return {key: sum(values, timedelta()) / len(values) / DAY for key, values in durations.items()}


def casefile_figures(
    *,
    organization: Organization,
    since: datetime | None = None,
    until: datetime | None = None,
    sector_ids: list[int] | None = None,
    now: datetime | None = None,
) -> TimelinessFigures:
    """The figures of the organisation's files, or only of `sector_ids`' when given."""
    now = now or timezone.now()
    files = CaseFile.objects.filter(organization=organization)
    if sector_ids is not None:
        files = files.filter(sector_id__in=sector_ids)
    registered = _period("registered_at", since, until)
    completed = _period("completed_at", since, until)
    is_open = Q(status__in=CaseFileStatus.open())
    overdue = is_open & Q(due_at__lt=now)
    late = (completed & Q(completed_at__gt=F("due_at"))) | overdue
    counts = (
        files.filter(registered | completed | is_open)
        .order_by()
        .values("sector", "service")
        .annotate(
            registered=Count("pk", filter=registered),
            completed=Count("pk", filter=completed),
            on_time=Count("pk", filter=completed & Q(completed_at__lte=F("due_at"))),
            open_now=Count("pk", filter=is_open),
            overdue_now=Count("pk", filter=overdue),
        )
    )
    reasons = (
        files.filter(late)
        .order_by()
        .values("sector", "service", "delay_reason")
        .annotate(n=Count("pk"))
    )
    done = files.filter(completed)
    by_service = _medians(done, ["sector", "service"])
    by_sector = _medians(done, ["sector"])
    overall = _medians(done, [])

    rows: dict[tuple, FiguresRow] = {}
    for row in counts:
        key = (row.pop("sector"), row.pop("service"))
        rows[key] = FiguresRow(sector=None, service=None, **row)
    for row in reasons:
        key = (row["sector"], row["service"])
        rows.setdefault(key, FiguresRow(sector=None, service=None)).reasons[
            row["delay_reason"]
        ] += row["n"]
    sectors = {d.pk: d for d in Department.objects.filter(organization=organization)}
    services = {s.pk: s for s in AdministrativeService.objects.filter(organization=organization)}
    grouped: dict[int | None, SectorFigures] = {}
    total = FiguresRow(sector=None, service=None, median_days=overall.get(()))
    for (sector_id, service_id), row in rows.items():
        row.sector, row.service = sectors.get(sector_id), services[service_id]
        row.median_days = by_service.get((sector_id, service_id))
        if sector_id not in grouped:
            grouped[sector_id] = SectorFigures(
                total=FiguresRow(
                    sector=row.sector, service=None, median_days=by_sector.get((sector_id,))
                ),
                services=[],
            )
        grouped[sector_id].services.append(row)
        grouped[sector_id].total.add(row)
        total.add(row)
    for sector in grouped.values():
        sector.services.sort(key=lambda row: row.service.code)
    ordered = sorted(
        grouped.values(),
        key=lambda s: (s.total.sector is None, s.total.sector.name if s.total.sector else ""),
    )
    return TimelinessFigures(sectors=ordered, total=total, since=since, until=until)
