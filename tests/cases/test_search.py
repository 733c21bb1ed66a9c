"""The register's full-text search on Bulgarian and English word forms, on whichever
database the suite runs on (SQLite's FTS5 or PostgreSQL's GIN index)."""

import pytest
from django.db import connection
from django_scopes import scope, scopes_disabled

from civicpulse.cases.models import Case
from civicpulse.cases.search import cases_matching, sqlite_triggers_install
from tests.cases.register_data import register_case

# (query, the title of the case it must find). The tests' cases are built from these.
TITLES = {
    "holes": "Дупки по улиците в квартала",
    "hole_def": "Дупките на главната улица",
    "light": "Не работи осветлението в парка",
    "tree": "Паднало дърво на тротоара",
    "english": "Street light broken near the school",
}
FINDS = [
    ("дупка", {"holes", "hole_def"}),
    ("дупки", {"holes", "hole_def"}),
    ("дупките", {"holes", "hole_def"}),
    ("ДУПКА", {"holes", "hole_def"}),
    ("Дупка", {"holes", "hole_def"}),
    ("улицата", {"holes", "hole_def"}),
    ("улици", {"holes", "hole_def"}),
    ("осветление", {"light"}),
    ("ОСВЕТЛЕНИЕТО", {"light"}),
    ("осветл", {"light"}),
    ("дърво", {"tree"}),
    ("дървета", set()),  # a plural with a changed stem (дърв- / дървет-): not found
    ("паднали дървета", set()),
    ("lights", {"english"}),
    ("LIGHT", {"english"}),
    ("broke", {"english"}),
    ("schools streets", {"english"}),
    ("дупки улица", {"holes", "hole_def"}),
    ("дупки парк", set()),  # all terms must match
    ("", set(TITLES)),  # no words: no filter
    ("!!! ---", set(TITLES)),
]
HOSTILE = [
    '"',
    '"дупки',
    "дупки*",
    "*",
    "NEAR(дупки улица)",
    "дупки NEAR улица",
    "дупки AND улица",
    "дупки OR парк",
    "NOT дупки",
    "(дупки",
    "дупки)",
    "^дупки",
    "search_text:дупки",
    "{search_text}: дупки",
    "дупки' OR 1=1 --",
    "'; DROP TABLE cases_case; --",
    "\\ \\\\ '' \"\" :* & | ! <->",
    "дупки:* & !парк",
    "\x00дупки",
    "дупки " * 2000,
    "я" * 10_000,
    "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12 m13 n14",
]


@pytest.fixture
def cases(organization):
    return {
        key: register_case(organization, title=title, description="Моля, вижте.")
        for key, title in TITLES.items()
    }


def _found(organization, query, **kwargs) -> set[str]:
    with scope(organization=organization):
        titles = set(
            cases_matching(Case.objects.all(), query, **kwargs).values_list("title", flat=True)
        )
    return {key for key, title in TITLES.items() if title in titles}


@pytest.mark.parametrize(("query", "expected"), FINDS, ids=[q or "empty" for q, _ in FINDS])
def test_word_forms(organization, cases, query, expected):
    assert _found(organization, query) == expected


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_fail(organization, cases, query):
    _found(organization, query)
    _found(organization, query, rank=True)


def test_registry_number(organization, cases):
    number = cases["tree"].number
    assert _found(organization, number) == {"tree"}
    assert _found(organization, number.lower()) == {"tree"}


def test_words_redacted_away_are_not_found(organization):
    register_case(
        organization,
        title="Съседът Петров изхвърля боклук",
        redacted_title="Изхвърляне на боклук",
        description="Петров от трети етаж.",
        redacted_description="Живущ в блока изхвърля боклук.",
    )
    with scope(organization=organization):
        matching = cases_matching(Case.objects.all(), "петров")
        assert not matching.exists()
        assert cases_matching(Case.objects.all(), "боклука").count() == 1


def test_index_follows_changes(organization, cases):
    with scope(organization=organization):
        case = cases["tree"]
        case.redacted_title = "Паднал клон"
        case.save()
        assert _found(organization, "дърво") == set()
        assert _found(organization, "клон") == {"tree"}
        Case.objects.filter(pk=case.pk).update(supporters=5)  # not a text change
        assert _found(organization, "клон") == {"tree"}
        case.delete()
        assert _found(organization, "клон") == set()


def test_ranking_puts_the_better_match_first(organization):
    weak = register_case(organization, title="Дупка", description="Нещо друго.")
    strong = register_case(organization, title="Дупка", description="Дупка, дупки, дупките.")
    with scope(organization=organization):
        ranked = cases_matching(Case.objects.all(), "дупка", rank=True).order_by("search_rank")
        assert list(ranked) == [strong, weak]


def test_search_inside_a_subquery(organization, cases):
    # A queryset used as a subquery has its table aliased: the search still works.
    with scope(organization=organization):
        inner = cases_matching(Case.objects.all(), "дупка", rank=True).values("pk")
        assert Case.objects.filter(pk__in=inner).count() == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_lost_triggers_are_put_back_and_the_index_rebuilt(organization, cases):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER cases_case_fts_update")
    with scope(organization=organization):
        cases["tree"].redacted_title = "Паднал клон"
        cases["tree"].save()
    assert _found(organization, "клон") == set()  # unseen by the index
    assert sqlite_triggers_install(connection) is True
    assert _found(organization, "клон") == {"tree"}
    assert sqlite_triggers_install(connection) is False


@pytest.mark.parametrize("round_", [1, 2])
def test_index_is_emptied_with_the_tables_between_tests(transactional_db, organization, round_):
    # Transactional tests flush the tables; the index must not keep the flushed cases.
    register_case(organization, title="Счупена пейка", description="Моля, вижте.")
    with scope(organization=organization):
        assert cases_matching(Case.objects.all(), "пейка").count() == 1
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT count(*) FROM cases_case_fts WHERE cases_case_fts MATCH %s", ['"пейк"*']
                )
                assert cursor.fetchone() == (1,)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_uses_the_index(organization, cases):
    with scopes_disabled(), connection.cursor() as cursor:
        # Few rows: without these the planner rightly prefers a scan of the organisation's.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = cases_matching(Case.objects.all(), "дупка").explain()
    assert "case_search_text" in plan
