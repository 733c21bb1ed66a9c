"""Before and after an intervention: the weekly mean at its place (or in its area) around
the date, an interrupted time series, and a difference-in-differences against comparable
places that had no intervention in the same weeks.

Every figure comes from one weekly rollup read covering the treated and the comparison
places together. The week that contains the date (unless it starts on it) mixes before
and after, so it is drawn but left out of both estimates.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from civicpulse.analytics.breakdowns import Place, places_of
from civicpulse.analytics.charts.labels import number
from civicpulse.analytics.models import Intervention
from civicpulse.analytics.statistics.estimates import Effect
from civicpulse.analytics.statistics.interventions import (
    DifferenceInDifferences,
    InterruptedTimeSeries,
    difference_in_differences,
    interrupted_time_series,
)
from civicpulse.analytics.sums import Selection, Sums, Unit, sums_series, total, week_start
from civicpulse.core.models import Membership
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.selectors import touchpoints_visible_to

DEFAULT_WEEKS = 12
FEWEST_WEEKS, MOST_WEEKS = 4, 52
HAC_LAGS = 2  # neighbouring weeks' errors are correlated (Newey-West)
SIGNIFICANT = 0.05


@dataclass(frozen=True)
class Window:
    """The weeks around an intervention: `weeks` full weeks each side of its week."""

    started_on: date
    weeks: int
    start: date  # a Monday
    end: date  # a Sunday, or today when the after-weeks are not over yet

    @property
    def first_after(self) -> date:
        """The first week wholly after the date."""
        week = week_start(self.started_on)
        return week if week == self.started_on else week + timedelta(days=7)

    @property
    def transition(self) -> date | None:
        """The week that holds the date but began before it: neither before nor after."""
        week = week_start(self.started_on)
        return None if week == self.started_on else week

    def side(self, week: date) -> bool | None:
        """True after, False before, None for the transition week."""
        if week == self.transition:
            return None
        return week >= self.first_after

    def weeks_list(self) -> list[date]:
        count = (self.end - self.start).days // 7 + 1
        return [self.start + timedelta(days=7 * offset) for offset in range(count)]


def effect_window(started_on: date, *, weeks: int, today: date) -> Window:
    week = week_start(started_on)
    start = week - timedelta(days=7 * weeks)
    last = week_start(started_on if week == started_on else week + timedelta(days=7))
    end = min(last + timedelta(days=7 * weeks - 1), max(today, start))
    return Window(started_on, weeks, start, end)


@dataclass(frozen=True)
class Scope:
    """Who the figures are for: the places they may see, and whether employees show."""

    membership: Membership
    places: dict[int, Place]

    @classmethod
    def of(cls, membership: Membership) -> "Scope":
        return cls(membership, places_of(touchpoints_visible_to(membership=membership)))

    @property
    def employees_allowed(self) -> bool:
        return self.membership.has_permission("analytics.employees")

    def treated(self, intervention: Intervention, *, area_path: str = "") -> list[Place]:
        """The places the intervention is about, within scope (an area: every place in it)."""
        if intervention.touchpoint_id:
            place = self.places.get(intervention.touchpoint_id)
            found = [place] if place else []
        else:
            found = [p for p in self.places.values() if p.area_path.startswith(area_path)]
            found = [p for p in found if not p.is_employee]
        return [p for p in found if self.employees_allowed or not p.is_employee]


def _covered(place: Place, touched: set[int], paths: list[str]) -> bool:
    return place.id in touched or any(place.area_path.startswith(path) for path in paths)


def comparison_places(scope: Scope, treated: list[Place], window: Window) -> list[Place]:
    """Places like the treated ones (same category and kind, within scope) that had no
    intervention of their own, or on their area, in the window."""
    others = Intervention.objects.filter(
        organization_id=scope.membership.organization_id,
        started_on__gte=window.start,
        started_on__lte=window.end,
    ).values_list("touchpoint_id", "area__path")
    touched = {pk for pk, _path in others if pk}
    paths = [path for _pk, path in others if path]
    treated_ids = {place.id for place in treated}
    kinds = {(place.category_id, place.kind) for place in treated}
    return sorted(
        (
            place
            for place in scope.places.values()
            if (place.category_id, place.kind) in kinds
            and place.id not in treated_ids
            and not _covered(place, touched, paths)
        ),
        key=lambda place: place.name,
    )


def weekly_sums(
    organization, places: list[Place], window: Window, *, channel: str = ""
) -> dict[tuple[date, int], Sums]:
    """(week, touchpoint) → sums for all `places` in one read."""
    if not places:
        return {}
    return sums_series(
        Selection(
            organization=organization,
            start=window.start,
            end=window.end,
            touchpoints=Touchpoint.objects.filter(
                organization=organization, pk__in=[place.id for place in places]
            ),
            channel=channel,
        ),
        unit=Unit.WEEK,
        by=("touchpoint",),
    )


def rated_enough(places: list[Place], sums: dict, threshold: int) -> list[Place]:
    """Employees rated fewer than the organisation's threshold in the window are left out."""
    counts: dict[int, int] = defaultdict(int)
    for (_week, pk), value in sums.items():
        counts[pk] += value.responses
    return [p for p in places if not p.is_employee or counts[p.id] >= threshold]


