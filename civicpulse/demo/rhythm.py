"""When people give feedback, by kind of place: the week, the day and the year.

Weights are relative. Hours are local time; a range (8.5, 17, w) covers 8:30 to 17:00.
"""

from dataclasses import dataclass

import numpy as np

SLOTS_PER_DAY = 48  # half hours


@dataclass(frozen=True)
class Rhythm:
    week: tuple[float, ...]  # Monday … Sunday
    hours: tuple[tuple[float, float, float], ...]
    months: tuple[float, ...]  # January … December

    def day_profile(self) -> np.ndarray:
        profile = np.zeros(SLOTS_PER_DAY)
        for start, end, weight in self.hours:
            profile[int(start * 2) : int(end * 2)] += weight
        return profile


WEEKDAYS_ONLY = (1.0, 1.0, 1.0, 1.0, 0.95, 0.0, 0.0)
FLAT_YEAR = (1.0,) * 12

RHYTHMS = {
    # Parks and playgrounds: weekends and afternoons, and far busier in summer.
    "outdoors": Rhythm(
        week=(0.7, 0.7, 0.75, 0.75, 0.9, 1.6, 1.7),
        hours=((8, 11, 0.5), (11, 16, 0.8), (16, 20, 1.7), (20, 22, 0.5)),
        months=(0.35, 0.4, 0.7, 1.0, 1.3, 1.45, 1.5, 1.45, 1.15, 0.85, 0.5, 0.4),
    ),
    # Desks: working days, 8:30 to 17:00, a dip at lunch; quieter in August.
    "office": Rhythm(
        week=WEEKDAYS_ONLY,
        hours=((8.5, 10, 0.9), (10, 12.5, 1.3), (12.5, 13.5, 0.7), (13.5, 17, 1.0)),
        months=(1.0, 1.05, 1.1, 1.0, 1.0, 0.95, 0.85, 0.75, 1.0, 1.05, 1.0, 0.85),
    ),
    # Buses and trolleybuses: every day, with the morning and evening rush on weekdays.
    "transport": Rhythm(
        week=(1.0, 1.0, 1.0, 1.0, 1.05, 0.65, 0.5),
        hours=((5.5, 7, 0.4), (7, 9, 1.7), (9, 16, 0.8), (16, 19, 1.6), (19, 23, 0.35)),
        months=(1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.85, 0.8, 1.0, 1.05, 1.05, 1.0),
    ),
    "kindergarten": Rhythm(
        week=WEEKDAYS_ONLY,
        hours=((7, 9, 1.6), (9, 16, 0.25), (16, 18.5, 1.5)),
        months=(1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.3, 0.25, 1.0, 1.0, 1.0, 0.85),
    ),
    # Schools are all but silent in July and August.
    "school": Rhythm(
        week=WEEKDAYS_ONLY,
        hours=((7.5, 9, 1.3), (9, 13, 0.6), (13, 15, 1.0), (15, 18.5, 0.6)),
        months=(0.9, 1.0, 1.0, 0.95, 1.0, 0.7, 0.06, 0.06, 0.9, 1.0, 1.0, 0.8),
    ),
    "healthcare": Rhythm(
        week=(1.15, 1.0, 1.0, 1.0, 0.9, 0.25, 0.05),
        hours=((7.5, 12, 1.3), (12, 17, 0.9), (17, 19, 0.4)),
        months=(1.3, 1.3, 1.1, 0.95, 0.85, 0.8, 0.7, 0.7, 0.9, 1.0, 1.1, 1.2),
    ),
    "sports": Rhythm(
        week=(0.9, 0.9, 0.9, 0.9, 0.85, 1.3, 1.3),
        hours=((7, 9, 0.4), (9, 17, 0.6), (17, 21, 1.5), (21, 22, 0.4)),
        months=(0.7, 0.7, 0.9, 1.1, 1.25, 1.3, 1.2, 1.1, 1.1, 1.0, 0.8, 0.7),
    ),
    "tourism": Rhythm(
        week=(0.7, 0.7, 0.7, 0.8, 1.0, 1.6, 1.5),
        hours=((9, 12, 1.0), (12, 18, 1.2), (18, 20, 0.5)),
        months=(0.3, 0.35, 0.6, 0.9, 1.2, 1.4, 1.8, 1.9, 1.3, 0.9, 0.5, 0.45),
    ),
    "railway": Rhythm(
        week=(1.0, 1.0, 1.0, 1.0, 1.25, 0.9, 1.15),
        hours=((5, 8, 1.0), (8, 17, 0.8), (17, 21, 1.0), (21, 23, 0.3)),
        months=(0.9, 0.85, 0.9, 1.0, 1.0, 1.1, 1.3, 1.35, 1.0, 0.95, 0.9, 1.1),
    ),
    "default": Rhythm(week=(1.0,) * 7, hours=((8, 20, 1.0),), months=FLAT_YEAR),
}

CATEGORY_RHYTHMS = {
    "playgrounds": "outdoors",
    "parks": "outdoors",
    "healthcare": "healthcare",
    "kindergartens": "kindergarten",
    "district-mayors": "office",
    "public-transport": "transport",
    "administrative-service": "office",
    "railway-stations": "railway",
    "sports-facilities": "sports",
    "tourism": "tourism",
    "schools": "school",
}


def rhythm_for(category_slug: str) -> Rhythm:
    return RHYTHMS[CATEGORY_RHYTHMS.get(category_slug, "default")]
