"""Sums read from the rollups equal the same sums from raw rows, for any period and cut."""

import random
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from django_scopes import scope

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.analytics.sums import (
    Period,
    Selection,
    Source,
    Sums,
    SumsTable,
    Unit,
    buckets,
    sums_by,
    sums_series,
    sums_total,
    tiles,
    weekday_hours,
)
from civicpulse.feedback.models import Touchpoint
from tests.analytics.figures import BREAKDOWNS
from tests.analytics.responses import flag, record
from tests.factories import TouchpointFactory, make_questionnaire


def covered(cover) -> list[date]:
    days = list(cover.days)
    for week in cover.weeks:
        days += [week + timedelta(days=offset) for offset in range(7)]
    for month in cover.months:
        day = month
        while day.month == month.month:
            days.append(day)
            day += timedelta(days=1)
    return sorted(days)


@pytest.mark.parametrize(
    ("start", "end", "months", "weeks", "days"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), 12, 0, 0),
        (date(2026, 3, 1), date(2026, 3, 31), 1, 0, 0),
        (date(2026, 3, 2), date(2026, 3, 8), 0, 1, 0),  # Monday to Sunday
        (date(2026, 3, 3), date(2026, 3, 4), 0, 0, 2),
        # 15 Jan (Thu) .. 20 Apr (Mon): February and March whole; the week of 19 Jan and
        # days 15-18 and 26-31 Jan; the weeks of 6 and 13 Apr and days 1-5 and 20 Apr.
        (date(2026, 1, 15), date(2026, 4, 20), 2, 3, 16),
    ],
)
def test_a_period_is_tiled_exactly_with_few_rows(start, end, months, weeks, days):
    cover = tiles(start, end)
    assert (len(cover.months), len(cover.weeks), len(cover.days)) == (months, weeks, days)
    expected = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    assert covered(cover) == expected


@pytest.mark.parametrize(
    ("start", "end", "unit", "today", "coverage"),
    [
        # Clipped by the selection at either end; the middle bucket is whole.
        (date(2026, 1, 15), date(2026, 1, 31), Unit.MONTH, date(2026, 5, 1), (17, 31)),
        (date(2026, 2, 1), date(2026, 2, 28), Unit.MONTH, date(2026, 5, 1), None),
        (date(2026, 3, 16), date(2026, 3, 17), Unit.WEEK, date(2026, 5, 1), (2, 7)),
        # Still running: only the days up to today count, even when the bucket is whole.
        (date(2026, 3, 16), date(2026, 3, 22), Unit.WEEK, date(2026, 3, 18), (3, 7)),
        (date(2026, 3, 18), date(2026, 3, 18), Unit.DAY, date(2026, 3, 18), (1, 1)),
        (date(2026, 3, 17), date(2026, 3, 17), Unit.DAY, date(2026, 3, 18), None),
    ],
)
def test_a_bucket_knows_when_it_covers_only_part_of_its_period(start, end, unit, today, coverage):
    assert Period(start, end, unit, Sums()).coverage(today) == coverage


def test_buckets_are_clipped_to_the_period():
    assert buckets(date(2026, 1, 15), date(2026, 3, 3), Unit.MONTH) == [
        (date(2026, 1, 15), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 3)),
    ]
    assert buckets(date(2026, 3, 4), date(2026, 3, 17), Unit.WEEK) == [
        (date(2026, 3, 4), date(2026, 3, 8)),
        (date(2026, 3, 9), date(2026, 3, 15)),
        (date(2026, 3, 16), date(2026, 3, 17)),
    ]


@pytest.fixture
def history(sofia, places, elsewhere):
    """Responses over five months around the spring clock change, some flagged."""
    rng = random.Random(11)
    everywhere = [*places, elsewhere]
    start = datetime(2026, 1, 20, tzinfo=UTC)
    made = [
        record(rng.choice(everywhere), at=start + timedelta(minutes=rng.randint(0, 150 * 1440)))
        for _ in range(160)
    ]
    for response in rng.sample(made, 8):
        flag(response)
    rollups_catch_up()
    return everywhere


SELECTIONS = [
    (date(2026, 1, 1), date(2026, 6, 30)),
    (date(2026, 2, 11), date(2026, 5, 3)),
    (date(2026, 3, 29), date(2026, 3, 29)),  # the day the clocks go forward
    (date(2026, 3, 2), date(2026, 4, 12)),
]


def test_series_from_rollups_equal_raw_rows(sofia, history):
    with scope(organization=sofia):
        for start, end in SELECTIONS:
            selection = Selection(organization=sofia, start=start, end=end)
            for unit in [None, Unit.DAY, Unit.WEEK, Unit.MONTH]:
                for by in BREAKDOWNS:
                    rollups = sums_series(selection, unit=unit, by=by)
                    raw = sums_series(selection, unit=unit, by=by, source=Source.RAW)
                    assert rollups == raw, (start, end, unit, by)


