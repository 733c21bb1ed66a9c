"""Writers queue on a kernel lock: across processes, across forks, and in Django's SQLite
transactions. Orders of events are checked, never durations."""

import fcntl
import multiprocessing
import os
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from civicpulse.config import SQLITE_ENGINE
from civicpulse.core.write_lock import WriterLock, writer_lock_path

spawn = multiprocessing.get_context("spawn")
fork = multiprocessing.get_context("fork")


def note(log: Path, line: str) -> None:
    with log.open("a") as file:
        file.write(line + "\n")


def lines(log: Path) -> list[str]:
    return log.read_text().split()


def is_free(path: Path) -> bool:
    """Whether another open of the file could take the lock now."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def _take_and_note(path, log, ready):
    ready.set()
    with WriterLock(path):
        note(log, "second")


def test_a_second_process_waits_for_the_first(tmp_path):
    path, log = tmp_path / "db-writer", tmp_path / "log"
    ready = spawn.Event()
    with WriterLock(path):
        note(log, "first-start")
        other = spawn.Process(target=_take_and_note, args=(path, log, ready))
        other.start()
        ready.wait(10)
        note(log, "first-end")
    other.join(10)
    assert lines(log) == ["first-start", "first-end", "second"]


def _acquire_inherited(lock, log):
    lock.acquire()  # the parent's descriptor would let it straight in
    note(log, "child")
    lock.release()


# Only a fork inherits the descriptor; the child takes no lock but this one.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_does_not_share_its_parents_lock(tmp_path):
    lock, log = WriterLock(tmp_path / "db-writer"), tmp_path / "log"
    lock.acquire()
    child = fork.Process(target=_acquire_inherited, args=(lock, log))
    child.start()
    note(log, "parent")
    lock.release()
    child.join(10)
    assert lines(log) == ["parent", "child"]
    assert lock.held is False and is_free(lock.path)


def test_release_and_close_are_safe_to_repeat(tmp_path):
    lock = WriterLock(tmp_path / "db-writer")
    lock.release()  # never taken
    with lock:
        assert not is_free(lock.path)
    lock.release()
    lock.close()
    lock.close()
    assert is_free(lock.path)


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A connection of the project's backend to a database file (the tests' own is in memory)."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": SQLITE_ENGINE, "NAME": str(tmp_path / "db.sqlite3")}}
    )
    connection = handler["default"]
    with django_db_blocker.unblock():
        yield connection, writer_lock_path(tmp_path / "db.sqlite3")
        connection.close()


def _begin(connection):
    # What transaction.atomic does on entering its outermost block.
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_transaction_holds_the_writer_lock_until_it_ends(sqlite_file, end):
    connection, lock_path = sqlite_file
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n integer)")  # outside a transaction: no lock
    assert is_free(lock_path)
    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    assert not is_free(lock_path)
    getattr(connection, end)()
    assert is_free(lock_path)


def test_a_begin_that_fails_lets_go_of_the_lock(sqlite_file, monkeypatch):
    connection, lock_path = sqlite_file
    connection.ensure_connection()

    def refuse(self):
        raise RuntimeError("BEGIN refused")

    monkeypatch.setattr(
        "django.db.backends.sqlite3.base.DatabaseWrapper._start_transaction_under_autocommit",
        refuse,
    )
    with pytest.raises(RuntimeError):
        _begin(connection)
    assert is_free(lock_path)
