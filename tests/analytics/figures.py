"""Rated places with chosen scores, and the dashboard choice that reads them."""

from datetime import UTC, date, datetime, timedelta

from civicpulse.analytics.filters import Choice
from civicpulse.analytics.sums import Unit
from civicpulse.core.models import Role
from tests.analytics.responses import record
from tests.factories import MembershipFactory

START = date(2026, 3, 2)
END = date(2026, 3, 29)


def rate(touchpoint, scores, *, day: date = START, spread_days: int = 28):
    """Records `scores` at noon UTC over the `spread_days` days from `day`."""
    first = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    for index, score in enumerate(scores):
        record(touchpoint, at=first + timedelta(days=index % spread_days), overall=score)


def choice_for(organization, *, start=START, end=END, role=Role.ADMINISTRATOR, **filters):
    membership = MembershipFactory(organization=organization, role=role)
    return Choice(
        membership=membership,
        period="custom",
        start=start,
        end=end,
        unit=Unit.DAY,
        **filters,
    )


NORTH = [9] * 12 + [8] * 10 + [10] * 6 + [5] * 2
SOUTH = [7] * 10 + [6] * 8 + [9] * 5 + [3] * 3
SOUTH_OTHER_CATEGORY = [2, 3, 4, 10]

# How the figures are broken down in tests that compare rollups with raw rows; the last two
# name every key of a rollup row (read without summing), in two orders.
BREAKDOWNS = [
    (),
    ("touchpoint",),
    ("channel", "language"),
    ("touchpoint", "channel", "language"),
    ("language", "touchpoint", "channel"),
]
