"""A period's sums per touchpoint, channel and language, read once, and every breakdown a
dashboard shows made from them: by category, area, place, employee, channel and language.

One rollup query gives at most places × channels × languages rows (a few thousand), so
each breakdown is a sum in Python over what is already read, not another query. Employees
rated fewer times than the organisation's threshold are left out of every figure here,
totals included, so that no breakdown reveals them by difference.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from civicpulse.analytics.filters import LANGUAGES, Choice
from civicpulse.analytics.sums import Selection, Source, Sums, SumsTable, fetched, sums_table
from civicpulse.core.i18n import active_language
from civicpulse.core.models import Area, Category
from civicpulse.feedback.models import Channel, Touchpoint, TouchpointKind

CELL = ("touchpoint", "channel", "language")
# Past this many, a period's places are read with the organisation's others rather than by
# id: hundreds of bound ids cost more than the few rows more.
FEW_PLACES = 50


@dataclass(frozen=True)
class Place:
    """What a breakdown needs to know of a touchpoint."""

    id: int
    name: str
    kind: str
    category_id: int
    area_id: int | None
    area_path: str
    latitude: float | None
    longitude: float | None

    @property
    def is_employee(self) -> bool:
        return self.kind == TouchpointKind.EMPLOYEE


@dataclass
class Row:
    """One line of a breakdown: what it is, its sums, and how to drill into it."""

    key: Hashable
    label: str
    sums: Sums
    # Changes to the current filters that narrow the dashboard to this row; None: no drill.
    drill: dict | None = None
    place: Place | None = None


@dataclass
class PeriodCells:
    """A choice's sums by touchpoint × channel × language for one period."""

    choice: Choice
    selection: Selection
    table: SumsTable  # keyed by CELL
    places: dict[int, Place]
    hidden_employees: frozenset[int] = field(default_factory=frozenset)
    hidden_responses: int = 0  # the hidden employees' responses: counted, never shown

    @cached_property
    def cells(self) -> dict[tuple, Sums]:
        return self.table.as_dict()

    def total(self) -> Sums:
        return self.table.total()

    def rows_by_place(self, key_of: Callable[[Place], Hashable | None]) -> dict[Hashable, Sums]:
        """The cells added up by `key_of(place)`, asked once a place."""
        return self.table.summed_by_part(0, lambda pk: key_of(self.places[pk]))

    def total_where(self, place_test: Callable[[Place], bool]) -> Sums:
        """The sums of the cells whose place passes `place_test`."""
        return self.rows_by_place(lambda place: True if place_test(place) else None).get(
            True, Sums()
        )

    def by_touchpoint(self, *, kind: str | None = None) -> list[Row]:
        """Places (or employees) with responses, most responses first."""
        sums = self.table.summed_by_part(0, lambda pk: pk)
        rows = [
            Row(pk, self.places[pk].name, value, {"touchpoint": pk}, self.places[pk])
            for pk, value in sums.items()
            if kind is None or self.places[pk].kind == kind
        ]
        return sorted(rows, key=lambda row: (-row.sums.responses, row.label))

    def by_category(self) -> list[Row]:
        sums = self.rows_by_place(lambda place: place.category_id)
        names = _names(Category.objects.filter(organization=self.choice.organization))
        rows = [Row(pk, names.get(pk, "?"), value, {"category": pk}) for pk, value in sums.items()]
        return sorted(rows, key=lambda row: (-row.sums.responses, row.label))

    def by_area(self) -> list[Row]:
        """One level down from the chosen area (or the top, within the member's scope): each
        row adds up its whole subtree; places right at the chosen area get a row of their own.
        A top level of one area alone (the municipality itself) is passed through."""
        parent = self.choice.area
        areas = Area.objects.filter(organization=self.choice.organization)
        children = list(
            areas.filter(parent=parent) if parent else areas.filter(parent__isnull=True)
        )
        if parent is None and len(children) == 1:
            parent = children[0]
            children = list(areas.filter(parent=parent))
        paths = sorted(((area.path, area) for area in children), key=lambda item: -len(item[0]))

        def area_of(place):
            return next(
                (area.pk for prefix, area in paths if place.area_path.startswith(prefix)), 0
            )

        sums = self.rows_by_place(area_of)
        by_pk = {area.pk: area for area in children}
        rows = []
        for pk, value in sums.items():
            if pk:
                rows.append(Row(pk, by_pk[pk].name, value, {"area": pk}))
            else:
                label = parent.name if parent else _("No area")
                rows.append(Row(0, label, value, None))
        return sorted(rows, key=lambda row: (-row.sums.responses, row.label))

    def by_channel(self) -> list[Row]:
        labels = dict(Channel.choices)
        sums = self.table.summed_by_part(1, lambda channel: channel)
        rows = [
            Row(key, str(labels.get(key, key)), value, {"channel": key})
            for key, value in sums.items()
        ]
        return sorted(rows, key=lambda row: -row.sums.responses)

    def by_language(self) -> list[Row]:
        labels = dict(LANGUAGES)
        sums = self.table.summed_by_part(2, lambda language: language)
        rows = [
            Row(key, str(labels.get(key, key)), value, {"language": key})
            for key, value in sums.items()
        ]
        return sorted(rows, key=lambda row: -row.sums.responses)


