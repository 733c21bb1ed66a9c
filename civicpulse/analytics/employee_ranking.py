"""Employees ranked fairly: shrunk means among the employees shown, each only when rated at
least the organisation's threshold in the period (the others are counted, never named),
with the change against the previous period when they were shown then too."""

from dataclasses import dataclass

from civicpulse.analytics.breakdowns import PeriodCells, Row, period_cells
from civicpulse.analytics.filters import Choice
from civicpulse.analytics.statistics.comparisons import Difference, mean_difference
from civicpulse.analytics.statistics.estimates import Estimate
from civicpulse.analytics.statistics.rankings import Shrinkage, shrunk_means
from civicpulse.analytics.sums import Source, Sums
from civicpulse.feedback.models import TouchpointKind


@dataclass(frozen=True)
class RankedEmployee:
    row: Row
    shrunk: Estimate  # the shrunk mean with its posterior interval and n
    previous: Sums | None  # None: not shown in the previous period
    change: Difference | None

    @property
    def sums(self) -> Sums:
        return self.row.sums


@dataclass(frozen=True)
class EmployeeRanking:
    cells: PeriodCells
    ranked: list[RankedEmployee]  # best shrunk mean first
    shrinkage: Shrinkage
    too_few_ratings: int  # employees rated, but fewer times than the threshold

    @property
    def threshold(self) -> int:
        return self.cells.choice.organization.employee_min_responses


def employee_ranking(choice: Choice, *, source: Source = Source.ROLLUPS) -> EmployeeRanking:
    current = period_cells(choice, source=source)
    previous = period_cells(
        choice, selection=choice.selection().previous(), source=source, known=current.places
    )
    rows = current.by_touchpoint(kind=TouchpointKind.EMPLOYEE)
    before = {row.key: row.sums for row in previous.by_touchpoint(kind=TouchpointKind.EMPLOYEE)}
    shrinkage = shrunk_means(places=[row.sums.moments for row in rows])
    ranked = []
    for row, shrunk in zip(rows, shrinkage.places, strict=True):
        earlier = before.get(row.key)
        change = None
        if earlier is not None and earlier.scored and row.sums.scored:
            change = mean_difference(
                first=row.sums.moments,
                second=earlier.moments,
            )
        ranked.append(
            RankedEmployee(
                row=row,
                shrunk=Estimate(shrunk.value, shrunk.low, shrunk.high, shrunk.n),
                previous=earlier,
                change=change,
            )
        )
    ranked.sort(key=lambda item: (-item.shrunk.value, item.row.label))
    hidden = sum(
        1 for pk in current.hidden_employees if current.places[pk].kind == TouchpointKind.EMPLOYEE
    )
    return EmployeeRanking(current, ranked, shrinkage, hidden)
