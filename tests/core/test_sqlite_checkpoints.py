"""The WAL is copied into the database file after responses go out, at most once a second
per connection and never inside a transaction; SQLite's own checkpoint is only a bound."""

import pytest
from django.core.signals import request_finished
from django.db.utils import ConnectionHandler

from civicpulse.config import database_from_url
from civicpulse.core.sqlite_backend import base as backend
from tests.clocks import hand_clock


@pytest.fixture
def clock(monkeypatch):
    return hand_clock(monkeypatch, backend)


@pytest.fixture
def wal_database(tmp_path, django_db_blocker, clock, monkeypatch):
    """A connection of the project's backend, configured as in production, to a file."""
    path = tmp_path / "db.sqlite3"
    handler = ConnectionHandler({"default": database_from_url(f"sqlite:///{path}")})
    monkeypatch.setattr(backend, "connections", handler)  # the one request_finished goes through
    connection = handler["default"]
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (text text)")
        yield connection, path
        connection.close()


def _write(connection, rows=300):
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO t VALUES (%s)", [("x" * 1000,)] * rows)
    connection.commit()
    connection.set_autocommit(True)


def test_sqlite_checkpoints_by_itself_only_past_the_backstop(wal_database):
    connection, _path = wal_database
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == backend.BACKSTOP_PAGES


def test_a_sent_response_checkpoints_once_a_second(wal_database, clock):
    connection, path = wal_database
    _write(connection)
    before = path.stat().st_size  # the rows are in the WAL only
    request_finished.send(sender=None)
    assert path.stat().st_size == before  # less than a second since the connection opened
    clock.now += backend.CHECKPOINT_SECONDS
    request_finished.send(sender=None)
    copied = path.stat().st_size
    assert copied > before + 300 * 1000
    _write(connection)
    request_finished.send(sender=None)
    assert path.stat().st_size == copied  # again within the second: not yet


def test_never_inside_a_transaction(wal_database, clock):
    connection, _path = wal_database
    clock.now += backend.CHECKPOINT_SECONDS
    connection.ensure_connection()
    connection.in_atomic_block = True
    try:
        assert connection.checkpoint_when_due() is False
    finally:
        connection.in_atomic_block = False
    assert connection.checkpoint_when_due() is True


def test_an_in_memory_database_is_left_alone(django_db_blocker, clock):
    handler = ConnectionHandler({"default": database_from_url("sqlite://:memory:")})
    connection = handler["default"]
    with django_db_blocker.unblock():
        connection.ensure_connection()
        clock.now += backend.CHECKPOINT_SECONDS
        assert connection.checkpoint_when_due() is False
        connection.close()
