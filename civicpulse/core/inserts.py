"""INSERT statements for the busiest writes, with their SQL built once per process.

Model.save() and bulk_create() compile their statement on every call, and on the public
form that costs more than the write itself. `instances_insert` writes the same row: every
concrete field's value as the field prepares it for saving (defaults, auto_now_add,
foreign keys, UUIDs). Like bulk_create, it sends no save signals and calls no save().
"""

from functools import cache

from django.db import connections, router
from django.db.models import Model


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


def instances_insert(instances: list[Model]) -> None:
    """Inserts unsaved instances of one model in one statement and sets their primary keys."""
    if not instances:
        return
    model = type(instances[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, fields = _statement(model, len(instances), connection.vendor)
    params = [
        field.get_db_prep_save(field.pre_save(instance, add=True), connection)
        for instance in instances
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = cursor.fetchall()
    # Both databases return the rows in the order they were given, as bulk_create assumes.
    for instance, (key,) in zip(instances, keys, strict=True):
        instance.pk = key
        instance._state.adding = False
        instance._state.db = alias
