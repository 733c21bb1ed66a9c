"""Where the rate-limit counters live: many tiny writes on every submission, worthless a day later.

`counters_add` adds one to each counter in its current time window and returns the new
counts; `counters_purge` forgets windows that started before a moment. Two stores:

- `DatabaseCounters`: the SubmissionCounter table, one upsert through Django's connection.
  With PostgreSQL every server shares it, so the limits hold across a whole deployment.
- `ZoneCounters`: a memory-mapped file beside an SQLite database (one machine), shared by
  its processes. In SQLite every count would be a write transaction of its own, costing
  more than the response it limits; here it is a few bytes changed in memory. Nothing is
  synced to disk, since a count lost in a power cut harms no one.

settings.COUNTERS_FILE chooses: a path for ZoneCounters, None for the database.
"""

import mmap
import os
import struct
import threading
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django_scopes import scopes_disabled

from civicpulse.core.write_lock import WriterLock
from civicpulse.feedback.models.responses import SubmissionCounter

# (key, window start, window length in seconds): a key is a hash (64 hex digits) that
# already names its limit and organisation.
Counted = list[tuple[str, datetime, int]]


class DatabaseCounters:
    PURGE_EVERY = 60  # seconds, per process: a DELETE of the rows that ended

    def add(self, *, organization_id: int, counted: Counted) -> list[int]:
        table = SubmissionCounter._meta.db_table
        window_field = SubmissionCounter._meta.get_field("window_start")
        params = []
        for key, window, _seconds in counted:
            params += [organization_id, key, window_field.get_db_prep_value(window, connection)]
        rows = ", ".join(["(%s, %s, %s, 1)"] * len(counted))
        with connection.cursor() as cursor:
            # One statement, atomic on SQLite 3.35+ and PostgreSQL.
            cursor.execute(
                f"INSERT INTO {table} (organization_id, key, window_start, count) VALUES {rows} "  # noqa: S608
                "ON CONFLICT (organization_id, key, window_start) "
                f"DO UPDATE SET count = {table}.count + 1 RETURNING key, count",
                params,
            )
            counts = dict(cursor.fetchall())
        return [counts[key] for key, _window, _seconds in counted]

    def purge(self, *, before: datetime) -> int:
        with scopes_disabled():  # maintenance across tenants; no tenant data is read
            deleted, _rows = SubmissionCounter.objects.filter(window_start__lt=before).delete()
        return deleted

    def windows(self) -> list[tuple[str, datetime, int]]:
        with scopes_disabled():
            return list(SubmissionCounter.objects.values_list("key", "window_start", "count"))