def test_narrowed_selections_equal_raw_rows(sofia, history):
    with scope(organization=sofia):
        first_category = Touchpoint.objects.filter(category=history[0].category)
        for selection in [
            Selection(
                organization=sofia,
                start=date(2026, 1, 1),
                end=date(2026, 6, 30),
                touchpoints=first_category,
            ),
            Selection(
                organization=sofia, start=date(2026, 2, 3), end=date(2026, 4, 30), channel="kiosk"
            ),
            Selection(
                organization=sofia, start=date(2026, 2, 3), end=date(2026, 4, 30), language="en"
            ),
        ]:
            assert sums_by(selection, by=("touchpoint",)) == sums_by(
                selection, by=("touchpoint",), source=Source.RAW
            )
            assert (
                0
                < sums_total(selection).responses
                < sums_total(
                    Selection(organization=sofia, start=selection.start, end=selection.end)
                ).responses
            )


def test_the_heat_map_equals_raw_rows(sofia, history):
    with scope(organization=sofia):
        selection = Selection(organization=sofia, start=date(2026, 2, 14), end=date(2026, 5, 2))
        rollups, raw = weekday_hours(selection), weekday_hours(selection, source=Source.RAW)
        assert (rollups.first_day, rollups.last_day) == (date(2026, 2, 1), date(2026, 5, 31))
        assert np.array_equal(rollups.counts, raw.counts)
        assert np.array_equal(rollups.sums, raw.sums)
        assert (
            rollups.counts.sum()
            == sums_total(
                Selection(organization=sofia, start=date(2026, 2, 1), end=date(2026, 5, 31))
            ).scored
        )


def test_figures_follow_from_the_histogram():
    sums = Sums.from_row(
        {"responses": 5, "scored": 4, "score_sum": 26, "score_squares": 198}
        | {f"s{score}": 0 for score in range(11)}
        | {"s3": 1, "s5": 0, "s6": 0, "s8": 0, "s9": 1, "s10": 2, "s4": 0}
    )
    # Scores 3, 9, 10, 10: mean 8, 3 of 4 satisfied, NPS (3 - 1) / 4 = 50.
    assert sums.mean.value == pytest.approx(8.0)
    assert sums.satisfied.value == pytest.approx(0.75)
    assert sums.nps.value == pytest.approx(50.0)
    assert (sums + sums).mean.n == 8


def test_a_five_point_headline_counts_on_the_ten_point_scale(sofia, elsewhere):
    """Five stars count as the kiosk's faces do: 1 → 0, 2 → 2, 3 → 5, 4 → 8, 5 → 10."""
    starred = TouchpointFactory(organization=sofia)
    make_questionnaire(
        organization=sofia,
        category=starred.category,
        definition={
            "title": {"bg": "Звезди", "en": "Stars"},
            "questions": [{"key": "stars", "kind": "stars", "text": {"bg": "Как", "en": "How"}}],
        },
    )
    at = datetime(2026, 6, 10, 9, tzinfo=UTC)
    for stars in (1, 2, 3, 4, 5, 5):
        record(starred, at=at, stars=stars)
    record(elsewhere, at=at, overall=7)
    flag(record(starred, at=at, stars=4))
    rollups_catch_up()
    with scope(organization=sofia):
        selection = Selection(organization=sofia, start=date(2026, 6, 1), end=date(2026, 6, 30))
        by_place = sums_by(selection, by=("touchpoint",))
        assert by_place == sums_by(selection, by=("touchpoint",), source=Source.RAW)
        hours = weekday_hours(selection)
    stars = by_place[(starred.pk,)]
    assert list(np.flatnonzero(stars.histogram)) == [0, 2, 5, 8, 10]
    assert stars.score_sum == 0 + 2 + 5 + 8 + 10 + 10
    assert by_place[(elsewhere.pk,)].score_sum == 7
    assert hours.sums.sum() == stars.score_sum + 7


def test_a_table_adds_up_as_its_sums_would():
    rng = random.Random(5)
    cells = {
        (place, channel, language): Sums.from_values(
            [rng.randint(1, 50), rng.randint(0, 40), rng.randint(0, 400), rng.randint(0, 4000)]
            + [rng.randint(0, 9) for _ in range(11)]
        )
        for place in (1, 2, 3, 4)
        for channel in ("qr", "kiosk")
        for language in ("bg", "en")
        if rng.random() < 0.8
    }
    table = SumsTable.of(cells)
    assert table.as_dict() == cells

    def by_hand(key_of):
        result = {}
        for key, sums in cells.items():
            if (target := key_of(key)) is not None:
                result[target] = result[target] + sums if target in result else sums
        return result

    odd = {1: "odd", 3: "odd", 2: None, 4: "even"}
    assert table.summed_by_part(0, odd.get) == by_hand(lambda key: odd[key[0]])
    assert table.summed_by_part(1, str.upper) == by_hand(lambda key: key[1].upper())
    assert table.column_by_part(2, 0) == {
        language: sum(s.responses for k, s in cells.items() if k[2] == language)
        for language in {key[2] for key in cells}
    }
    kept = table.where(np.array([key[0] != 2 for key in table.keys]))
    assert kept.as_dict() == {key: s for key, s in cells.items() if key[0] != 2}

    more = {
        (1, "qr", "bg"): Sums.from_values([2, 1, 9, 81, *[0] * 9, 1, 0]),
        (9, "qr", "en"): Sums(),
    }
    added = table.plus(SumsTable.of(more))
    expected = dict(cells)
    for key, sums in more.items():
        expected[key] = expected[key] + sums if key in expected else sums
    assert added.as_dict() == expected
    assert table.as_dict() == cells  # neither table changed
    assert SumsTable.of({}).summed_by_part(0, odd.get) == {}
