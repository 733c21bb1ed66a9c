"""The shared-memory counters: exact under concurrent processes, bounded, self-repairing."""

import hashlib
import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest

from civicpulse.feedback.counters import ZoneCounters

T0 = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
fork = multiprocessing.get_context("fork")  # a spawned child would have to set Django up


def key(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


@pytest.fixture
def zone(tmp_path):
    store = ZoneCounters(tmp_path / "counters.zone")
    yield store
    store.close()


def test_counts_each_key_in_its_window_and_starts_again_in_the_next(zone):
    a, b = key("a"), key("b")
    assert zone.add(organization_id=1, counted=[(a, T0, 60), (b, T0, 60)]) == [1, 1]
    assert zone.add(organization_id=1, counted=[(a, T0, 60)]) == [2]
    later = T0 + timedelta(seconds=60)
    assert zone.add(organization_id=1, counted=[(a, later, 60), (b, T0, 60)]) == [1, 2]
    assert sorted(count for _key, _start, count in zone.windows()) == [1, 2]


def _count_many(store: ZoneCounters, times: int) -> None:
    # The parent's store, inherited: the child maps the zone and opens its lock anew.
    for _ in range(times):
        store.add(organization_id=1, counted=[(key("shared"), T0, 60), (key("own"), T0, 60)])
    store.close()


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_processes_counting_at_once_lose_nothing(zone):
    zone.add(organization_id=1, counted=[(key("shared"), T0, 60)])  # mapped before the fork
    workers = [fork.Process(target=_count_many, args=(zone, 300)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert zone.add(organization_id=1, counted=[(key("shared"), T0, 60)]) == [902]
    assert zone.add(organization_id=1, counted=[(key("own"), T0, 60)]) == [901]


def test_a_full_neighbourhood_reuses_ended_windows_then_the_soonest_to_end(tmp_path):
    small = ZoneCounters(tmp_path / "small.zone", slots=1)  # every key in the same PROBES slots
    ends = {}
    for n in range(ZoneCounters.PROBES):
        seconds = 100 + n  # every window ends at another time; key 0's soonest
        small.add(organization_id=1, counted=[(key(f"k{n}"), T0, seconds)])
        ends[key(f"k{n}")[:32]] = seconds
    assert len(small.windows()) == ZoneCounters.PROBES
    small.add(organization_id=1, counted=[(key("new"), T0, 60)])  # none has ended: evict k0
    kept = {k for k, _start, _count in small.windows()}
    assert key("new")[:32] in kept and key("k0")[:32] not in kept and len(kept) == 16
    after = T0 + timedelta(seconds=60)  # "new" has ended by now: its slot is taken first
    small.add(organization_id=1, counted=[(key("newer"), after, 60)])
    kept = {k for k, _start, _count in small.windows()}
    assert key("new")[:32] not in kept and key("k1")[:32] in kept
    small.close()


OLD_LAYOUT = ZoneCounters.HEADER.pack(b"CPZONE01", 64) + bytes(64 * ZoneCounters.SLOT.size)


@pytest.mark.parametrize(
    "content", [b"", b"not a zone at all", b"CPZONE02" + b"\xff" * 8, OLD_LAYOUT]
)
def test_an_unreadable_file_is_made_anew(tmp_path, content):
    path = tmp_path / "counters.zone"
    path.write_bytes(content)
    store = ZoneCounters(path, slots=64)
    assert store.add(organization_id=1, counted=[(key("a"), T0, 60)]) == [1]
    slots = 64 + ZoneCounters.PROBES - 1  # a key's run of slots never wraps
    assert path.stat().st_size == ZoneCounters.HEADER.size + slots * ZoneCounters.SLOT.size
    store.close()


def test_a_zone_made_with_another_size_is_used_as_it_is(tmp_path):
    path = tmp_path / "counters.zone"
    first = ZoneCounters(path, slots=64)
    first.add(organization_id=1, counted=[(key("a"), T0, 60)])
    second = ZoneCounters(path, slots=1024)
    assert second.add(organization_id=1, counted=[(key("a"), T0, 60)]) == [2]
    assert second.slots == 64
    first.close()
    second.close()


def test_purge_forgets_windows_that_started_before_a_moment(zone):
    zone.add(organization_id=1, counted=[(key("old"), T0 - timedelta(days=2), 60)])
    zone.add(organization_id=1, counted=[(key("new"), T0, 60)])
    assert zone.purge(before=T0 - timedelta(days=1)) == 1
    assert [k for k, _start, _count in zone.windows()] == [key("new")[:32]]


def test_the_zone_is_tidied_at_most_once_an_hour(monkeypatch, settings, tmp_path):
    from civicpulse.feedback import counters

    settings.COUNTERS_FILE = tmp_path / "counters.zone"  # on PostgreSQL too
    monkeypatch.setattr(counters, "_last_purge", 0.0)
    old = T0 - timedelta(days=2)
    counters.counters_add(organization_id=1, counted=[(key("old-1"), old, 60)])
    assert counters.counters_tidy(now=T0, before=T0 - timedelta(days=1)) == 1
    counters.counters_add(organization_id=1, counted=[(key("old-2"), old, 60)])
    soon = T0 + timedelta(seconds=ZoneCounters.PURGE_EVERY - 1)
    assert counters.counters_tidy(now=soon, before=T0 - timedelta(days=1)) == 0
    later = T0 + timedelta(seconds=ZoneCounters.PURGE_EVERY)
    assert counters.counters_tidy(now=later, before=T0 - timedelta(days=1)) == 1
    counters.counter_store().close()
