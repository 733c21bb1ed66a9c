"""Where the rate-limit counters live: many tiny writes on every submission, worthless a day later.

`counters_add` adds one to each counter in its current time window and returns the new
counts; `counters_purge` forgets windows that started before a moment. Two stores:

- `DatabaseCounters`: the SubmissionCounter table, one upsert through Django's connection.
  With PostgreSQL every server shares it, so the limits hold across a whole deployment.
- `FileCounters`: a SQLite file of their own beside an SQLite database (one machine). SQLite
  has one writer per file: in the main file every count would wait for responses being
  stored, and add pages to each commit. Here each process keeps the file open, writers
  queue on a WriterLock, and nothing is synced to disk, since a count lost in a power cut
  harms no one.

settings.COUNTERS_FILE chooses: a path for FileCounters, None for the database.
"""

import os
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django_scopes import scopes_disabled

from civicpulse.core.write_lock import WriterLock, writer_lock_path
from civicpulse.feedback.models.responses import SubmissionCounter

# (key, window start): a key is a hash that already names its limit and organisation.
Counted = list[tuple[str, datetime]]


class DatabaseCounters:
    def add(self, *, organization_id: int, counted: Counted) -> list[int]:
        table = SubmissionCounter._meta.db_table
        window_field = SubmissionCounter._meta.get_field("window_start")
        params = []
        for key, window in counted:
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
        return [counts[key] for key, _window in counted]

    def purge(self, *, before: datetime) -> int:
        with scopes_disabled():  # maintenance across tenants; no tenant data is read
            deleted, _rows = SubmissionCounter.objects.filter(window_start__lt=before).delete()
        return deleted

    def windows(self) -> list[tuple[str, datetime, int]]:
        with scopes_disabled():
            return list(SubmissionCounter.objects.values_list("key", "window_start", "count"))


class FileCounters:
    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS counter (key TEXT NOT NULL, window_start INTEGER NOT NULL, "
        "count INTEGER NOT NULL, PRIMARY KEY (key, window_start)) WITHOUT ROWID"
    )

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()  # one connection per process, shared by its threads
        self.writer = WriterLock(writer_lock_path(path))  # and one writer of all processes
        self.connection: sqlite3.Connection | None = None
        self.opened_by = 0

    def _open(self) -> sqlite3.Connection:
        # A forked worker never uses its parent's connection (SQLite forbids it).
        if self.connection is None or self.opened_by != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            opened = sqlite3.connect(
                self.path, timeout=20, isolation_level=None, check_same_thread=False
            )
            opened.execute("PRAGMA journal_mode=WAL")
            opened.execute("PRAGMA synchronous=OFF")
            opened.execute(self.SCHEMA)
            self.connection, self.opened_by = opened, os.getpid()
        return self.connection

    def add(self, *, organization_id: int, counted: Counted) -> list[int]:
        params = []
        for key, window in counted:
            params += [key, int(window.timestamp())]
        rows = ", ".join(["(?, ?, 1)"] * len(counted))
        with self.lock, self.writer:
            found = self._open().execute(
                f"INSERT INTO counter (key, window_start, count) VALUES {rows} "  # noqa: S608
                "ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 "
                "RETURNING key, count",
                params,
            )
            counts = dict(found.fetchall())
        return [counts[key] for key, _window in counted]

    def purge(self, *, before: datetime) -> int:
        with self.lock, self.writer:
            deleted = self._open().execute(
                "DELETE FROM counter WHERE window_start < ?", [int(before.timestamp())]
            )
            return deleted.rowcount

    def windows(self) -> list[tuple[str, datetime, int]]:
        with self.lock:
            rows = self._open().execute("SELECT key, window_start, count FROM counter").fetchall()
        return [(key, datetime.fromtimestamp(start, tz=UTC), count) for key, start, count in rows]

    def close(self) -> None:
        with self.lock:
            if self.connection is not None:
                self.connection.close()
                self.connection = None
            self.writer.close()


_file_stores: dict[str, FileCounters] = {}


def counter_store() -> DatabaseCounters | FileCounters:
    path = settings.COUNTERS_FILE
    if path is None:
        return DatabaseCounters()
    key = str(path)
    if key not in _file_stores:
        _file_stores[key] = FileCounters(Path(path))
    return _file_stores[key]


def counters_add(*, organization_id: int, counted: Counted) -> list[int]:
    """Adds one to each counter and returns the new counts, in order."""
    return counter_store().add(organization_id=organization_id, counted=counted)


def counters_windows() -> list[tuple[str, datetime, int]]:
    """Every counter now kept, as (key, window start, count): for a look, not a hot path."""
    return counter_store().windows()


def counters_purge(*, before: datetime) -> int:
    """Forgets every window that started before `before`; returns how many went."""
    return counter_store().purge(before=before)
