"""The rollups equal a recomputation from raw rows, however responses arrive."""

import io
import random
import threading
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import scope, scopes_disabled

from civicpulse.analytics.local_days import LocalDate, WeekStart
from civicpulse.analytics.models import (
    DailyRollup,
    MonthlyRollup,
    QuestionDailyRollup,
    RollupWatermark,
    WeekdayHourRollup,
    WeeklyRollup,
)
from civicpulse.analytics.models.rollups import (
    HISTOGRAM_FIELDS,
    HOUR_COUNT_FIELDS,
    HOUR_SUM_FIELDS,
)
from civicpulse.analytics.rollups import (
    GAP_PATIENCE,
    rollups_catch_up,
    rollups_fold,
    rollups_rebuild,
)
from civicpulse.feedback.models import Answer, Response
from civicpulse.feedback.responses import response_record
from tests.analytics.responses import flag, record, restore
from tests.cases.portal import hidden

SOFIA = ZoneInfo("Europe/Sofia")
HOUR_SUMS = (*HOUR_COUNT_FIELDS, *HOUR_SUM_FIELDS)
SUMS = ("responses", "scored", "score_sum", "score_squares", *HISTOGRAM_FIELDS)


def recomputed(organization):
    """Every level summed in Python from the raw rows."""
    zone = ZoneInfo(organization.time_zone)
    daily, weekly, monthly, questions, hours = (
        defaultdict(lambda: defaultdict(int)) for _ in range(5)
    )
    with scopes_disabled():
        counted = Response.objects.filter(
            organization=organization, is_flagged=False, touchpoint__isnull=False
        )
        for response in counted:
            local = response.submitted_at.astimezone(zone)
            day = local.date()
            cell = (response.touchpoint_id, response.channel, response.language)
            monday = day - timedelta(days=day.weekday())
            for level, period in ((daily, day), (weekly, monday), (monthly, day.replace(day=1))):
                sums = level[(*cell, period)]
                sums["responses"] += 1
                if response.score is not None:
                    sums["scored"] += 1
                    sums["score_sum"] += response.score
                    sums["score_squares"] += response.score**2
                    sums[f"s{response.score}"] += 1
            if response.score is not None:
                by_hour = hours[
                    (response.touchpoint_id, day.replace(day=1), response.channel, day.weekday())
                ]
                by_hour[f"c{local.hour}"] += 1
                by_hour[f"t{local.hour}"] += response.score
        numbers = Answer.objects.filter(response__in=counted, number__isnull=False)
        for answer in numbers.select_related("response"):
            day = answer.response.submitted_at.astimezone(zone).date()
            sums = questions[(answer.response.touchpoint_id, answer.question_id, day)]
            sums["answers"] += 1
            sums["number_sum"] += answer.number
            sums["number_squares"] += answer.number**2
    return (
        {key: {name: sums[name] for name in SUMS} for key, sums in daily.items()},
        {key: {name: sums[name] for name in SUMS} for key, sums in weekly.items()},
        {key: {name: sums[name] for name in SUMS} for key, sums in monthly.items()},
        {key: dict(sums) for key, sums in questions.items()},
        {key: {name: sums[name] for name in HOUR_SUMS} for key, sums in hours.items()},
    )


def _rows(model, keys, sums, **nonzero):
    rows = model.objects.filter(**nonzero).values()
    return {tuple(row[k] for k in keys): {name: row[name] for name in sums} for row in rows}


def stored(organization):
    """The rollups as the same dictionaries; cells emptied by flags are left out."""
    cell = ("touchpoint_id", "channel", "language")
    with scope(organization=organization):
        hour_rows = _rows(
            WeekdayHourRollup,
            ("touchpoint_id", "month", "channel", "weekday"),
            HOUR_SUMS,
        )
        return (
            _rows(DailyRollup, (*cell, "day"), SUMS, responses__gt=0),
            _rows(WeeklyRollup, (*cell, "week"), SUMS, responses__gt=0),
            _rows(MonthlyRollup, (*cell, "month"), SUMS, responses__gt=0),
            _rows(
                QuestionDailyRollup,
                ("touchpoint_id", "question_id", "day"),
                ("answers", "number_sum", "number_squares"),
                answers__gt=0,
            ),
            # A cell's hours are kept only while one of them counts a response.
            {key: sums for key, sums in hour_rows.items() if any(sums.values())},
        )


