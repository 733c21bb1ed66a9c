"""The SQLite backend's run_statement: straight on the connection when nothing watches
statements, through a cursor when something does, with Django's errors either way."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's")


@pytest.fixture
def table(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS statement_test (n integer UNIQUE, t text)")
    return "statement_test"


def test_rows_come_back_and_django_s_percent_signs_are_sqlite_s(table):
    connection.run_statement("INSERT INTO statement_test (n, t) VALUES (%s, %s)", [1, "one"])
    rows = connection.run_statement(
        "SELECT n, t || '%%' FROM statement_test WHERE n = %s", [1], rows=True
    )
    assert rows == [(1, "one%")]
    assert connection.run_statement("DELETE FROM statement_test", []) is None


def test_errors_are_django_s(table):
    connection.run_statement("INSERT INTO statement_test (n) VALUES (%s)", [7])
    with pytest.raises(IntegrityError), transaction.atomic():
        connection.run_statement("INSERT INTO statement_test (n) VALUES (%s)", [7])


def test_a_broken_transaction_refuses_more_statements(table):
    with transaction.atomic():
        connection.needs_rollback = True
        with pytest.raises(TransactionManagementError):
            connection.run_statement("SELECT count(*) FROM statement_test", [], rows=True)


def test_logged_and_wrapped_statements_go_through_a_cursor(table):
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    sql = "SELECT count(*) FROM statement_test WHERE n > %s"
    with CaptureQueriesContext(connection) as queries:
        assert connection.run_statement(sql, [0], rows=True) == [(0,)]
    with connection.execute_wrapper(wrapper):
        assert connection.run_statement(sql, [0], rows=True) == [(0,)]
    assert [q["sql"] for q in queries] == ["SELECT count(*) FROM statement_test WHERE n > 0"]
    assert seen == [sql]