def its_of(series: list[tuple[date, Sums]], window: Window) -> InterruptedTimeSeries:
    """The segmented regression of the weekly means, weighted by their rating counts."""
    rows = [(week, sums) for week, sums in series if sums.scored and window.side(week) is not None]
    return interrupted_time_series(
        times=[(week - window.first_after).days / 7 for week, _sums in rows],
        values=[sums.mean_value for _week, sums in rows],
        weights=[sums.scored for _week, sums in rows],
        intervention_time=0,
        hac_lags=HAC_LAGS,
    )


def did_of(
    sums: dict[tuple[date, int], Sums], treated: set[int], compared: set[int], window: Window
) -> DifferenceInDifferences:
    """Weekly means per place, treated against compared, errors clustered by place."""
    rows = [
        (pk, pk in treated, window.side(week), value)
        for (week, pk), value in sorted(sums.items())
        if value.scored and (pk in treated or pk in compared) and window.side(week) is not None
    ]
    return difference_in_differences(
        values=[value.mean_value for *_rest, value in rows],
        treated=[is_treated for _pk, is_treated, _after, _value in rows],
        after=[after for _pk, _treated, after, _value in rows],
        weights=[value.scored for *_rest, value in rows],
        units=[pk for pk, *_rest in rows],
    )


def series_of(sums: dict[tuple[date, int], Sums], ids: set[int], window: Window):
    """Every week of the window with the sums of `ids` added up (empty weeks too)."""
    by_week: dict[date, Sums] = defaultdict(Sums)
    for (week, pk), value in sums.items():
        if pk in ids:
            by_week[week] = by_week[week] + value
    return [(week, by_week.get(week, Sums())) for week in window.weeks_list()]


def bounded_by_data(series: list[tuple[date, Sums]]) -> list[tuple[date, Sums]]:
    """The series without the empty weeks at either end."""
    rated = [index for index, (_week, sums) in enumerate(series) if sums.scored]
    return series[rated[0] : rated[-1] + 1] if rated else []


@dataclass
class InterventionEffect:
    intervention: Intervention
    window: Window
    treated: list[Place]
    comparisons: list[Place]
    series: list[tuple[date, Sums]]  # the treated places' weekly sums, bounded by the data
    comparison_series: list[tuple[date, Sums]]
    its: InterruptedTimeSeries
    did: DifferenceInDifferences
    left_out: int = 0  # treated places left out (employees below the threshold)
    notes: list[str] = field(default_factory=list)

    @property
    def before(self) -> Sums:
        return total(s for week, s in self.series if self.window.side(week) is False)

    @property
    def after(self) -> Sums:
        return total(s for week, s in self.series if self.window.side(week))