def random_history(organization, places, *, seed: int, rounds: int = 6):
    """Submissions (some pressed days ago), folds, flags and restores, interleaved."""
    rng = random.Random(seed)
    now = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks go forward
    made = []
    for _ in range(rounds):
        for _ in range(rng.randint(5, 15)):
            late = timedelta(days=rng.choice([0, 0, 0, 1, 3, 40]), minutes=rng.randint(0, 1440))
            made.append(record(rng.choice(places), at=now - late, rng=rng))
        for response in rng.sample(made, k=min(3, len(made))):
            with scope(organization=organization):
                if rng.random() < 0.6:
                    flag(response)
                else:
                    restore(response)
        if rng.random() < 0.7:
            rollups_fold()
        now += timedelta(hours=rng.randint(1, 30))
    return made


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rollups_equal_a_recomputation_from_raw_rows(sofia, places, seed):
    random_history(sofia, places, seed=seed)
    rollups_catch_up()
    expected = recomputed(sofia)
    daily, weekly, _monthly, questions, hours = expected
    assert daily and weekly and questions and hours
    assert stored(sofia) == expected


def test_a_rebuild_equals_the_incremental_rollups(sofia, places):
    random_history(sofia, places, seed=7)
    rollups_fold()
    incremental = stored(sofia)
    rollups_rebuild(organization=sofia)
    assert stored(sofia) == incremental == recomputed(sofia)


