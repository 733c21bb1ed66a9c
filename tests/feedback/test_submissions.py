import time
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback import counters
from civicpulse.feedback.abuse import FlagReason
from civicpulse.feedback.models import Answer, Response
from civicpulse.feedback.responses import current_version_for
from civicpulse.feedback.submissions import response_submit
from tests.factories import TouchpointFactory, make_questionnaire
from tests.feedback.images import jpeg_with_gps


def submit(touchpoint, token=None, **extra):
    return response_submit(
        touchpoint=touchpoint,
        answers=extra.pop("answers", {"overall": 8}),
        client_token=token or uuid.uuid4(),
        channel="qr",
        language="en",
        **extra,
    )


def test_the_same_client_token_stores_one_response(touchpoint, in_scope):
    token = uuid.uuid4()
    first = submit(touchpoint, token)
    again = submit(touchpoint, token, answers={"overall": 2})
    assert again.pk == first.pk and again.score == 8
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


def _loaded_version(touchpoint):
    # As the public form passes it: the version it has just shown, questions loaded.
    version = current_version_for(touchpoint)
    version.question_list  # noqa: B018
    return version


def test_the_unique_index_alone_decides_a_replay(touchpoint, in_scope):
    # Nothing looks for the token before the insert, so two sends arriving together cannot
    # both find it missing: the database refuses the second, which gets the first back.
    token, version = uuid.uuid4(), _loaded_version(touchpoint)
    with CaptureQueriesContext(connection) as first_send:
        winner = submit(touchpoint, token, version=version)
    assert not [q for q in first_send.captured_queries if q["sql"].startswith("SELECT")]
    with CaptureQueriesContext(connection) as second_send:
        assert submit(touchpoint, token).pk == winner.pk
    writes = [q["sql"] for q in second_send.captured_queries if "INSERT" in q["sql"]]
    assert any("feedback_response" in sql for sql in writes)
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


@pytest.mark.parametrize(
    ("counters_in", "statements"),
    [
        # The counters' own file: the database sees the response and its answers alone.
        ("file", ["SAVEPOINT", "INSERT", "INSERT", "RELEASE"]),
        # In the database: one upsert for every counter, before the response's transaction.
        ("database", ["INSERT", "SAVEPOINT", "INSERT", "INSERT", "RELEASE"]),
    ],
)
def test_a_submission_is_one_short_transaction(
    touchpoint, in_scope, monkeypatch, settings, tmp_path, counters_in, statements
):
    # (The test's own transaction makes the submission's a savepoint. Old counters are
    # purged now and then; not in this one.)
    settings.COUNTERS_FILE = tmp_path / "counters.zone" if counters_in == "file" else None
    monkeypatch.setattr(counters, "_last_purge", time.time())
    version = _loaded_version(touchpoint)
    with CaptureQueriesContext(connection) as send:
        submit(touchpoint, fingerprint="f" * 64, version=version)
    assert [q["sql"].split()[0].upper() for q in send.captured_queries] == statements


def test_a_token_used_at_another_place_is_refused(organization, touchpoint, in_scope):
    elsewhere = TouchpointFactory(organization=organization, category=touchpoint.category)
    token = uuid.uuid4()
    submit(touchpoint, token)
    with pytest.raises(RuleViolation):
        submit(elsewhere, token)


def test_coordinates_are_rounded_and_kept_only_in_pairs(touchpoint, in_scope):
    placed = submit(touchpoint, latitude="42.4258129", longitude="25.63451")
    placed.refresh_from_db()
    assert placed.latitude == Decimal("42.4258") and placed.longitude == Decimal("25.6345")
    half = submit(touchpoint, latitude="42.1", longitude="")
    assert half.latitude is None and half.longitude is None
    nonsense = submit(touchpoint, latitude="91", longitude="abc")
    assert nonsense.latitude is None


def test_a_photo_is_stored_clean_through_the_storage_api(touchpoint, in_scope):
    photo = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = submit(touchpoint, photo=photo)
    response.refresh_from_db()
    assert response.photo.name.startswith("responses/") and response.photo.name.endswith(".jpg")
    with response.photo.open("rb") as stored:
        data = stored.read()
    assert b"Exif" not in data and b"PhoneMaker" not in data


def test_a_bad_photo_stores_nothing(touchpoint, in_scope):
    photo = SimpleUploadedFile("x.jpg", b"not a photo", content_type="image/jpeg")
    with pytest.raises(RuleViolation):
        submit(touchpoint, photo=photo)
    assert Response.objects.count() == 0


def test_a_filled_honeypot_is_stored_but_flagged(touchpoint, in_scope):
    response = submit(touchpoint, honeypot_filled=True)
    response.refresh_from_db()
    assert response.is_flagged and response.flag_reason == FlagReason.HONEYPOT


def test_a_response_row_holds_nothing_that_identifies_anyone():
    names = {field.name for field in Response._meta.get_fields()}
    for forbidden in ("ip", "user_agent", "fingerprint", "remote", "agent", "email"):
        assert not any(forbidden in name for name in names), forbidden


def test_tokens_from_another_organisation_stay_there(other_organization, touchpoint, in_scope):
    theirs = TouchpointFactory(organization=other_organization)
    make_questionnaire(organization=other_organization, category=theirs.category)
    token = uuid.uuid4()
    with scope(organization=other_organization):
        submit(theirs, token)
    with pytest.raises(RuleViolation):
        submit(touchpoint, token)
