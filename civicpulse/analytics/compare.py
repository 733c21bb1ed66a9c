"""Fair comparisons: areas against areas, categories against categories and this period
against another, each item against the first with the difference's interval.

Areas and categories are summed from one read of the period's cells (no query per item);
a period comparison reads the other period's cells once more. Employees below the
organisation's threshold are left out on both sides, as everywhere (`period_cells`).
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.utils.translation import gettext as _

from civicpulse.analytics.breakdowns import period_cells
from civicpulse.analytics.charts.labels import number
from civicpulse.analytics.filters import Choice
from civicpulse.analytics.statistics.comparisons import (
    Difference,
    mean_difference,
    proportion_difference,
)
from civicpulse.analytics.statistics.summaries import SATISFIED_FROM
from civicpulse.analytics.sums import Source, Sums
from civicpulse.core.models import Area, Category

MAX_ITEMS = 6


@dataclass(frozen=True)
class Side:
    """One item compared: an area, a category or a period."""

    key: Hashable
    label: str
    sums: Sums
    start: date
    end: date


@dataclass(frozen=True)
class Contrast:
    """An item against the first one: its figures minus the first's."""

    side: Side
    mean: Difference
    satisfied: Difference
    nps: float | None  # in points; NPS has no difference interval here


@dataclass(frozen=True)
class Comparison:
    first: Side
    contrasts: list[Contrast]

    @property
    def sides(self) -> list[Side]:
        return [self.first, *(contrast.side for contrast in self.contrasts)]


def contrast(side: Side, first: Side) -> Contrast:
    now, base = side.sums, first.sums
    nps_now, nps_base = now.nps.value, base.nps.value
    return Contrast(
        side=side,
        mean=mean_difference(
            first=now.moments,
            second=base.moments,
        ),
        satisfied=proportion_difference(
            successes_first=int(now.histogram[SATISFIED_FROM:].sum()),
            n_first=now.scored,
            successes_second=int(base.histogram[SATISFIED_FROM:].sum()),
            n_second=base.scored,
        ),
        nps=None if nps_now is None or nps_base is None else nps_now - nps_base,
    )


def comparison(sides: Sequence[Side]) -> Comparison:
    first, *others = sides
    return Comparison(first, [contrast(side, first) for side in others])


def compare_areas(
    choice: Choice, areas: Sequence[Area], *, source: Source = Source.ROLLUPS
) -> Comparison:
    """Each area's whole subtree, within the other filters (category, channel, scope)."""
    cells = period_cells(replace(choice, area=None, touchpoint=None), source=source)
    return comparison(
        [
            Side(
                area.pk,
                area.name,
                cells.total_where(lambda place, path=area.path: place.area_path.startswith(path)),
                choice.start,
                choice.end,
            )
            for area in areas
        ]
    )


def compare_categories(
    choice: Choice, categories: Sequence[Category], *, source: Source = Source.ROLLUPS
) -> Comparison:
    cells = period_cells(replace(choice, category=None, touchpoint=None), source=source)
    return comparison(
        [
            Side(
                category.pk,
                category.name,
                cells.total_where(lambda place, pk=category.pk: place.category_id == pk),
                choice.start,
                choice.end,
            )
            for category in categories
        ]
    )


def compare_periods(
    choice: Choice, start: date, end: date, *, source: Source = Source.ROLLUPS
) -> Comparison:
    """The choice's period against [start, end], both with the same filters."""
    now = period_cells(choice, source=source)
    before = period_cells(
        choice,
        selection=choice.selection(start=start, end=end),
        source=source,
        known=now.places,
    )
    return comparison(
        [
            Side("current", _("This period"), now.total(), choice.start, choice.end),
            Side("other", _("The other period"), before.total(), start, end),
        ]
    )


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def difference_words(difference: Difference, *, scale: float = 1, decimals: int = 1) -> str:
    """What a difference means, in words: within chance, or higher/lower by how much with
    its interval. `scale` turns shares into percentage points (100)."""
    if difference.value is None:
        return _("No ratings on one side.")
    if difference.low is None:
        return _("Too few ratings to tell.")
    low, high = difference.low * scale, difference.high * scale
    if low <= 0 <= high:
        return _("The difference is within chance (%(p)s).") % {"p": p_words(difference.p_value)}
    value = difference.value * scale
    words = {
        "value": number(abs(value), decimals),
        "low": number(min(abs(low), abs(high)), decimals),
        "high": number(max(abs(low), abs(high)), decimals),
        "p": p_words(difference.p_value),
    }
    if value > 0:
        return _("Higher by %(value)s, 95%% CI %(low)s to %(high)s (%(p)s).") % words
    return _("Lower by %(value)s, 95%% CI %(low)s to %(high)s (%(p)s).") % words


def p_words(p_value: float | None) -> str:
    if p_value is None:
        return _("no p-value")
    if p_value < 0.001:
        return _("p < 0.001")
    return _("p = %(p)s") % {"p": number(p_value, 3)}
