import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from civicpulse.feedback.abuse import (
    FINGERPRINT_BURST,
    FINGERPRINT_DAY,
    TOUCHPOINT_BURST,
    FlagReason,
    SubmissionThrottled,
    client_fingerprint,
    response_flag,
    response_restore,
    submission_check,
    submission_counters_purge,
)
from civicpulse.feedback.counters import counter_store, counters_windows
from civicpulse.feedback.responses import response_record
from tests.factories import TouchpointFactory

CLIENT = {"ip": "203.0.113.7", "user_agent": "Mozilla/5.0 (Phone)", "accept_language": "bg"}


class TestFingerprint:
    def test_is_stable_within_a_day_and_differs_per_client(self):
        today = date(2026, 11, 21)
        assert client_fingerprint(**CLIENT, day=today) == client_fingerprint(**CLIENT, day=today)
        assert client_fingerprint(**CLIENT, day=today) != client_fingerprint(
            **{**CLIENT, "ip": "203.0.113.8"}, day=today
        )

    def test_cannot_be_linked_across_days(self):
        monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
        assert client_fingerprint(**CLIENT, day=monday) != client_fingerprint(**CLIENT, day=tuesday)

    def test_does_not_contain_the_raw_values(self):
        fingerprint = client_fingerprint(**CLIENT)
        assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)
        assert "203.0.113.7" not in fingerprint


@pytest.fixture(params=["file", "database"])
def counters_in(request, settings, tmp_path):
    """Both stores, whichever database the suite runs on: SQLite installs keep counters in a
    file of their own, PostgreSQL ones in the database."""
    in_file = request.param == "file"
    settings.COUNTERS_FILE = tmp_path / "counters.zone" if in_file else None
    yield request.param
    if in_file:
        counter_store().close()


@pytest.mark.usefixtures("counters_in")
class TestRateLimits:
    def test_a_burst_from_one_client_is_refused(self, touchpoint, in_scope):
        now = timezone.now()
        for _ in range(FINGERPRINT_BURST.most):
            assert submission_check(touchpoint=touchpoint, fingerprint="a" * 64, now=now) == ""
        with pytest.raises(SubmissionThrottled):
            submission_check(touchpoint=touchpoint, fingerprint="a" * 64, now=now)
        # Another client at the same place is still welcome.
        assert submission_check(touchpoint=touchpoint, fingerprint="b" * 64, now=now) == ""

    def test_the_burst_window_passes(self, touchpoint, in_scope):
        start = timezone.now().replace(second=0, microsecond=0)
        for _ in range(FINGERPRINT_BURST.most):
            submission_check(touchpoint=touchpoint, fingerprint="a" * 64, now=start)
        later = start + timedelta(seconds=FINGERPRINT_BURST.seconds)
        assert submission_check(touchpoint=touchpoint, fingerprint="a" * 64, now=later) == ""

    def test_a_flood_at_one_place_is_refused_whoever_sends_it(self, touchpoint, in_scope):
        now = timezone.now().replace(second=0, microsecond=0)
        for n in range(TOUCHPOINT_BURST.most):
            submission_check(touchpoint=touchpoint, fingerprint=f"{n:064x}", now=now)
        with pytest.raises(SubmissionThrottled):
            submission_check(touchpoint=touchpoint, fingerprint="f" * 64, now=now)

    def test_many_in_a_day_from_one_client_are_flagged_not_refused(self, touchpoint, in_scope):
        start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
        reasons = [
            submission_check(
                touchpoint=touchpoint, fingerprint="c" * 64, now=start + timedelta(minutes=n)
            )
            for n in range(FINGERPRINT_DAY.most + 2)
        ]
        assert reasons[: FINGERPRINT_DAY.most] == [""] * FINGERPRINT_DAY.most
        assert reasons[FINGERPRINT_DAY.most :] == [FlagReason.REPEATED] * 2

    def test_counters_hold_only_hashes(self, touchpoint, in_scope, counters_in):
        fingerprint = client_fingerprint(**CLIENT)
        submission_check(touchpoint=touchpoint, fingerprint=fingerprint)
        keys = [key for key, _start, _count in counters_windows()]
        assert len(keys) == 3
        assert all(re.fullmatch(r"[0-9a-f]{32,64}", key) for key in keys)  # the zone keeps 32
        assert fingerprint not in keys and str(touchpoint.pk) not in keys


def test_counters_older_than_a_day_are_deleted(touchpoint, in_scope, counters_in):
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    elsewhere = TouchpointFactory(organization=touchpoint.organization)
    submission_check(touchpoint=touchpoint, fingerprint="d" * 64, now=now - timedelta(hours=25))
    submission_check(touchpoint=elsewhere, fingerprint="f" * 64, now=now - timedelta(hours=1))
    # The later submission already forgot yesterday's day counter; the bursts go now.
    assert submission_counters_purge(now=now) == 2
    starts = [start for _key, start, _count in counters_windows()]
    assert len(starts) == 3 and min(starts) >= now - timedelta(days=1)


def test_submissions_forget_old_counters_by_themselves(touchpoint, in_scope, counters_in):
    now = timezone.now()
    submission_check(touchpoint=touchpoint, fingerprint="e" * 64, now=now - timedelta(days=3))
    submission_check(touchpoint=touchpoint, fingerprint="e" * 64, now=now)
    assert min(start for _key, start, _count in counters_windows()) >= now - timedelta(days=1)


def test_a_refused_attempt_counts_too(touchpoint, in_scope, counters_in):
    # A client that keeps sending stays refused until the window has passed.
    now = timezone.now().replace(second=0, microsecond=0)
    for _ in range(FINGERPRINT_BURST.most):
        submission_check(touchpoint=touchpoint, fingerprint="a" * 64, now=now)
    for _ in range(2):
        with pytest.raises(SubmissionThrottled):
            submission_check(touchpoint=touchpoint, fingerprint="a" * 64, now=now)
    counts = sorted(count for _key, _start, count in counters_windows())
    assert counts[-1] == FINGERPRINT_BURST.most + 2


def test_a_flagged_response_can_be_restored(touchpoint, in_scope):
    response = response_record(touchpoint=touchpoint, answers={"overall": 3})
    response_flag(response=response)
    response.refresh_from_db()
    assert response.is_flagged and response.flag_reason == FlagReason.STAFF
    response_restore(response=response)
    response.refresh_from_db()
    assert not response.is_flagged and response.flag_reason == ""
