"""Writing millions of rows fast, past the ORM: COPY on PostgreSQL, executemany elsewhere.

Rows carry explicit ids, so responses and their answers can be linked before either is
written; afterwards the id sequences are moved past the new rows.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from civicpulse.core.models import Organization
from civicpulse.feedback.models import Answer, Response


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def table_next_id(*, model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {_quoted(model._meta.db_table)}")  # noqa: S608
        (highest,) = cursor.fetchone()
    return (highest or 0) + 1


def rows_insert(*, model, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    table = _quoted(model._meta.db_table)
    names = ", ".join(_quoted(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608


@contextmanager
def bulk_load(*, models: Sequence) -> Iterator[None]:
    """Makes a large load one transaction on PostgreSQL, with the foreign keys of the loaded
    tables checked once at the end rather than row by row.

    PostgreSQL checks each new row's foreign keys with a trigger, about three times the cost
    of COPY itself. Dropping the constraints and adding them back before COMMIT checks them
    all in one join instead; DDL is transactional there, so a failure rolls back the
    constraints together with the rows. The tables are locked meanwhile. Without the right to
    alter the tables (not their owner) the load still works, checked row by row. Elsewhere
    this does nothing: the caller's batches are the transactions.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Earlier statements of this transaction may have left deferred checks pending,
            # and a table with pending checks cannot be altered: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        dropped = _foreign_keys_drop(models)
        yield
        with connection.cursor() as cursor:
            for table, name, definition in dropped:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def _foreign_keys_drop(models: Sequence) -> list[tuple[str, str, str]]:
    dropped = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for model in models:
                table = _quoted(model._meta.db_table)
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    [model._meta.db_table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_quoted(name)}")
                    dropped.append((table, _quoted(name), definition))
    except DatabaseError:
        return []  # not allowed to alter the tables: every row is checked as it comes
    return dropped


def sequences_reset(*, models: Sequence) -> None:
    """Moves PostgreSQL's id sequences past rows written with explicit ids.

    SQLite needs nothing: AUTOINCREMENT follows the largest id ever inserted.
    """
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def moments_as_text(moments: np.ndarray) -> list[str]:
    """Epoch seconds in UTC as the database's datetime text, the form Django itself stores."""
    iso = np.datetime_as_string(moments.astype("datetime64[s]"), unit="s").tolist()
    if connection.vendor == "postgresql":
        return [f"{value}+00:00" for value in iso]
    # SQLite compares datetimes as text, so it must match Django's "YYYY-MM-DD HH:MM:SS".
    return [value.replace("T", " ") for value in iso]


def nullable(values: np.ndarray, missing: np.ndarray) -> list:
    """Column values as Python objects, None where `missing` is set (written as NULL)."""
    out = values.astype(object)
    out[missing] = None
    return out.tolist()


def responses_purge(*, organization: Organization) -> None:
    """Deletes an organisation's responses and answers in two statements.

    The ORM's cascade would load every response into memory first, which fails at demo size.
    """
    answers, responses = _quoted(Answer._meta.db_table), _quoted(Response._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {answers} WHERE response_id IN "  # noqa: S608
            f"(SELECT id FROM {responses} WHERE organization_id = %s)",
            [organization.pk],
        )
        cursor.execute(f"DELETE FROM {responses} WHERE organization_id = %s", [organization.pk])  # noqa: S608
