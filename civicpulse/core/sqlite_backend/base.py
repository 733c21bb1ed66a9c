"""Django's SQLite backend, with write transactions queued on a WriterLock and the WAL
checkpointed after responses are sent.

Every transaction Django opens (`transaction.atomic`) begins with BEGIN IMMEDIATE, which
takes SQLite's write lock; this backend first waits its turn on the kernel lock beside the
database file (civicpulse.core.write_lock) and lets go after the commit or rollback. A single
statement outside a transaction still takes SQLite's lock on its own, as before.

SQLite copies the WAL into the database file (a checkpoint, which syncs both to disk) inside
the commit that grows the WAL past 1000 pages: with the writer lock still held, so every
other writer would wait for the disk too. Here each connection checkpoints once a request's
response has gone out, at most once every CHECKPOINT_SECONDS, holding no lock; SQLite's own
checkpoint is kept only as a bound (BACKSTOP_PAGES) for processes that serve no requests.
"""

from functools import lru_cache
from pathlib import Path
from time import monotonic

from django.core.signals import request_finished
from django.db import connections
from django.db.backends.sqlite3 import base

from civicpulse.core.write_lock import WriterLock, writer_lock_path

CHECKPOINT_SECONDS = 1.0
BACKSTOP_PAGES = 10_000  # 40 MB of WAL with SQLite's 4 KB pages


@lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    # What SQLiteCursorWrapper.convert_query does to Django's %s, once per statement text.
    return base.FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writer_lock: WriterLock | None = None
        self._checkpointed_at = monotonic()

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES}")
        return connection

    def run_statement(self, sql: str, params: list, *, rows: bool = False) -> list | None:
        """Runs one statement with a list of parameters; returns its rows if asked to.

        Straight on the connection when nothing watches statements (no execute wrapper, no
        query log): on the public form a Django cursor cost more than a small INSERT.
        Errors are Django's, as through a cursor."""
        if self.connection is None or self.queries_logged or self.execute_wrappers:
            with self.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if rows else None
        self.validate_thread_sharing()
        self.validate_no_broken_transaction()
        with self.wrap_database_errors:
            result = self.connection.execute(_qmark(sql), params)
            return result.fetchall() if rows else None

    def checkpoint_when_due(self) -> bool:
        """Copies the WAL into the database file if CHECKPOINT_SECONDS have passed since this
        connection last did; outside any transaction only. Returns whether it did."""
        now = monotonic()
        due = now - self._checkpointed_at >= CHECKPOINT_SECONDS
        if not due or self.connection is None or self.in_atomic_block or self.is_in_memory_db():
            return False
        self._checkpointed_at = now
        # PASSIVE: copies what no reader still needs and waits for no one; a writer may go on.
        self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        return True

    def _writer(self) -> WriterLock | None:
        # One per connection: two threads' connections queue like two processes'.
        if self._writer_lock is None and not self.is_in_memory_db():
            self._writer_lock = WriterLock(writer_lock_path(Path(self.settings_dict["NAME"])))
        return self._writer_lock

    def _start_transaction_under_autocommit(self):
        writer = self._writer()
        if writer is not None:
            writer.acquire()
        try:
            if self.queries_logged or self.execute_wrappers:
                super()._start_transaction_under_autocommit()  # through a cursor: seen
            else:
                # A Django cursor costs several times the BEGIN, on every write transaction.
                with self.wrap_database_errors:
                    self.connection.execute(f"BEGIN {self.transaction_mode or ''}")
        except BaseException:
            self._writer_release()
            raise

    def _writer_release(self) -> None:
        if self._writer_lock is not None:
            self._writer_lock.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._writer_release()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._writer_release()

    def _close(self):
        try:
            return super()._close()
        finally:
            if self._writer_lock is not None:
                self._writer_lock.close()
                self._writer_lock = None


def _checkpoint_after_response(**kwargs) -> None:
    # request_finished: the WSGI server has sent the response, so no citizen waits for this.
    for connection in connections.all(initialized_only=True):
        if isinstance(connection, DatabaseWrapper):
            connection.checkpoint_when_due()


request_finished.connect(_checkpoint_after_response, dispatch_uid="civicpulse-sqlite-checkpoint")