def test_a_rebuild_also_takes_in_responses_above_the_watermark(sofia, places):
    record(places[0], at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    rollups_fold()
    record(places[1], at=datetime(2026, 5, 2, 9, tzinfo=UTC))  # as a bulk load would
    rollups_rebuild(organization=sofia)
    assert stored(sofia) == recomputed(sofia)
    assert sum(row["responses"] for row in stored(sofia)[0].values()) == 2


def test_folding_twice_changes_nothing(sofia, places):
    for hour in range(5):
        record(places[0], at=datetime(2026, 5, 1, hour, tzinfo=UTC))
    assert rollups_fold() == 5
    before = stored(sofia)
    assert rollups_fold() == 0
    assert stored(sofia) == before


def test_a_late_response_lands_in_its_own_day(sofia, places):
    record(places[0], at=datetime(2026, 5, 10, 9, tzinfo=UTC), overall=9)
    rollups_fold()
    record(places[0], at=datetime(2026, 5, 1, 9, tzinfo=UTC), overall=2)  # a kiosk catching up
    rollups_fold()
    with scope(organization=sofia):
        days = dict(DailyRollup.objects.values_list("day", "score_sum"))
    assert days == {datetime(2026, 5, 10).date(): 9, datetime(2026, 5, 1).date(): 2}


@pytest.mark.parametrize(
    ("moment", "local_day"),
    [
        (datetime(2026, 7, 14, 23, 30, tzinfo=UTC), "2026-07-15"),  # summer, UTC+3
        (datetime(2026, 7, 14, 20, 59, tzinfo=UTC), "2026-07-14"),
        (datetime(2026, 1, 31, 22, 30, tzinfo=UTC), "2026-02-01"),  # winter, UTC+2: next month
        (datetime(2026, 1, 31, 21, 59, tzinfo=UTC), "2026-01-31"),
    ],
)
def test_days_and_months_are_the_organisations(sofia, places, moment, local_day):
    response = record(places[0], at=moment, overall=7, staff=4)
    rollups_fold()
    day = datetime.fromisoformat(local_day).date()
    with scope(organization=sofia):
        assert list(DailyRollup.objects.values_list("day", flat=True)) == [day]
        assert list(MonthlyRollup.objects.values_list("month", flat=True)) == [day.replace(day=1)]
        assert set(QuestionDailyRollup.objects.values_list("day", flat=True)) == {day}
    flag(response)  # taken out of the same local day
    assert stored(sofia) == ({}, {}, {}, {}, {})


def test_histogram_sums_and_sub_ratings(sofia, places):
    at = datetime(2026, 6, 1, 8, tzinfo=UTC)
    for overall, staff in ((10, 5), (9, 4), (3, 1), (3, None)):
        answers = {"overall": overall, **({"staff": staff} if staff else {}), "quick": "yes"}
        record(places[0], at=at, rng=random.Random(0), **answers)
    rollups_fold()
    with scope(organization=sofia):
        row = DailyRollup.objects.get()
        by_key = {r.question.key: r for r in QuestionDailyRollup.objects.select_related("question")}
    assert (row.responses, row.scored, row.score_sum, row.score_squares) == (4, 4, 25, 199)
    assert (row.s10, row.s9, row.s3, row.s0) == (1, 1, 2, 0)
    assert {key: (r.answers, r.number_sum, r.number_squares) for key, r in by_key.items()} == {
        "overall": (4, 25, 199),
        "staff": (3, 10, 42),
        "quick": (4, 4, 4),
    }


def test_flags_and_restores_move_a_folded_response_once(sofia, places):
    response = record(places[0], at=datetime(2026, 6, 1, 8, tzinfo=UTC), overall=8)
    record(places[0], at=datetime(2026, 6, 1, 9, tzinfo=UTC), overall=6)
    rollups_fold()
    flag(response)
    flag(response)  # twice: still taken out once
    assert stored(sofia) == recomputed(sofia)
    restore(response)
    restore(response)
    assert stored(sofia) == recomputed(sofia)
    assert sum(row["score_sum"] for row in stored(sofia)[0].values()) == 14


def test_a_response_flagged_before_the_fold_is_never_counted(sofia, places):
    response = record(places[0], at=datetime(2026, 6, 1, 8, tzinfo=UTC))
    flag(response)
    rollups_fold()
    assert stored(sofia) == ({}, {}, {}, {}, {})
    restore(response)
    assert stored(sofia) == recomputed(sofia) != ({}, {}, {})


def test_a_gap_filled_later_is_folded_then(sofia, places):
    """An id below the highest seen may belong to a transaction not yet committed."""
    responses = [record(places[0], at=datetime(2026, 6, 1, h, tzinfo=UTC)) for h in range(3)]
    middle = responses[1]
    with scopes_disabled():
        answers = list(Answer.objects.filter(response=middle).values())
        Response.objects.filter(pk=middle.pk).delete()  # as if still uncommitted
    assert rollups_fold() == 2
    assert RollupWatermark.objects.get().pending[0][0] == middle.pk
    with scopes_disabled():
        middle.save(force_insert=True)  # it commits
        Answer.objects.bulk_create(Answer(**values) for values in answers)
    assert rollups_fold() == 1
    assert RollupWatermark.objects.get().pending == []
    assert stored(sofia) == recomputed(sofia)


def test_a_gap_never_filled_is_forgotten(sofia, places):
    responses = [record(places[0], at=datetime(2026, 6, 1, h, tzinfo=UTC)) for h in range(3)]
    with scopes_disabled():
        Response.objects.filter(pk=responses[1].pk).delete()  # a rolled-back insert
    rollups_fold()
    later = datetime.now(UTC) + timedelta(seconds=GAP_PATIENCE + 1)
    rollups_fold(now=later)
    assert RollupWatermark.objects.get().pending == []


def test_a_deleted_touchpoints_rows_go_with_it(sofia, places):
    record(places[0], at=datetime(2026, 6, 1, 8, tzinfo=UTC))
    record(places[1], at=datetime(2026, 6, 1, 8, tzinfo=UTC))
    rollups_fold()
    with scopes_disabled():
        Response.objects.filter(touchpoint=places[0]).delete()
        places[0].delete()
        assert set(DailyRollup.objects.values_list("touchpoint", flat=True)) == {places[1].pk}
        assert set(QuestionDailyRollup.objects.values_list("touchpoint", flat=True)) == {
            places[1].pk
        }


def test_other_organisations_keep_their_own_days(sofia, places, organization, touchpoint):
    organization.time_zone = "UTC"
    organization.save()
    moment = datetime(2026, 7, 14, 23, 30, tzinfo=UTC)
    record(places[0], at=moment)
    with scope(organization=organization):
        response_record(touchpoint=touchpoint, answers={"overall": 4}, submitted_at=moment)
    rollups_fold()
    assert stored(organization) == recomputed(organization)
    assert stored(sofia) == recomputed(sofia)
    with scope(organization=organization):
        assert DailyRollup.objects.get().day == moment.date()
    rollups_rebuild(organization=organization)  # leaves the other organisation alone
    assert stored(sofia) == recomputed(sofia)


def test_a_form_submission_is_folded(client, sofia, places):
    page = client.get(f"/q/{places[0].code}").content.decode()
    data = {
        "form_token": hidden(page, "form_token"),
        "client_token": hidden(page, "client_token"),
        "q-overall": "6",
        "q-staff": "3",
    }
    assert client.post(f"/q/{places[0].code}", data).status_code in (200, 302, 303)
    assert rollups_fold() == 1
    assert stored(sofia) == recomputed(sofia)
    assert sum(row["score_sum"] for row in stored(sofia)[0].values()) == 6


def test_a_fold_takes_a_fixed_number_of_queries(sofia, places):
    rng = random.Random(5)
    for _ in range(40):
        record(rng.choice(places), at=datetime(2026, 6, rng.randint(1, 28), 8, tzinfo=UTC), rng=rng)
    rollups_fold()  # the watermark's row is made once
    for _ in range(40):
        record(rng.choice(places), at=datetime(2026, 6, rng.randint(1, 28), 8, tzinfo=UTC), rng=rng)
    with CaptureQueriesContext(connection) as folding:
        assert rollups_fold() == 40
    # One upsert per level, whatever the number of responses, and whether any came late.
    assert len(folding) <= 16
    with CaptureQueriesContext(connection) as idle:
        assert rollups_catch_up() == 0
    assert len(idle) <= 4  # the savepoint, the lock, the highest id, the release


@pytest.mark.django_db(transaction=True)
def test_concurrent_folds_count_each_response_once(sofia, places):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time anyway")
    for hour in range(30):
        record(places[hour % 2], at=datetime(2026, 6, 1, hour % 24, tzinfo=UTC))
    read, barrier = [], threading.Barrier(4)

    def fold():
        try:
            barrier.wait()
            read.append(rollups_fold())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fold) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(read) == [0, 0, 0, 30]
    assert stored(sofia) == recomputed(sofia)


