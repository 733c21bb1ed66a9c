"""Who rates what, and when: each place's volume and quality, and the moment of each response.

Responses are drawn in batches of consecutive days, so a batch is written in time order
(ids rise with time, as they would in production) and memory stays bounded at any size.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import numpy as np

from civicpulse.demo.rhythm import SLOTS_PER_DAY, rhythm_for

SLOT_SECONDS = 86400 // SLOTS_PER_DAY

# category → (responses per place, relative; mean quality 0-10; share answered in English)
CATEGORY_TRAITS = {
    "playgrounds": (1.0, 8.3, 0.05),
    "healthcare": (1.5, 7.8, 0.04),
    "parks": (1.3, 8.7, 0.07),
    "kindergartens": (0.8, 9.1, 0.03),
    "district-mayors": (0.5, 8.1, 0.02),
    "public-transport": (1.0, 7.8, 0.06),
    "administrative-service": (3.0, 8.9, 0.04),
    "railway-stations": (1.6, 7.4, 0.15),
    "sports-facilities": (0.9, 8.5, 0.06),
    "tourism": (1.3, 9.1, 0.35),
    "schools": (0.7, 8.7, 0.04),
}
DEFAULT_TRAITS = (1.0, 8.5, 0.05)
EMPLOYEE_TRAITS = (0.9, 9.1, 0.04)
VILLAGE_VOLUME = 0.35  # fewer people live there
POPULARITY_SPREAD = 1.1  # lognormal sigma: a few places draw most of the responses
QUALITY_SPREAD = 0.8
DECLINE_DROP = 3.5  # points lost by a declining place by now
REPAIR_GAIN = 2.5  # points a repaired place gained from its repair on (demo interventions)
KIOSK_DESK, KIOSK_EMPLOYEE, LINK = 0.55, 0.12, 0.04
COORDINATES_SHARE = 0.05  # responses whose sender allowed the phone's location


@dataclass(frozen=True)
class TouchpointFacts:
    id: int
    version_id: int
    category: str
    is_employee: bool
    in_village: bool
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Calendar:
    now: int  # epoch seconds
    midnights: np.ndarray  # epoch seconds of each local midnight, first day to today
    weekdays: np.ndarray  # 0 = Monday
    months: np.ndarray  # 0 = January

    @classmethod
    def build(cls, *, now: datetime, months: int, time_zone: str) -> "Calendar":
        zone = ZoneInfo(time_zone)
        today = now.astimezone(zone).date()
        first = _months_back(today, months)
        days = [first + timedelta(n) for n in range((today - first).days + 1)]
        return cls(
            now=int(now.timestamp()),
            midnights=np.array(
                [datetime.combine(d, time(), zone).timestamp() for d in days], dtype=np.int64
            ),
            weekdays=np.array([d.weekday() for d in days]),
            months=np.array([d.month - 1 for d in days]),
        )

    def weights(self, category: str) -> np.ndarray:
        """(days × half hours) weights of one category's rhythm, nothing after now."""
        rhythm = rhythm_for(category)
        week, year = np.array(rhythm.week), np.array(rhythm.months)
        by_day = week[self.weekdays] * year[self.months]
        # The platform is new at the start of the period: volume builds up over weeks.
        age_days = (self.midnights - self.midnights[0]) / 86400
        by_day = by_day * (1 - 0.45 * np.exp(-age_days / 45))
        weights = by_day[:, None] * rhythm.day_profile()[None, :]
        starts = self.midnights[:, None] + np.arange(SLOTS_PER_DAY) * SLOT_SECONDS
        weights[starts >= self.now] = 0
        return weights


