"""The "Over time" page: the selection's series by day, week or month, the interventions
that apply to it, and when people answer (hour × weekday).

The series and the heat map read the rollups; employees the period's figures leave out
(below the organisation's threshold) are left out of both.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from civicpulse.analytics.breakdowns import PeriodCells, period_cells, without_hidden
from civicpulse.analytics.filters import Choice
from civicpulse.analytics.interventions import interventions_visible_to
from civicpulse.analytics.models import Intervention
from civicpulse.analytics.overview import series
from civicpulse.analytics.sums import Period, Source, Sums, Unit, WeekdayHours, weekday_hours
from civicpulse.core.models import Area

# Markers beyond a handful crowd the chart into noise; the newest are kept.
MARKERS = 5


@dataclass(frozen=True)
class Marker:
    day: date
    label: str


@dataclass(frozen=True)
class OverTime:
    choice: Choice
    cells: PeriodCells
    unit: Unit
    periods: list[Period]
    markers: list[Marker]
    heat: WeekdayHours

    @property
    def total(self) -> Sums:
        return self.cells.total()


def over_time(choice: Choice, *, source: Source = Source.ROLLUPS) -> OverTime:
    cells = period_cells(choice, source=source)
    selection = without_hidden(cells.selection, cells)
    periods = series(selection, choice.unit, source=source)
    return OverTime(
        choice=choice,
        cells=cells,
        unit=choice.unit,
        periods=periods,
        markers=intervention_markers(choice),
        heat=weekday_hours(selection, source=source),
    )


def interventions_applying(choice: Choice) -> QuerySet[Intervention]:
    """The member's interventions that bear on the choice, started within its period: on
    the chosen touchpoint or an area holding it; with an area chosen, on its touchpoints
    or on areas inside or above it; with a category, on its touchpoints; else all of
    those within the member's scope."""
    visible = interventions_visible_to(membership=choice.membership).filter(
        started_on__gte=choice.start, started_on__lte=choice.end
    )
    if choice.touchpoint is not None:
        path = choice.touchpoint.area.path if choice.touchpoint.area_id else None
        return visible.filter(
            Q(touchpoint=choice.touchpoint) | Q(area__in=_areas_holding(choice, path))
        )
    touchpoints = Q(touchpoint__in=choice.touchpoints())
    if choice.area is not None:
        path = choice.area.path
        return visible.filter(
            touchpoints | Q(area__path__startswith=path) | Q(area__in=_areas_holding(choice, path))
        )
    if choice.category is not None:
        return visible.filter(touchpoints)
    return visible


def _areas_holding(choice: Choice, path: str | None) -> QuerySet[Area]:
    """The area at `path` and those above it (each path is its ancestors' path plus more)."""
    if not path:
        return Area.objects.none()
    prefixes = [path[: index + 1] for index, char in enumerate(path) if char == "/"]
    return Area.objects.filter(organization=choice.organization, path__in=[*prefixes, path])


def intervention_markers(choice: Choice) -> list[Marker]:
    newest = interventions_applying(choice).order_by("-started_on", "-pk")[:MARKERS]
    return sorted(
        (Marker(row.started_on, row.title) for row in newest), key=lambda marker: marker.day
    )
