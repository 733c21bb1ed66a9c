"""The "Over time" figures: the series by day and the hour × weekday counts, checked against
counts made by hand for responses at known instants around the end of summer time."""

from datetime import UTC, date, datetime

import numpy as np
import pytest
from django_scopes import scope

from civicpulse.analytics.filters import DashboardFilterForm
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.analytics.sums import Source, Unit
from civicpulse.analytics.times import over_time
from civicpulse.core.models import Role
from tests.analytics.responses import record
from tests.factories import MembershipFactory

TODAY = date(2026, 11, 22)
OCTOBER = {"period": "custom", "since": "2026-10-01", "until": "2026-10-31", "unit": "day"}

# Sofia leaves summer time (UTC+3) for winter time (UTC+2) at 04:00 on 25 October 2026,
# so 00:30 and 01:30 UTC are both 03:30 local. (UTC instant, local weekday 0=Mon, hour)
INSTANTS = [
    (datetime(2026, 9, 30, 21, 30, tzinfo=UTC), 3, 0),  # 00:30 Thursday 1 October
    (datetime(2026, 10, 1, 7, 15, tzinfo=UTC), 3, 10),
    (datetime(2026, 10, 24, 21, 30, tzinfo=UTC), 6, 0),  # a UTC Saturday, a local Sunday
    (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 6, 3),  # 03:30 summer time
    (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), 6, 3),  # 03:30 winter time
    (datetime(2026, 10, 26, 7, 15, tzinfo=UTC), 0, 9),
]
OUTSIDE = datetime(2026, 10, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 November, local


@pytest.fixture
def october(sofia, places):
    for at, _weekday, _hour in INSTANTS:
        record(places[0], at=at, overall=6)
    record(places[1], at=OUTSIDE, overall=2)
    rollups_catch_up()
    membership = MembershipFactory(organization=sofia, role=Role.ADMINISTRATOR)
    with scope(organization=sofia):  # as the dashboard's request is
        yield DashboardFilterForm(OCTOBER, membership=membership, today=TODAY).choice()


@pytest.mark.parametrize("source", [Source.ROLLUPS, Source.RAW])
def test_heat_map_counts_local_hours_across_the_change_of_time(october, source):
    figures = over_time(october, source=source)
    expected = np.zeros((7, 24), dtype=int)
    for _at, weekday, hour in INSTANTS:
        expected[weekday, hour] += 1
    assert figures.heat.counts.tolist() == expected.tolist()
    assert figures.heat.sums[6, 3] == 12
    assert (figures.heat.first_day, figures.heat.last_day) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
    )


@pytest.mark.parametrize("source", [Source.ROLLUPS, Source.RAW])
def test_series_by_local_day(october, source):
    figures = over_time(october, source=source)
    assert figures.unit == Unit.DAY
    by_day = {period.start: period.sums.responses for period in figures.periods}
    assert len(by_day) == 31
    assert by_day[date(2026, 10, 1)] == 2
    assert by_day[date(2026, 10, 24)] == 0
    assert by_day[date(2026, 10, 25)] == 3
    assert by_day[date(2026, 10, 26)] == 1
    assert sum(by_day.values()) == len(INSTANTS)
    assert figures.total.responses == len(INSTANTS)


def test_weeks_are_clipped_to_the_period(october):
    weekly = DashboardFilterForm(
        OCTOBER | {"unit": "week"}, membership=october.membership, today=TODAY
    ).choice()
    figures = over_time(weekly)
    assert figures.periods[0].start == date(2026, 10, 1)
    assert figures.periods[0].end == date(2026, 10, 4)  # the Sunday
    assert figures.periods[-1].end == date(2026, 10, 31)
    assert sum(period.sums.responses for period in figures.periods) == len(INSTANTS)
