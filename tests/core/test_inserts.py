import uuid
from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils import timezone

from civicpulse.core.inserts import PreparedInsert, rows_insert
from civicpulse.feedback.models import Answer, Response
from civicpulse.feedback.responses import current_version_for


def _response(touchpoint, version, **fields):
    return Response(
        organization_id=touchpoint.organization_id,
        touchpoint=touchpoint,
        version=version,
        channel="qr",
        score=7,
        latitude=Decimal("42.4258"),
        longitude=Decimal("25.6345"),
        client_token=uuid.uuid4(),
        submitted_at=timezone.now(),
        **fields,
    )


def test_the_rows_are_the_ones_save_would_write(touchpoint, in_scope):
    version = current_version_for(touchpoint)
    saved, inserted = _response(touchpoint, version), _response(touchpoint, version)
    saved.save()
    PreparedInsert([inserted]).run()
    assert inserted.pk and not inserted._state.adding
    stored = {r.pk: r for r in Response.objects.filter(pk__in=[saved.pk, inserted.pk])}
    ignore = ("id", "client_token", "submitted_at")
    as_saved = {k: v for k, v in model_to_dict(stored[saved.pk]).items() if k not in ignore}
    as_inserted = {k: v for k, v in model_to_dict(stored[inserted.pk]).items() if k not in ignore}
    assert as_inserted == as_saved
    assert stored[inserted.pk].client_token == inserted.client_token


def test_many_rows_get_their_keys_in_order(touchpoint, in_scope):
    version = current_version_for(touchpoint)
    response = _response(touchpoint, version)
    PreparedInsert([response]).run()
    questions = list(version.questions.all())
    answers = [
        Answer(response=response, question=q, text=f"answer {n}") for n, q in enumerate(questions)
    ]
    PreparedInsert(answers).run()
    for answer in answers:
        assert Answer.objects.get(pk=answer.pk).text == answer.text
    PreparedInsert([]).run()  # nothing to write is no statement and no error


def test_plain_rows_are_stored_as_given(touchpoint, in_scope):
    version = current_version_for(touchpoint)
    response = _response(touchpoint, version)
    PreparedInsert([response]).run()
    first, second = list(version.questions.all())[:2]
    columns = ("response", "question", "number", "option", "text")
    rows_insert(
        Answer,
        columns,
        [(response.pk, first.pk, 7, None, ""), (response.pk, second.pk, None, None, "ok")],
    )
    stored = Answer.objects.filter(response=response).order_by("pk")
    assert [(a.question_id, a.number, a.text) for a in stored] == [
        (first.pk, 7, ""),
        (second.pk, None, "ok"),
    ]
    rows_insert(Answer, columns, [])  # nothing to write is no statement and no error
