"""The "Map" page's figures: every place of the selection with its sums for the period and
its area's name. Places rated in the period come from the period's cells; the selection's
other active places are shown too (n = 0), so a map never hides a silent place."""

from dataclasses import dataclass

from civicpulse.analytics.breakdowns import PeriodCells, Row, period_cells, places_of
from civicpulse.analytics.filters import Choice
from civicpulse.analytics.sums import Source, Sums
from civicpulse.core.models import Area
from civicpulse.feedback.models import TouchpointKind


@dataclass(frozen=True)
class MapPlace:
    row: Row
    area: str

    @property
    def located(self) -> bool:
        place = self.row.place
        return place.latitude is not None and place.longitude is not None


@dataclass(frozen=True)
class PlacesMap:
    choice: Choice
    cells: PeriodCells
    places: list[MapPlace]

    @property
    def without_coordinates(self) -> int:
        return sum(not place.located for place in self.places)


def places_map(choice: Choice, *, source: Source = Source.ROLLUPS) -> PlacesMap:
    cells = period_cells(choice, source=source)
    rows = {row.key: row for row in cells.by_touchpoint(kind=TouchpointKind.PLACE)}
    silent = places_of(
        choice.touchpoints()
        .filter(kind=TouchpointKind.PLACE, is_active=True)
        .exclude(pk__in=list(rows))
    )
    for pk, place in silent.items():
        rows[pk] = Row(pk, place.name, Sums(), {"touchpoint": pk}, place)
    area_ids = {row.place.area_id for row in rows.values() if row.place.area_id}
    areas = Area.objects.filter(organization=choice.organization, pk__in=area_ids)
    names = {area.pk: area.name for area in areas.only("name_bg", "name_en")}
    places = [MapPlace(row, names.get(row.place.area_id, "")) for row in rows.values()]
    places.sort(key=lambda item: (item.area, item.row.label))
    return PlacesMap(choice=choice, cells=cells, places=places)