def _months_back(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class Traits:
    """Per-touchpoint arrays, indexed like the touchpoint list they were made from."""

    ids: np.ndarray
    version_ids: np.ndarray
    categories: list[str]
    category_index: np.ndarray
    popularity: np.ndarray
    quality: np.ndarray
    decline_start: np.ndarray  # epoch seconds; NaN where the place holds steady
    repaired_at: np.ndarray  # epoch seconds; NaN where no repair was made
    english: np.ndarray
    kiosk: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray

    def quality_at(self, touchpoints: np.ndarray, moments: np.ndarray, now: int) -> np.ndarray:
        start = self.decline_start[touchpoints]
        declining = ~np.isnan(start)
        progress = np.zeros(len(touchpoints))
        progress[declining] = (moments[declining] - start[declining]) / (now - start[declining])
        # A repaired place is that much better from its repair on.
        repaired = moments >= np.nan_to_num(self.repaired_at[touchpoints], nan=np.inf)
        return (
            self.quality[touchpoints]
            - DECLINE_DROP * np.clip(progress, 0, 1)
            + REPAIR_GAIN * repaired
        )


def traits_build(*, facts: list[TouchpointFacts], now: int, rng: np.random.Generator) -> Traits:
    categories = sorted({f.category for f in facts})
    base = [EMPLOYEE_TRAITS if f.is_employee else CATEGORY_TRAITS.get(f.category, DEFAULT_TRAITS)
            for f in facts]  # fmt: skip
    volume, mean_quality, english = (
        np.array(column, dtype=float) for column in zip(*base, strict=True)
    )
    village = np.array([f.in_village for f in facts])
    employee = np.array([f.is_employee for f in facts])
    n = len(facts)
    popularity = volume * np.where(village, VILLAGE_VOLUME, 1.0)
    popularity *= rng.lognormal(0, POPULARITY_SPREAD, n)
    quality = mean_quality + rng.normal(0, QUALITY_SPREAD, n) - 0.3 * village
    desks = np.array([f.category == "administrative-service" for f in facts]) & ~employee
    return Traits(
        ids=np.array([f.id for f in facts], dtype=np.int64),
        version_ids=np.array([f.version_id for f in facts], dtype=np.int64),
        categories=categories,
        category_index=np.array([categories.index(f.category) for f in facts]),
        popularity=popularity,
        quality=np.clip(quality, 4.5, 9.8),
        decline_start=(declines := _declines(popularity, employee, now, rng)),
        repaired_at=_repairs(popularity, quality, employee, declines, now, rng),
        english=english,
        kiosk=np.where(desks, KIOSK_DESK, np.where(employee, KIOSK_EMPLOYEE, 0.0)),
        latitude=np.array([f.latitude if f.latitude is not None else np.nan for f in facts]),
        longitude=np.array([f.longitude if f.longitude is not None else np.nan for f in facts]),
    )


def _declines(popularity, employee, now: int, rng) -> np.ndarray:
    """A handful of well-used places whose quality slides over the last two or three months."""
    start = np.full(len(popularity), np.nan)
    places = np.flatnonzero(~employee)
    count = min(int(np.clip(round(len(places) / 80), 5, 10)), len(places) // 4)
    if count == 0:
        return start
    busiest = places[np.argsort(-popularity[places])][: max(count, len(places) // 4)]
    chosen = rng.choice(busiest, size=count, replace=False)
    start[chosen] = now - rng.uniform(60, 100, count) * 86400
    return start


def _repairs(popularity, quality, employee, declines, now: int, rng) -> np.ndarray:
    """A few well-used places rated below the middle, none of them declining, repaired four
    to seven months ago: the demo records each repair as an intervention, so its effect
    shows before and after."""
    repaired = np.full(len(popularity), np.nan)
    poor = quality < np.median(quality) if len(quality) else np.zeros(0, dtype=bool)
    places = np.flatnonzero(~employee & np.isnan(declines) & poor)
    count = min(int(np.clip(round(len(places) / 120), 2, 5)), len(places) // 4)
    if count == 0:
        return repaired
    busiest = places[np.argsort(-popularity[places])][: max(count * 4, 1)]
    chosen = rng.choice(busiest, size=count, replace=False)
    repaired[chosen] = now - rng.uniform(120, 210, count) * 86400
    return repaired


@dataclass(frozen=True)
class Batch:
    touchpoints: np.ndarray  # indices into the Traits arrays
    moments: np.ndarray  # epoch seconds, ascending


def batches_draw(
    *, traits: Traits, calendar: Calendar, total: int, batch_size: int, rng: np.random.Generator
) -> Iterator[Batch]:
    """`total` responses spread by each place's popularity and its category's rhythm."""
    members = [np.flatnonzero(traits.category_index == c) for c in range(len(traits.categories))]
    share = np.array([traits.popularity[m].sum() for m in members])
    share /= share.sum()
    weights = np.stack([calendar.weights(category) for category in traits.categories])
    weights /= weights.sum(axis=(1, 2), keepdims=True)
    weights *= share[:, None, None]  # now a joint distribution over (category, day, slot)

    day_mass = weights.sum(axis=(0, 2))
    cuts = np.floor(np.cumsum(day_mass) * total / batch_size)
    edges = [0, *(np.flatnonzero(np.diff(cuts)) + 1).tolist(), len(day_mass)]
    edges = sorted(set(edges))
    spans = list(pairwise(edges))
    counts = rng.multinomial(total, span_shares(day_mass, spans))
    for (first, last), count in zip(spans, counts, strict=True):
        if count:
            yield _batch(traits, calendar, weights[:, first:last], first, count, members, rng)


def span_shares(day_mass: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """Each span's share of the days' mass, as multinomial takes them."""
    masses = np.array([day_mass[a:b].sum() for a, b in spans])
    # Summed in floating point, a single span's mass can come to 1.0000000000000002, which
    # multinomial refuses; normalised, it is exactly 1.
    return np.clip(masses / masses.sum(), 0.0, 1.0)


def _batch(traits, calendar, weights, first_day, count, members, rng) -> Batch:
    flat = weights.ravel()
    drawn = rng.choice(flat.size, size=count, p=flat / flat.sum())
    category, slot = np.divmod(drawn, weights.shape[1] * weights.shape[2])
    touchpoints = np.empty(count, dtype=np.int64)
    for index, group in enumerate(members):
        mask = category == index
        if mask.any():
            p = traits.popularity[group] / traits.popularity[group].sum()
            touchpoints[mask] = rng.choice(group, size=int(mask.sum()), p=p)
    day, half_hour = np.divmod(slot, SLOTS_PER_DAY)
    moments = calendar.midnights[first_day + day] + half_hour * SLOT_SECONDS
    moments = np.minimum(moments + rng.integers(0, SLOT_SECONDS, count), calendar.now - 1)
    order = np.argsort(moments, kind="stable")
    return Batch(touchpoints=touchpoints[order], moments=moments[order])
