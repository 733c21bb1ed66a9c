"""Writers queue on a kernel lock: across processes, across forks, and in Django's SQLite
transactions. Orders of events are checked, never durations."""

import fcntl
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test.utils import CaptureQueriesContext

from civicpulse.config import SQLITE_ENGINE, database_from_url
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


def test_a_logged_begin_that_fails_lets_go_of_the_lock(sqlite_file, monkeypatch):
    connection, lock_path = sqlite_file
    connection.ensure_connection()

    def refuse(self):
        raise RuntimeError("BEGIN refused")

    monkeypatch.setattr(
        "django.db.backends.sqlite3.base.DatabaseWrapper._start_transaction_under_autocommit",
        refuse,
    )
    with CaptureQueriesContext(connection), pytest.raises(RuntimeError):
        _begin(connection)
    assert is_free(lock_path)


@pytest.fixture
def production_sqlite(tmp_path, django_db_blocker):
    """A connection configured as in production (BEGIN IMMEDIATE), with a short busy wait."""
    path = tmp_path / "db.sqlite3"
    config = database_from_url(f"sqlite:///{path}")
    config["OPTIONS"]["timeout"] = 0.05
    connection = ConnectionHandler({"default": config})["default"]
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (n integer)")
        yield connection, path
        connection.close()


def _other_writer_refused(path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    except sqlite3.OperationalError:
        return True
    finally:
        other.close()
    return False


def test_a_transaction_takes_sqlite_s_write_lock_at_begin(production_sqlite):
    connection, path = production_sqlite
    _begin(connection)
    assert _other_writer_refused(path)  # before any statement of its own
    connection.commit()
    assert not _other_writer_refused(path)


def test_the_begin_is_logged_when_queries_are(production_sqlite):
    connection, _path = production_sqlite
    with CaptureQueriesContext(connection) as queries:
        _begin(connection)
        connection.commit()
    assert [q["sql"] for q in queries] == ["BEGIN IMMEDIATE", "COMMIT"]


def test_a_begin_sqlite_refuses_is_django_s_error_and_lets_go_of_the_lock(production_sqlite):
    connection, path = production_sqlite
    connection.ensure_connection()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a writer that does not queue on the lock file
    try:
        with pytest.raises(OperationalError, match="locked"):
            _begin(connection)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert is_free(writer_lock_path(path))


def test_the_begin_goes_through_execute_wrappers_when_there_are_any(production_sqlite):
    connection, _path = production_sqlite
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        _begin(connection)
        connection.commit()
    assert seen == ["BEGIN IMMEDIATE"]