def test_a_long_catch_up_goes_in_batches(sofia, places):
    record(places[0], at=datetime(2026, 4, 30, 9, tzinfo=UTC))
    rollups_fold()  # the mark reaches the ids used so far (PostgreSQL's sequence runs on)
    for hour in range(5):
        record(places[0], at=datetime(2026, 5, 1, hour, tzinfo=UTC))
    assert [rollups_fold(most=2) for _ in range(4)] == [2, 2, 1, 0]
    assert stored(sofia) == recomputed(sofia)


def test_the_follow_command_folds(sofia, places):
    record(places[0], at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    out = io.StringIO()
    with translation.override("en"):
        call_command("rollups_follow", "--once", "--rebuild", sofia.slug, stdout=out)
    assert f"Rebuilt the rollups of {sofia.slug}." in out.getvalue()
    assert stored(sofia) == recomputed(sofia) != ({}, {}, {})
    record(places[0], at=datetime(2026, 5, 1, 10, tzinfo=UTC))
    with translation.override("en"):
        call_command("rollups_follow", "--once", stdout=out)
    assert "Folded 1 responses" in out.getvalue()


@pytest.mark.parametrize("zone_name", ["Europe/Sofia", "America/New_York", "Asia/Kolkata", "UTC"])
def test_local_days_in_sql_match_python_across_clock_changes(sofia, places, zone_name):
    zone = ZoneInfo(zone_name)
    moments = [
        change + timedelta(seconds=delta)
        for change in (
            datetime(2026, 3, 29, 1, tzinfo=UTC),  # Sofia springs forward
            datetime(2026, 10, 25, 1, tzinfo=UTC),  # … and falls back
            datetime(2026, 3, 8, 7, tzinfo=UTC),  # New York springs forward
            datetime(2026, 11, 1, 6, tzinfo=UTC),
            datetime(2025, 12, 31, 21, 30, tzinfo=UTC),  # a new year somewhere
            datetime(2026, 6, 30, 23, 59, tzinfo=UTC),
        )
        for delta in (-3601, -1, 0, 1, 3600, 7200, 12 * 3600 + 1)
    ]
    rng = random.Random(0)
    made = [record(places[0], at=moment, rng=rng).pk for moment in moments]
    with scope(organization=sofia):
        rows = dict(
            Response.objects.filter(pk__in=made)
            .annotate(day=LocalDate("submitted_at", zone=zone))
            .values_list("submitted_at", "day")
        )
        months = dict(
            Response.objects.filter(pk__in=made)
            .annotate(month=LocalDate("submitted_at", zone=zone, month=True))
            .values_list("submitted_at", "month")
        )
    for moment in moments:
        local = moment.astimezone(zone).date()
        assert str(rows[moment]) == str(local), moment
        assert str(months[moment])[:10] == str(local.replace(day=1)), moment


@pytest.mark.django_db(transaction=True)
def test_a_response_committed_after_a_higher_id_is_still_folded(sofia, places):
    """PostgreSQL gives out ids before commit: a fold may see id n+1 while n is in flight."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite commits in id order")
    record(places[0], at=datetime(2026, 6, 1, 7, tzinfo=UTC))
    rollups_fold()  # the mark reaches the ids used so far
    # Ids that earlier tests' rolled-back transactions used are gaps too: leave them aside.
    earlier_gaps = _pending_ids()
    inserted, release = threading.Event(), threading.Event()

    def slow_submission():
        try:
            with transaction.atomic():
                record(places[0], at=datetime(2026, 6, 1, 8, tzinfo=UTC), overall=2)
                inserted.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_submission)
    thread.start()
    inserted.wait(10)
    record(places[1], at=datetime(2026, 6, 1, 9, tzinfo=UTC), overall=9)
    assert rollups_fold() == 1
    in_flight = _pending_ids() - earlier_gaps
    assert len(in_flight) == 1
    release.set()
    thread.join()
    assert rollups_fold() == 1
    assert not in_flight & _pending_ids()
    assert stored(sofia) == recomputed(sofia)


def _pending_ids() -> set[int]:
    return {pending_id for pending_id, _since in RollupWatermark.objects.get().pending}


def test_weeks_start_on_monday_in_sql(sofia, places):
    days = [datetime(2026, 6, d, 9, tzinfo=UTC) for d in range(1, 16)]  # Monday 1 June on
    for moment in days:
        record(places[0], at=moment)
    rollups_fold()
    with scope(organization=sofia):
        weeks = (
            DailyRollup.objects.values(week=WeekStart("day"))
            .annotate(n=Sum("responses"))
            .order_by("week")
        )
        assert [(str(row["week"]), row["n"]) for row in weeks] == [
            ("2026-06-01", 7),
            ("2026-06-08", 7),
            ("2026-06-15", 1),
        ]