def _names(rows: QuerySet) -> dict[int, str]:
    return {row.pk: row.name for row in rows}


def places_of(touchpoints: QuerySet[Touchpoint]) -> dict[int, Place]:
    """Plain rows, not model instances: a dashboard may name hundreds of places (and the
    database's own numbers: Django's Decimal for each coordinate cost half the time)."""
    name = f"name_{active_language()}"
    rows = fetched(
        touchpoints.values_list(
            "pk",
            "kind",
            name,
            "name_bg",
            "category_id",
            "area_id",
            "area__path",
            "latitude",
            "longitude",
        )
    )
    return {
        pk: Place(
            id=pk,
            name=local_name or name_bg,
            kind=kind,
            category_id=category_id,
            area_id=area_id,
            area_path=area_path or "",
            latitude=float(latitude) if latitude is not None else None,
            longitude=float(longitude) if longitude is not None else None,
        )
        for (
            pk,
            kind,
            local_name,
            name_bg,
            category_id,
            area_id,
            area_path,
            latitude,
            longitude,
        ) in rows
    }


def period_cells(
    choice: Choice,
    *,
    selection: Selection | None = None,
    source: Source = Source.ROLLUPS,
    known: dict[int, Place] | None = None,
) -> PeriodCells:
    """The choice's cells for its period (or for `selection`, e.g. the previous period);
    `known` places (another period's) are not read again."""
    selection = selection or choice.selection()
    table = sums_table(selection, by=CELL, source=source)
    per_place = table.column_by_part(0, column=0)
    known = known or {}
    places = {pk: known[pk] for pk in per_place if pk in known}
    if missing := set(per_place) - set(places):
        touchpoints = Touchpoint.objects.filter(organization=choice.organization)
        if len(missing) <= FEW_PLACES:
            touchpoints = touchpoints.filter(pk__in=missing)
        places |= {pk: place for pk, place in places_of(touchpoints).items() if pk in missing}
    threshold = choice.organization.employee_min_responses
    hidden = frozenset(
        pk for pk, n in per_place.items() if places[pk].is_employee and n < threshold
    )
    if hidden:
        table = table.where(np.array([key[0] not in hidden for key in table.keys], dtype=bool))
    return PeriodCells(
        choice, selection, table, places, hidden, sum(per_place[pk] for pk in hidden)
    )


def without_hidden(selection: Selection, cells: PeriodCells) -> Selection:
    """The selection less the employees its figures leave out, for series and heat maps
    read straight from the rollups."""
    if not cells.hidden_employees:
        return selection
    touchpoints = selection.touchpoints
    if touchpoints is None:
        touchpoints = Touchpoint.objects.filter(organization=selection.organization)
    return Selection(
        organization=selection.organization,
        start=selection.start,
        end=selection.end,
        touchpoints=touchpoints.exclude(pk__in=cells.hidden_employees),
        channel=selection.channel,
        language=selection.language,
    )
