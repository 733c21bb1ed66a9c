"""INSERT statements for the busiest writes, with their SQL built once per process.

Model.save() and bulk_create() compile their statement on every call, and on the public
form that costs more than the write itself. Like bulk_create, these send no save signals
and call no save().

- `PreparedInsert` writes model instances as save() would: every concrete field's value as
  the field prepares it for saving (defaults, auto_now_add, foreign keys, UUIDs). The
  values are prepared when the insert is made, so a transaction that runs it holds SQLite's
  write lock only for the statements themselves.
- `rows_insert` writes plain rows whose values are ready as they are (numbers, text, keys),
  for rows too simple and too many to be worth a model instance each.
"""

from functools import cache

from django.db import connections, router
from django.db.models import Model


@cache
def _rows_statement(model: type[Model], columns: tuple[str, ...], rows: int, vendor: str) -> str:
    meta = model._meta
    quote = connections[router.db_for_write(model)].ops.quote_name
    names = ", ".join(quote(meta.get_field(name).column) for name in columns)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES {', '.join([row] * rows)}"  # noqa: S608


def rows_insert(model: type[Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Inserts rows of values in `columns` order (fields' names), in one statement."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    sql = _rows_statement(model, columns, len(rows), connection.vendor)
    _run(connection, sql, [value for row in rows for value in row])


def _run(connection, sql: str, params: list, *, rows: bool = False) -> list | None:
    # The project's SQLite backend runs a statement without a cursor when nothing watches.
    run_statement = getattr(connection, "run_statement", None)
    if run_statement is not None:
        return run_statement(sql, params, rows=rows)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if rows else None


@cache
def _statement(model: type[Model], rows: int, vendor: str) -> tuple[str, tuple]:
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    quote = connections[router.db_for_write(model)].ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)} "  # noqa: S608
        f"RETURNING {quote(meta.pk.column)}"
    )
    return sql, fields


class PreparedInsert:
    """One INSERT of unsaved instances of one model, its parameters ready to send."""

    def __init__(self, instances: list[Model]):
        self.instances = instances
        if not instances:
            return
        model = type(instances[0])
        self.alias = router.db_for_write(model)
        self.connection = connections[self.alias]
        self.sql, self.fields = _statement(model, len(instances), self.connection.vendor)
        self.params = [
            self._value(field, instance) for instance in instances for field in self.fields
        ]

    def _value(self, field, instance):
        return field.get_db_prep_save(field.pre_save(instance, add=True), self.connection)

    def run(self) -> None:
        """Sends the statement and gives the instances their primary keys."""
        if not self.instances:
            return
        keys = _run(self.connection, self.sql, self.params, rows=True)
        # Both databases return the rows in the order they were given, as bulk_create assumes.
        for instance, (key,) in zip(self.instances, keys, strict=True):
            instance.pk = key
            instance._state.adding = False
            instance._state.db = self.alias
