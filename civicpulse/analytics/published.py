"""What an organisation publishes about itself when it opts in (`publishes_figures`): the
last twelve full months' scores by category, settlement (top-level area), month and place.

The unit of publication is a cell: one month × category × settlement. A cell with fewer
ratings than the organisation's `figures_min_responses` is left out, and every published
figure - totals, rows, places - adds up the published cells only, so the open data adds up
to the page and no left-out cell can be recovered by subtracting one figure from another.
Only places are published: employees' ratings are never counted here, whatever their
number, and nothing but sums is read (no comment, no response, no person).
"""

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civicpulse.analytics.breakdowns import places_of
from civicpulse.analytics.sums import (
    Selection,
    Source,
    Sums,
    Unit,
    month_start,
    next_month,
    sums_series,
    total,
)
from civicpulse.core.models import Area, Category, Organization
from civicpulse.feedback.models import Touchpoint, TouchpointKind

PUBLISHED_MONTHS = 12


@dataclass(frozen=True)
class Named:
    """A category or a settlement as the open data names it, in both languages."""

    key: int  # 0: places outside any settlement
    name_bg: str
    name_en: str
    slug: str = ""

    @property
    def name(self) -> str:
        english = (get_language() or "bg").startswith("en")
        return (self.name_en if english else self.name_bg) or self.name_bg or self.name_en


NO_SETTLEMENT = Named(0, "", "")


@dataclass(frozen=True)
class Cell:
    month: date
    category: Named
    settlement: Named
    sums: Sums


@dataclass
class PublishedRow:
    key: Hashable
    label: str
    sums: Sums
    # A place's row says where it is and what it is.
    category: Named | None = None
    settlement: Named | None = None


@dataclass
class PublishedFigures:
    organization: Organization
    start: date
    end: date
    minimum: int
    cells: list[Cell]  # month, category, settlement order
    places: list[PublishedRow] = field(default_factory=list)
    withheld_ratings: int = 0  # in the cells left out

    @property
    def total(self) -> Sums:
        return total(cell.sums for cell in self.cells)

    def _rows(self, key_of, label_of) -> list[PublishedRow]:
        merged: dict[Hashable, Sums] = defaultdict(Sums)
        for cell in self.cells:
            merged[key_of(cell)] = merged[key_of(cell)] + cell.sums
        return [PublishedRow(key, label_of(key), sums) for key, sums in merged.items()]

    def by_category(self) -> list[PublishedRow]:
        names = {cell.category.key: cell.category.name for cell in self.cells}
        rows = self._rows(lambda cell: cell.category.key, names.get)
        return sorted(rows, key=lambda row: (-row.sums.scored, row.label))

    def by_settlement(self) -> list[PublishedRow]:
        names = {cell.settlement.key: cell.settlement.name for cell in self.cells}
        rows = self._rows(
            lambda cell: cell.settlement.key, lambda key: names[key] or _("No settlement")
        )
        return sorted(rows, key=lambda row: (-row.sums.scored, row.label))

    def by_month(self) -> list[PublishedRow]:
        """Every month of the period, in order, empty ones too."""
        found = {row.key: row for row in self._rows(lambda cell: cell.month, str)}
        return [found.get(month, PublishedRow(month, str(month), Sums())) for month in months(self)]


def published_period(today: date) -> tuple[date, date]:
    """The last PUBLISHED_MONTHS full months before today's: first and last day."""
    end = month_start(today) - timedelta(days=1)
    start = month_start(end)
    for _month in range(PUBLISHED_MONTHS - 1):
        start = month_start(start - timedelta(days=1))
    return start, end


def months(figures: PublishedFigures) -> list[date]:
    result, month = [], figures.start
    while month <= figures.end:
        result.append(month)
        month = next_month(month)
    return result


def _settlement_id(area_path: str) -> int:
    """The top-level area of a path like "/4/17/" (4), or 0 without an area."""
    first = area_path.strip("/").split("/", 1)[0]
    return int(first) if first.isdigit() else 0


def published_figures(
    *, organization: Organization, today: date, source: Source = Source.ROLLUPS
) -> PublishedFigures:
    """The organisation's published figures for the last full months (a few queries: the
    places, categories, top-level areas and one read of the monthly rollups)."""
    start, end = published_period(today)
    minimum = organization.figures_min_responses
    only_places = Touchpoint.objects.filter(organization=organization, kind=TouchpointKind.PLACE)
    selection = Selection(organization=organization, start=start, end=end, touchpoints=only_places)
    monthly = sums_series(selection, unit=Unit.MONTH, by=("touchpoint",), source=source)
    places = places_of(only_places.filter(pk__in={touchpoint for _m, touchpoint in monthly}))
    categories = {
        row.pk: Named(row.pk, row.name_bg, row.name_en, row.slug)
        for row in Category.objects.filter(organization=organization)
    }
    settlements = {
        row.pk: Named(row.pk, row.name_bg, row.name_en)
        for row in Area.objects.filter(organization=organization, parent__isnull=True)
    }

    def cell_of(month: date, touchpoint: int) -> tuple[date, int, int]:
        place = places[touchpoint]
        return month, place.category_id, _settlement_id(place.area_path)

    cells: dict[tuple, Sums] = defaultdict(Sums)
    for (month, touchpoint), sums in monthly.items():
        if touchpoint in places:
            cells[cell_of(month, touchpoint)] += sums
    shown = {key for key, sums in cells.items() if sums.scored >= minimum}
    per_place: dict[int, Sums] = defaultdict(Sums)
    for (month, touchpoint), sums in monthly.items():
        if touchpoint in places and cell_of(month, touchpoint) in shown:
            per_place[touchpoint] += sums
    return PublishedFigures(
        organization=organization,
        start=start,
        end=end,
        minimum=minimum,
        cells=[
            Cell(
                month=month,
                category=categories[category],
                settlement=settlements.get(settlement, NO_SETTLEMENT),
                sums=cells[(month, category, settlement)],
            )
            for month, category, settlement in sorted(shown, key=_cell_order(categories))
        ],
        places=sorted(
            (
                PublishedRow(
                    pk,
                    places[pk].name,
                    sums,
                    category=categories[places[pk].category_id],
                    settlement=settlements.get(_settlement_id(places[pk].area_path), NO_SETTLEMENT),
                )
                for pk, sums in per_place.items()
                if sums.scored >= minimum
            ),
            key=lambda row: (-row.sums.scored, row.label),
        ),
        withheld_ratings=sum(sums.scored for key, sums in cells.items() if key not in shown),
    )


def _cell_order(categories: dict[int, Named]):
    return lambda key: (key[0], categories[key[1]].slug, key[2])
