"""Django's SQLite backend, with write transactions queued on a WriterLock.

Every transaction Django opens (`transaction.atomic`) begins with BEGIN IMMEDIATE, which
takes SQLite's write lock; this backend first waits its turn on the kernel lock beside the
database file (civicpulse.core.write_lock) and lets go after the commit or rollback. A single
statement outside a transaction still takes SQLite's lock on its own, as before.
"""

from pathlib import Path

from django.db.backends.sqlite3 import base

from civicpulse.core.write_lock import WriterLock, writer_lock_path


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writer_lock: WriterLock | None = None

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
            super()._start_transaction_under_autocommit()
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
