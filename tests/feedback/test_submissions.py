import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback import submissions
from civicpulse.feedback.abuse import FlagReason
from civicpulse.feedback.models import Answer, Response
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


def test_a_token_that_loses_a_race_returns_the_winner(touchpoint, in_scope, monkeypatch):
    token = uuid.uuid4()
    winner = submit(touchpoint, token)
    real = submissions._replayed
    calls = []

    def too_late_to_see_it(client_token, *subject):
        calls.append(client_token)
        return None if len(calls) == 1 else real(client_token, *subject)

    monkeypatch.setattr(submissions, "_replayed", too_late_to_see_it)
    assert submit(touchpoint, token).pk == winner.pk
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


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