class ZoneCounters:
    """Counters in a memory-mapped file that every process of the machine shares, as nginx
    keeps its request limits in a shared memory zone.

    The file is a fixed table of slots: a key's first 16 bytes, its window's start and end,
    and the count. A key lives in one of the PROBES slots from the one its bytes point to
    (PROBES - 1 slots more at the end keep that run from wrapping); a new key takes the one
    whose window ends first, an ended or empty one if there is any. Writers take turns on a
    lock on the file; nothing is synced to disk.
    """

    MAGIC = b"CPZONE02"
    HEADER = struct.Struct("<8sI4x")  # magic, slots
    SLOT = struct.Struct("<16sqqI4x")  # key, window start, window end (epoch seconds), count
    PROBES = 16
    RUN = struct.Struct("<" + "16sqqI4x" * PROBES)  # a key's PROBES slots, read in one go
    # Ended slots are reused by themselves; a purge reads the whole zone (about 65 ms when
    # full) under the lock, so it is only housekeeping, once an hour per process.
    PURGE_EVERY = 3600
    SLOTS = 1 << 17  # 5 MB: a day's counters of a very busy municipality, several times over

    def __init__(self, path: Path, slots: int = SLOTS):
        self.path = path
        self.slots = slots
        self.lock = threading.Lock()  # the threads of a process share the file's lock
        self.writer = WriterLock(path)
        self.zone: mmap.mmap | None = None
        self.opened_by = 0

    def _size(self, slots: int) -> int:
        return self._offset(slots + self.PROBES - 1)

    def _open(self) -> mmap.mmap:
        """The zone, mapped once per process; made, or remade if unreadable, under the lock."""
        if self.zone is not None and self.opened_by == os.getpid():
            return self.zone
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            head = os.pread(descriptor, self.HEADER.size, 0)
            magic, slots = self.HEADER.unpack(head) if len(head) == self.HEADER.size else (b"", 0)
            if (
                magic != self.MAGIC
                or slots < 1
                or os.fstat(descriptor).st_size != self._size(slots)
            ):
                slots = self.slots
                os.ftruncate(descriptor, 0)  # every slot empty (zeros)
                os.ftruncate(descriptor, self._size(slots))
                os.pwrite(descriptor, self.HEADER.pack(self.MAGIC, slots), 0)
            self.zone = mmap.mmap(descriptor, self._size(slots))
            self.opened_by, self.slots = os.getpid(), slots
        finally:
            os.close(descriptor)  # the mapping keeps the file
        return self.zone

    def _offset(self, index: int) -> int:
        return self.HEADER.size + index * self.SLOT.size

    def _count(self, zone: mmap.mmap, key: bytes, start: int, end: int) -> int:
        first = self._offset(int.from_bytes(key[:8], "little") % self.slots)
        run = self.RUN.unpack_from(zone, first)  # (key, start, end, count) × PROBES
        keys = run[0::4]
        if key in keys:
            probe = keys.index(key)
            same_window = run[4 * probe + 1] == start
            count = run[4 * probe + 3] + 1 if same_window else 1  # a new window starts again
        else:
            ends = run[2::4]
            probe, count = ends.index(min(ends)), 1
        self.SLOT.pack_into(zone, first + probe * self.SLOT.size, key, start, end, count)
        return count

    def add(self, *, organization_id: int, counted: Counted) -> list[int]:
        windows = [
            (bytes.fromhex(key[:32]), int(start.timestamp()), seconds)
            for key, start, seconds in counted
        ]
        with self.lock, self.writer:
            zone = self._open()
            return [
                self._count(zone, key, start, start + seconds) for key, start, seconds in windows
            ]

    def _slots(self) -> list[tuple[int, bytes, int, int, int]]:
        zone = self._open()
        region = memoryview(zone)[self.HEADER.size :]
        slots = [(n, *slot) for n, slot in enumerate(self.SLOT.iter_unpack(region)) if slot[2]]
        region.release()
        return slots

    def purge(self, *, before: datetime) -> int:
        limit = int(before.timestamp())
        with self.lock, self.writer:
            gone = [n for n, _key, start, _end, _count in self._slots() if start < limit]
            empty = bytes(self.SLOT.size)
            for index in gone:
                offset = self._offset(index)
                self.zone[offset : offset + self.SLOT.size] = empty
        return len(gone)

    def windows(self) -> list[tuple[str, datetime, int]]:
        with self.lock, self.writer:
            return [
                (key.hex(), datetime.fromtimestamp(start, tz=UTC), count)
                for _n, key, start, _end, count in self._slots()
            ]

    def close(self) -> None:
        with self.lock:
            if self.zone is not None and self.opened_by == os.getpid():
                self.zone.close()
            self.zone = None
            self.writer.close()


_zone_stores: dict[str, ZoneCounters] = {}


def counter_store() -> DatabaseCounters | ZoneCounters:
    path = settings.COUNTERS_FILE
    if path is None:
        return DatabaseCounters()
    key = str(path)
    if key not in _zone_stores:
        _zone_stores[key] = ZoneCounters(Path(path))
    return _zone_stores[key]


def counters_add(*, organization_id: int, counted: Counted) -> list[int]:
    """Adds one to each counter and returns the new counts, in order."""
    return counter_store().add(organization_id=organization_id, counted=counted)


def counters_windows() -> list[tuple[str, datetime, int]]:
    """Every counter now kept, as (key, window start, count): for a look, not a hot path."""
    return counter_store().windows()


def counters_purge(*, before: datetime) -> int:
    """Forgets every window that started before `before`; returns how many went."""
    return counter_store().purge(before=before)


_last_purge = 0.0  # per process


def counters_tidy(*, now: datetime, before: datetime) -> int:
    """Purges before `before` when the store's PURGE_EVERY has passed since the last time
    (measured on `now`); returns how many windows went."""
    global _last_purge
    store = counter_store()
    if abs(now.timestamp() - _last_purge) < store.PURGE_EVERY:
        return 0
    _last_purge = now.timestamp()
    return store.purge(before=before)
