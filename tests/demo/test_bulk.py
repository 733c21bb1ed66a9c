"""The bulk path on the database at hand: COPY on PostgreSQL, executemany elsewhere."""

from datetime import UTC, datetime

import numpy as np
import pytest
from django.db import IntegrityError, connection
from django_scopes import scope

from civicpulse.demo.bulk import (
    bulk_load,
    moments_as_text,
    nullable,
    responses_purge,
    rows_insert,
    sequences_reset,
    table_next_id,
)
from civicpulse.demo.responses import ANSWER_COLUMNS, RESPONSE_COLUMNS
from civicpulse.feedback.models import Answer, Response
from civicpulse.feedback.responses import current_version_for, response_record
from tests.factories import TouchpointFactory, make_questionnaire

MOMENTS = np.array([1_750_000_000, 1_750_003_600])  # 15 June 2025, 15:06 and 16:06 UTC


def write_two(touchpoint) -> list[int]:
    version = current_version_for(touchpoint)
    first = table_next_id(model=Response)
    ids = [first, first + 1]
    rows_insert(
        model=Response,
        columns=RESPONSE_COLUMNS,
        rows=zip(
            ids,
            [touchpoint.organization_id] * 2,
            [touchpoint.pk] * 2,
            [version.pk] * 2,
            ["qr", "kiosk"],
            ["bg", "en"],
            moments_as_text(MOMENTS),
            [3, 10],
            nullable(np.array([42.4258, 0.0]), np.array([False, True])),
            nullable(np.array([25.6345, 0.0]), np.array([False, True])),
            ["", ""],
            [False, False],
            strict=True,
        ),
    )
    overall = version.questions.get(key="overall")
    rows_insert(
        model=Answer,
        columns=ANSWER_COLUMNS,
        rows=[
            (table_next_id(model=Answer), ids[0], overall.pk, 3, None, ""),
            (table_next_id(model=Answer) + 1, ids[1], overall.pk, 10, None, ""),
        ],
    )
    sequences_reset(models=[Response, Answer])
    return ids


def test_bulk_rows_read_back_as_the_orm_wrote_them(touchpoint, in_scope):
    ids = write_two(touchpoint)
    first, second = Response.objects.filter(pk__in=ids).order_by("pk")
    assert first.submitted_at == datetime(2025, 6, 15, 15, 6, 40, tzinfo=UTC)
    assert (first.channel, first.language, first.score) == ("qr", "bg", 3)
    assert float(first.latitude) == 42.4258
    assert second.latitude is None
    assert [a.number for a in second.answers.all()] == [10]


def test_bulk_timestamps_compare_like_the_orms(touchpoint, in_scope):
    # SQLite compares datetimes as text: a 'T' instead of a space would break these filters.
    write_two(touchpoint)
    moment = datetime(2025, 6, 15, 15, 6, 40, tzinfo=UTC)
    assert Response.objects.filter(submitted_at=moment).count() == 1
    assert Response.objects.filter(submitted_at__gt=moment).count() == 1
    assert Response.objects.filter(submitted_at__date="2025-06-15").count() == 2


def test_new_rows_get_ids_after_the_bulk_ones(touchpoint, in_scope):
    ids = write_two(touchpoint)
    later = response_record(touchpoint=touchpoint, answers={"overall": 8})
    assert later.pk > max(ids)
    assert later.answers.get().pk > Answer.objects.filter(response_id__in=ids).latest("pk").pk


def test_purging_removes_only_that_organisations_responses(
    touchpoint, organization, other_organization
):
    theirs = TouchpointFactory(organization=other_organization)
    make_questionnaire(organization=other_organization, category=theirs.category)
    with scope(organization=other_organization):
        kept = response_record(touchpoint=theirs, answers={"overall": 5})
    with scope(organization=organization):
        write_two(touchpoint)
        responses_purge(organization=organization)
        assert not Response.objects.filter(organization=organization).exists()
        assert not Answer.objects.filter(response__organization=organization).exists()
    with scope(organization=other_organization):
        assert Response.objects.filter(pk=kept.pk).exists()
        assert Answer.objects.filter(response=kept).exists()


def foreign_keys() -> dict[str, set[tuple]]:
    with connection.cursor() as cursor:
        return {
            model._meta.db_table: {
                tuple(c["foreign_key"])
                for c in connection.introspection.get_constraints(
                    cursor, model._meta.db_table
                ).values()
                if c["foreign_key"]
            }
            for model in (Response, Answer)
        }


def test_a_bulk_load_leaves_the_foreign_keys_as_they_were(touchpoint, in_scope):
    before = foreign_keys()
    with bulk_load(models=[Response, Answer]):
        write_two(touchpoint)
    assert foreign_keys() == before
    assert len(before[Answer._meta.db_table]) == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL defers the checks to the load's end"
)
def test_a_broken_reference_undoes_the_whole_load(touchpoint, in_scope):
    before = foreign_keys()
    written = []

    def load_with_an_orphan():
        with bulk_load(models=[Response, Answer]):
            written.extend(write_two(touchpoint))
            question = Answer.objects.filter(response_id=written[0]).get().question_id
            orphan = (table_next_id(model=Answer), 10**9, question, 1, None, "")
            rows_insert(model=Answer, columns=ANSWER_COLUMNS, rows=[orphan])

    with pytest.raises(IntegrityError):
        load_with_an_orphan()
    assert not Response.objects.filter(pk__in=written).exists()
    assert foreign_keys() == before