def intervention_effect(
    intervention: Intervention,
    *,
    membership: Membership,
    today: date,
    weeks: int = DEFAULT_WEEKS,
    channel: str = "",
) -> InterventionEffect:
    scope = Scope.of(membership)
    window = effect_window(intervention.started_on, weeks=weeks, today=today)
    area_path = intervention.area.path if intervention.area_id else ""
    treated = scope.treated(intervention, area_path=area_path)
    compared = comparison_places(scope, treated, window)
    sums = weekly_sums(membership.organization, treated + compared, window, channel=channel)
    threshold = membership.organization.employee_min_responses
    shown = rated_enough(treated, sums, threshold)
    compared = rated_enough(compared, sums, threshold)
    shown_ids, compared_ids = {p.id for p in shown}, {p.id for p in compared}
    series = series_of(sums, shown_ids, window)
    return InterventionEffect(
        intervention=intervention,
        window=window,
        treated=shown,
        comparisons=compared,
        series=bounded_by_data(series),
        comparison_series=series_of(sums, compared_ids, window),
        its=its_of(series, window),
        did=did_of(sums, shown_ids, compared_ids, window),
        left_out=len(treated) - len(shown),
    )


@dataclass(frozen=True)
class EffectSummary:
    """One line of the list of interventions: the level change at its places."""

    intervention: Intervention
    places: int
    before: Sums
    after: Sums
    its: InterruptedTimeSeries


def interventions_summary(
    interventions: list[Intervention], *, membership: Membership, today: date, channel: str = ""
) -> list[EffectSummary]:
    """Each intervention's interrupted time series, all from one weekly read."""
    if not interventions:
        return []
    scope = Scope.of(membership)
    windows = {
        item.pk: effect_window(item.started_on, weeks=DEFAULT_WEEKS, today=today)
        for item in interventions
    }
    treated = {
        item.pk: scope.treated(item, area_path=item.area.path if item.area_id else "")
        for item in interventions
    }
    everyone = list({place.id: place for places in treated.values() for place in places}.values())
    whole = Window(
        date.min,
        DEFAULT_WEEKS,
        min(window.start for window in windows.values()),
        max(window.end for window in windows.values()),
    )
    sums = weekly_sums(membership.organization, everyone, whole, channel=channel)
    threshold = membership.organization.employee_min_responses
    result = []
    for item in interventions:
        window = windows[item.pk]
        inside = {key: value for key, value in sums.items() if window.start <= key[0] <= window.end}
        shown = {place.id for place in rated_enough(treated[item.pk], inside, threshold)}
        series = series_of(inside, shown, window)
        result.append(
            EffectSummary(
                intervention=item,
                places=len(shown),
                before=total(s for week, s in series if window.side(week) is False),
                after=total(s for week, s in series if window.side(week)),
                its=its_of(series, window),
            )
        )
    return result


# --- In words ------------------------------------------------------------------------


def change_sentence(effect: Effect | None, *, what: str) -> str:
    """ "The level rose by 1.2 points (95 % CI 0.6 to 1.8; p = 0.003)." and whether chance
    could explain it. `what` is "level", "trend" or "difference"."""
    if effect is None:
        return ""
    size = number(abs(effect.estimate), 2 if what == "trend" else 1)
    values = {
        "size": size,
        "low": number(effect.low, 2 if what == "trend" else 1),
        "high": number(effect.high, 2 if what == "trend" else 1),
        "p": _p_value(effect.p_value),
    }
    rose = effect.estimate > 0
    if what == "level":
        text = (
            _("The level rose by %(size)s points (95 %% CI %(low)s to %(high)s; p %(p)s).")
            if rose
            else _("The level fell by %(size)s points (95 %% CI %(low)s to %(high)s; p %(p)s).")
        )
    elif what == "trend":
        text = (
            _(
                "The weekly trend steepened upward by %(size)s points a week "
                "(95 %% CI %(low)s to %(high)s; p %(p)s)."
            )
            if rose
            else _(
                "The weekly trend turned downward by %(size)s points a week "
                "(95 %% CI %(low)s to %(high)s; p %(p)s)."
            )
        )
    else:
        text = (
            _(
                "Beyond the change at the comparison places, the mean rose by %(size)s points "
                "(95 %% CI %(low)s to %(high)s; p %(p)s)."
            )
            if rose
            else _(
                "Beyond the change at the comparison places, the mean fell by %(size)s points "
                "(95 %% CI %(low)s to %(high)s; p %(p)s)."
            )
        )
    text = text % values
    if effect.p_value >= SIGNIFICANT:
        text += " " + _("The interval includes no change: chance alone could explain it.")
    return text


def _p_value(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {number(p, 3)}"
