"""What the dashboard bench's responses look like, drawn by numpy before anything is written.

The plan is a table of cells, one per touchpoint × local day with its response count and
the mean score there; the database then expands each cell into its rows (see
bench/analytics_seed.py). Everything that needs a distribution wider than one cell is
decided here, seeded, so the same seed gives the same counts per place and day:

- traffic: a lognormal popularity per place, heavier at service centres; a weekly rhythm
  by kind of place (offices close at weekends, parks fill up then);
- hour of day: one lookup per kind of place and weekday/weekend, LOOKUP_LENGTH hours each
  hour as often as its share, for the database to pick one from at random;
- scores: a mean per place around 7.4, 5 % of places declining over the last 8 weeks;
- kiosks: only at service centres, as many as make up KIOSK_SHARE of all responses;
- sub-ratings: 10 % of places ask them, each question tied to the headline by its own weight.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

KIOSK_SHARE = 0.20
ENGLISH_SHARE = 0.07
DECLINING_SHARE = 0.05
DECLINE_DAYS = 56
RATED_SHARE = 0.10
LOOKUP_LENGTH = 200

OFFICE, LEISURE, TRANSPORT = 0, 1, 2
RHYTHM_OF_CATEGORY = {
    "administrative-service": OFFICE,
    "district-mayors": OFFICE,
    "healthcare": OFFICE,
    "kindergartens": OFFICE,
    "schools": OFFICE,
    "public-transport": TRANSPORT,
    "railway-stations": TRANSPORT,
}  # the rest (playgrounds, parks, sports, tourism) are LEISURE
CENTRE_CATEGORY = "administrative-service"
CENTRE_TRAFFIC = 5.0  # a service desk sees five times a typical place's responses
# Monday..Sunday, relative traffic per rhythm.
WEEKDAYS = {
    OFFICE: (1.15, 1.05, 1.0, 1.0, 0.95, 0.08, 0.02),
    LEISURE: (0.8, 0.75, 0.8, 0.85, 1.0, 1.6, 1.5),
    TRANSPORT: (1.1, 1.1, 1.1, 1.1, 1.05, 0.6, 0.5),
}
# Hours 0..23, relative traffic per rhythm, on weekdays and at weekends.
_OFFICE_DAY = "0 0 0 0 0 0 0 0.2 2 4 4.5 4 3 3.5 3.5 3 2.5 1 0.2 0 0 0 0 0"
_OFFICE_END = "0 0 0 0 0 0 0 0 0.5 2 2 1.5 0.5 0 0 0 0 0 0 0 0 0 0 0"
_LEISURE_DAY = "0 0 0 0 0 0 0.1 0.5 1 1.5 2 2 2 2.5 2.5 3 3.5 4 4 3.5 2 1 0.3 0"
_LEISURE_END = "0 0 0 0 0 0 0 0.3 1 2.5 3.5 4 4 3.5 3 3.5 4 4 3.5 3 2 1 0.3 0"
_TRANSPORT_DAY = "0 0 0 0 0 0.3 2 5 5 3 2 1.5 1.5 1.5 2 2.5 3.5 5 4.5 2.5 1.5 1 0.5 0.1"
_TRANSPORT_END = "0 0 0 0 0 0 0.5 1 1.5 2 2.5 3 3 3 3 3 3 3 2.5 2 1.5 1 0.5 0.1"
HOURS = {
    (OFFICE, False): _OFFICE_DAY,
    (OFFICE, True): _OFFICE_END,
    (LEISURE, False): _LEISURE_DAY,
    (LEISURE, True): _LEISURE_END,
    (TRANSPORT, False): _TRANSPORT_DAY,
    (TRANSPORT, True): _TRANSPORT_END,
}


@dataclass(frozen=True)
class Place:
    touchpoint_id: int
    version_id: int
    category: str
    is_employee: bool
    rating_question_ids: tuple[int, ...]  # the version's 1-5 sub-ratings
    comment_question_id: int | None = None  # the version's free-text question


@dataclass
class Plan:
    """Cells ordered by day, then place; `first_id` numbers their responses contiguously."""

    first_id: np.ndarray
    count: np.ndarray
    touchpoint_id: np.ndarray
    version_id: np.ndarray
    day_start: np.ndarray  # epoch seconds of the local midnight
    hours: np.ndarray  # key of the hour lookup: rhythm * 2 + weekend
    mean: np.ndarray
    spread: np.ndarray
    kiosk: np.ndarray  # the chance that a response here came from a kiosk
    declining: list[int]  # touchpoint ids
    rated: list[tuple[int, int, float]]  # (touchpoint id, question id, weight of the headline)
    commented: list[tuple[int, int]]  # (touchpoint id, its comment question's id)

    @property
    def total(self) -> int:
        return int(self.count.sum())

    def cell_rows(self) -> list[tuple]:
        return list(
            zip(
                self.first_id.tolist(),
                self.count.tolist(),
                self.touchpoint_id.tolist(),
                self.version_id.tolist(),
                self.day_start.tolist(),
                self.hours.tolist(),
                np.round(self.mean, 3).tolist(),
                np.round(self.spread, 3).tolist(),
                np.round(self.kiosk, 4).tolist(),
                strict=True,
            )
        )


def hour_lookups() -> list[tuple[int, list[int]]]:
    """(key, hours) per rhythm and weekend: hours[i] is the hour of the i-th slice."""
    lookups = []
    for (rhythm, weekend), weights in HOURS.items():
        shares = np.array(weights.split(), dtype=float)
        shares /= shares.sum()
        bounds = np.round(np.cumsum(shares) * LOOKUP_LENGTH).astype(int)
        hours = np.searchsorted(bounds, np.arange(LOOKUP_LENGTH), side="right")
        lookups.append((rhythm * 2 + int(weekend), hours.tolist()))
    return lookups


def local_midnights(*, last_day: date, days: int, zone: ZoneInfo) -> np.ndarray:
    first = last_day - timedelta(days=days - 1)
    return np.array(
        [
            int(datetime.combine(first + timedelta(days=d), time(0), tzinfo=zone).timestamp())
            for d in range(days)
        ],
        dtype=np.int64,
    )


def plan_draw(
    *,
    places: list[Place],
    total: int,
    last_day: date,
    days: int,
    zone: ZoneInfo,
    rng: np.random.Generator,
    first_id: int = 1,
) -> Plan:
    """`total` responses over `places` and the `days` days up to `last_day`."""
    n_places = len(places)
    rhythm = np.array([RHYTHM_OF_CATEGORY.get(p.category, LEISURE) for p in places])
    centre = np.array([p.category == CENTRE_CATEGORY for p in places])
    popularity = rng.lognormal(0.0, 0.7, n_places) * np.where(centre, CENTRE_TRAFFIC, 1.0)

    midnights = local_midnights(last_day=last_day, days=days, zone=zone)
    first_day = last_day - timedelta(days=days - 1)
    weekday = (first_day.weekday() + np.arange(days)) % 7
    weekly = np.array([WEEKDAYS[r] for r in (OFFICE, LEISURE, TRANSPORT)])  # rhythm × weekday
    rates = popularity[None, :] * weekly[rhythm][:, weekday].T  # day × place
    counts = rng.multinomial(total, (rates / rates.sum()).ravel()).reshape(days, n_places)

    place_mean = np.clip(rng.normal(7.4, 1.1, n_places), 3.0, 9.6)
    spread = rng.uniform(1.6, 2.6, n_places)
    declining = rng.random(n_places) < DECLINING_SHARE
    drop = np.where(declining, rng.uniform(2.5, 4.0, n_places), 0.0)
    into_decline = np.clip((np.arange(days) - (days - DECLINE_DAYS)) / DECLINE_DAYS, 0.0, 1.0)
    means = place_mean[None, :] - into_decline[:, None] * drop[None, :]

    centre_share = (counts[:, centre].sum() / total) if total and centre.any() else 0.0
    kiosk_here = min(0.9, KIOSK_SHARE / centre_share) if centre_share else 0.0
    kiosk = np.where(centre, kiosk_here, 0.0)

    day_index, place_index = np.nonzero(counts)  # row-major: by day, then place
    count = counts[day_index, place_index]
    weekend = weekday[day_index] >= 5
    ids = np.array([p.touchpoint_id for p in places], dtype=np.int64)
    versions = np.array([p.version_id for p in places], dtype=np.int64)
    return Plan(
        first_id=first_id + np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64),
        count=count.astype(np.int64),
        touchpoint_id=ids[place_index],
        version_id=versions[place_index],
        day_start=midnights[day_index],
        hours=rhythm[place_index] * 2 + weekend.astype(int),
        mean=means[day_index, place_index],
        spread=spread[place_index],
        kiosk=kiosk[place_index],
        declining=ids[declining].tolist(),
        rated=_rated(places, rng),
        commented=[
            (place.touchpoint_id, place.comment_question_id)
            for place in places
            if place.comment_question_id is not None
        ],
    )


def _rated(places: list[Place], rng: np.random.Generator) -> list[tuple[int, int, float]]:
    candidates = [p for p in places if p.rating_question_ids and not p.is_employee]
    chosen = rng.choice(
        len(candidates),
        size=min(len(candidates), max(1, round(RATED_SHARE * len(places)))),
        replace=False,
    )
    rated = []
    for index in sorted(chosen.tolist()):
        place = candidates[index]
        # The first aspect follows the headline closely, later ones less: a driver analysis
        # finds them in that order.
        for rank, question_id in enumerate(place.rating_question_ids):
            rated.append((place.touchpoint_id, question_id, round(0.9 / (1 + 0.6 * rank), 3)))
    return rated
