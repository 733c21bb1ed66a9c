"""Full-text search over the register, in Bulgarian and English, on SQLite and PostgreSQL.

`Case.search_text` holds a case's published words followed by their stems
(civicpulse.core.text_search); a query's terms are stems matched as prefixes, all of them
required. The database only matches prefixes:

- SQLite: an FTS5 table over `cases_case.search_text` (external content, so the text is
  stored once), kept by triggers. Django rebuilds a table to alter it on SQLite, which
  drops its triggers; `sqlite_search_install` runs after every migrate and puts them back,
  re-indexing everything when it had to.
- PostgreSQL: a GIN index on `to_tsvector('simple', search_text)`; the query is a
  `to_tsquery('simple', …)` of prefix terms, passed as a parameter.

User input never reaches the SQL text: the terms are letters and digits only, and are
quoted again for each engine's query language before being bound as a parameter.
"""

from django.db import connections
from django.db.models import BooleanField, F, FloatField, Func, QuerySet

from civicpulse.core.text_search import search_terms

FTS_TABLE = "cases_case_fts"
PG_INDEX = "case_search_text"

_SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS cases_case_fts USING fts5("
    "search_text, content='cases_case', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')"
)
# An external-content table is told what left: 'delete' with the text as it was indexed.
_SQLITE_TRIGGERS = {
    "cases_case_fts_insert": (
        "CREATE TRIGGER IF NOT EXISTS cases_case_fts_insert AFTER INSERT ON cases_case BEGIN "
        "INSERT INTO cases_case_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
    "cases_case_fts_delete": (
        "CREATE TRIGGER IF NOT EXISTS cases_case_fts_delete AFTER DELETE ON cases_case BEGIN "
        "INSERT INTO cases_case_fts(cases_case_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    ),
    "cases_case_fts_update": (
        "CREATE TRIGGER IF NOT EXISTS cases_case_fts_update "
        "AFTER UPDATE OF search_text ON cases_case BEGIN "
        "INSERT INTO cases_case_fts(cases_case_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO cases_case_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
}
_SQLITE_REBUILD = "INSERT INTO cases_case_fts(cases_case_fts) VALUES ('rebuild')"
_SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS cases_case_fts",
]

_PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS case_search_text ON cases_case "
    "USING gin (to_tsvector('simple'::regconfig, search_text))"
)
_PG_DROP = "DROP INDEX IF EXISTS case_search_text"


def search_index_install(schema_editor) -> None:
    """Creates the search index for the migrating database's engine (migration 0003)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(_SQLITE_TABLE)
        sqlite_triggers_install(schema_editor.connection)
    elif vendor == "postgresql":
        schema_editor.execute(_PG_INDEX)


def search_index_remove(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in _SQLITE_DROP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(_PG_DROP)


def sqlite_triggers_install(connection) -> bool:
    """Puts back whichever of the FTS5 table's triggers are missing (Django rebuilds a
    table to alter it on SQLite, and the old table's triggers go with it), then re-indexes
    every case, since changes made meanwhile went unseen. Nothing to do before migration
    0003 made the table, or when all are there. Returns whether it had to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [FTS_TABLE, *_SQLITE_TRIGGERS],
        )
        present = {name for (name,) in cursor.fetchall()}
        if FTS_TABLE not in present or present.issuperset(_SQLITE_TRIGGERS):
            return False
        for statement in _SQLITE_TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute(_SQLITE_REBUILD)
    return True


def search_triggers_restore(*, using: str, **kwargs) -> None:
    """post_migrate: see sqlite_triggers_install."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        sqlite_triggers_install(connection)


def _fts5_query(terms: list[str]) -> str:
    # Each term a quoted string (a quote inside doubled), matched as a prefix; spaces AND them.
    return " ".join('"{}"*'.format(term.replace('"', '""')) for term in terms)


def _tsquery(terms: list[str]) -> str:
    # Each term a quoted lexeme (a quote or backslash inside escaped), matched as a prefix.
    quoted = (term.replace("\\", "\\\\").replace("'", "''") for term in terms)
    return " & ".join(f"'{term}':*" for term in quoted)


class _WithQuery(Func):
    """A function of one column and a search query, bound as the last parameter (the
    template's `%%s`)."""

    arity = 1

    def __init__(self, expression, query: str):
        super().__init__(expression)
        self.query = query

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return sql, (*params, self.query)


class _FtsMatch(_WithQuery):
    """SQLite: the case's row is among the FTS5 table's matches."""

    template = (
        "%(expressions)s IN (SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %%s)"
    )
    output_field = BooleanField()


class _Bm25(_WithQuery):
    """SQLite: how well the case's row matches, lower is better (FTS5's bm25)."""

    template = (
        "(SELECT bm25(cases_case_fts) FROM cases_case_fts "
        "WHERE rowid = %(expressions)s AND cases_case_fts MATCH %%s)"
    )
    output_field = FloatField()


class _TsMatch(_WithQuery):
    """PostgreSQL: the expression of the GIN index, so the index is used."""

    template = (
        "to_tsvector('simple'::regconfig, %(expressions)s) @@ to_tsquery('simple'::regconfig, %%s)"
    )
    output_field = BooleanField()


class _TsRank(_WithQuery):
    template = (
        "ts_rank(to_tsvector('simple'::regconfig, %(expressions)s), "
        "to_tsquery('simple'::regconfig, %%s))"
    )
    output_field = FloatField()


def cases_matching(queryset: QuerySet, query: str, *, rank: bool = False) -> QuerySet:
    """The cases of `queryset` whose published words match every term of `query`, each as a
    prefix of a word or of a word's stem. A query without any word filters nothing.

    With `rank`, each case gets `search_rank`, lower for a better match, to order by."""
    terms = search_terms(query)
    if not terms:
        return queryset
    if connections[queryset.db].vendor == "sqlite":
        match = _fts5_query(terms)
        queryset = queryset.filter(_FtsMatch(F("id"), match))
        if rank:
            queryset = queryset.annotate(search_rank=_Bm25(F("id"), match))
        return queryset
    tsquery = _tsquery(terms)  # PostgreSQL
    queryset = queryset.filter(_TsMatch(F("search_text"), tsquery))
    if rank:
        # ts_rank is higher for a better match; negated, lower is better as with bm25.
        queryset = queryset.annotate(search_rank=-_TsRank(F("search_text"), tsquery))
    return queryset
