import uuid
from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils import timezone

from civicpulse.core.inserts import instances_insert
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
    instances_insert([inserted])
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
    instances_insert([response])
    questions = list(version.questions.all())
    answers = [
        Answer(response=response, question=q, text=f"answer {n}") for n, q in enumerate(questions)
    ]
    instances_insert(answers)
    for answer in answers:
        assert Answer.objects.get(pk=answer.pk).text == answer.text
    instances_insert([])  # nothing to write is no statement and no error
