"""Past figures kept between requests: equal to the rollups read afresh after every change
that moves the past (a late response, a flag, a restore, a rebuild; a place with responses
cannot be deleted), while
today's responses show at once without throwing anything away."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from civicpulse.analytics import history
from civicpulse.analytics.history import HistoryStore, history_token, organization_today
from civicpulse.analytics.rollups import rollups_catch_up, rollups_rebuild
from civicpulse.analytics.sums import (
    Selection,
    Source,
    Unit,
    sums_by,
    sums_series,
    sums_table,
    weekday_hours,
)
from tests.analytics.figures import BREAKDOWNS
from tests.analytics.responses import flag, record, restore


def moment(organization, day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(organization.time_zone))


@pytest.fixture
def today(sofia):
    return organization_today(sofia)


@pytest.fixture
def recorded(sofia, places, today):
    rng = random.Random(11)
    made = [
        record(rng.choice(places), at=moment(sofia, today - timedelta(days=rng.randint(0, 60))))
        for _ in range(60)
    ]
    rollups_catch_up()
    return made


def selections(sofia, today):
    return [
        Selection(organization=sofia, start=today - timedelta(days=59), end=today),
        Selection(organization=sofia, start=today - timedelta(days=40), end=today - timedelta(1)),
        Selection(organization=sofia, start=today, end=today),
    ]


def assert_equal_to_raw(sofia, today):
    with scope(organization=sofia):
        for selection in selections(sofia, today):
            for unit in [None, Unit.DAY, Unit.WEEK, Unit.MONTH]:
                for by in BREAKDOWNS:
                    kept = sums_series(selection, unit=unit, by=by)
                    raw = sums_series(selection, unit=unit, by=by, source=Source.RAW)
                    assert kept == raw, (selection.start, selection.end, unit, by)
                # The same cells as a table: days before today kept as one, today added.
                table = sums_table(selection, by=by).as_dict()
                assert table == sums_by(selection, by=by, source=Source.RAW), by
            kept_hours = weekday_hours(selection)
            raw_hours = weekday_hours(selection, source=Source.RAW)
            assert (kept_hours.counts == raw_hours.counts).all()
            assert (kept_hours.sums == raw_hours.sums).all()


def test_todays_responses_show_while_the_past_stays_kept(sofia, places, recorded, today):
    assert_equal_to_raw(sofia, today)  # and now the past is kept
    token = history_token(sofia)
    for hour in (8, 9):
        record(places[0], at=moment(sofia, today, hour), overall=3)
    rollups_catch_up()
    assert history_token(sofia) == token  # nothing of the past changed
    assert_equal_to_raw(sofia, today)


@pytest.mark.parametrize(
    "change",
    ["late response", "flag", "restore", "rebuild"],
)
def test_every_change_to_the_past_shows(sofia, places, recorded, today, change):
    assert_equal_to_raw(sofia, today)
    token = history_token(sofia)
    past = next(r for r in recorded if r.submitted_at < moment(sofia, today, 0))
    if change == "late response":
        record(places[1], at=moment(sofia, today - timedelta(days=3)), overall=0)
        rollups_catch_up()
    elif change == "flag":
        flag(past)
    elif change == "restore":
        flag(past)
        assert_equal_to_raw(sofia, today)
        token = history_token(sofia)
        restore(past)
    else:
        with scope(organization=sofia):
            rollups_rebuild(organization=sofia)
    assert history_token(sofia) != token
    assert_equal_to_raw(sofia, today)


def test_a_kept_read_asks_only_for_today(sofia, recorded, today):
    selection = Selection(organization=sofia, start=today - timedelta(days=59), end=today)
    with scope(organization=sofia):
        with CaptureQueriesContext(connection) as first:
            cold = sums_series(selection, unit=Unit.WEEK, by=("touchpoint",))
        with CaptureQueriesContext(connection) as second:
            warm = sums_series(selection, unit=Unit.WEEK, by=("touchpoint",))
    assert warm == cold
    read = [query["sql"] for query in second.captured_queries]
    assert len(read) < len(first.captured_queries)
    assert not any("weeklyrollup" in sql or "monthlyrollup" in sql for sql in read)


def test_the_store_keeps_the_most_recently_used(settings):
    settings.ANALYTICS_HISTORY_ENTRIES = 2
    store = HistoryStore()
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1  # a is now the more recent
    store.put("c", 3)
    assert store.get("b") is None
    assert (store.get("a"), store.get("c")) == (1, 3)


def test_with_no_room_nothing_is_kept(settings, sofia, recorded, today):
    settings.ANALYTICS_HISTORY_ENTRIES = 0
    selection = Selection(organization=sofia, start=today - timedelta(days=59), end=today)
    with scope(organization=sofia):
        sums_series(selection, unit=Unit.WEEK)
    assert not history.store._entries
