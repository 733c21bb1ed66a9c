"""A queue for SQLite's writers across processes: a kernel lock on a file beside the database.

SQLite lets one writer in at a time. The others poll, sleeping 1, 2, 5, 10 ms and longer
between tries (its busy handler), while storing a response holds the lock for a fraction of
a millisecond: under load the server's workers spend more time asleep than writing. A
writer that first waits for an exclusive flock() on this file is woken by the kernel the
moment the writer before it is done.

The lock is released when its holder closes it or its process ends, so a worker killed in
the middle of a write never leaves it held.
"""

import fcntl
import os
import threading
from pathlib import Path


def writer_lock_path(database: Path) -> Path:
    return database.with_name(f"{database.name}-writer")


class WriterLock:
    """An exclusive lock on one file, opened once per process (a forked child reopens it:
    an inherited descriptor would share its parent's lock)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.descriptor: int | None = None
        self.opened_by = 0
        self.held = False
        self.guard = threading.Lock()  # one thread at a time may change `held`

    def _open(self) -> int:
        if self.descriptor is not None and self.opened_by != os.getpid():
            os.close(self.descriptor)  # the parent's, which keeps its own copy and lock
            self.descriptor, self.held = None, False
        if self.descriptor is None:
            flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC
            self.descriptor, self.opened_by = os.open(self.path, flags, 0o600), os.getpid()
        return self.descriptor

    def acquire(self) -> None:
        with self.guard:
            descriptor = self._open()
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # waits, asleep, until the holder is done
        self.held = True

    def release(self) -> None:
        if self.held and self.opened_by == os.getpid():
            self.held = False
            fcntl.flock(self.descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        if self.descriptor is not None and self.opened_by == os.getpid():
            os.close(self.descriptor)
        self.descriptor = None

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc_info):
        self.release()
