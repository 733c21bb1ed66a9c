import importlib
import uuid

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.models import Answer, Response
from civicpulse.feedback.responses import MAX_TEXT_ANSWER, response_check, response_record
from tests.factories import make_questionnaire


def test_a_response_stores_its_headline_score_and_answers(touchpoint, in_scope):
    response = response_record(
        touchpoint=touchpoint,
        answers={"overall": "4", "problem": ["dirty", "broken"], "comment": "  Счупена люлка  "},
        language="en",
    )
    assert response.score == 4 and response.language == "en" and response.channel == "qr"
    answers = {
        (a.question.key, a.number, a.option and a.option.key, a.text)
        for a in response.answers.select_related("question", "option")
    }
    assert answers == {
        ("overall", 4, None, ""),
        ("problem", None, "dirty", ""),
        ("problem", None, "broken", ""),
        ("comment", None, None, "Счупена люлка"),
    }


def test_a_checked_response_has_its_values_defaults_and_related_objects(touchpoint, in_scope):
    token = uuid.uuid4()
    checked = response_check(
        touchpoint=touchpoint, answers={"overall": "7"}, fields={"client_token": token}
    )
    response = checked.response
    assert response.pk is None and response._state.adding
    assert (response.score, response.client_token, response.photo.name) == (7, token, "")
    assert not response.is_flagged and response.flag_reason == "" and response.campaign is None
    with CaptureQueriesContext(connection) as queries:
        assert response.touchpoint is touchpoint
        assert response.version.question_list
    assert len(queries) == 0
    assert checked.store().pk == Response.objects.get(client_token=token).pk


def test_a_field_that_is_no_column_is_a_mistake(touchpoint, in_scope):
    with pytest.raises(TypeError, match="no column 'touchpoint'"):
        response_check(touchpoint=touchpoint, answers={"overall": 7}, fields={"touchpoint": 1})


def test_a_follow_up_outside_its_score_band_is_ignored(touchpoint, in_scope):
    response = response_record(touchpoint=touchpoint, answers={"overall": 9, "problem": ["dirty"]})
    assert list(response.answers.values_list("question__key", flat=True)) == ["overall"]


@pytest.mark.parametrize("score", [11, -1, "abc", "", None, 4.5, True, [3]])
def test_scores_outside_the_scale_are_refused(touchpoint, in_scope, score):
    with pytest.raises(RuleViolation) as refused:
        response_record(touchpoint=touchpoint, answers={"overall": score})
    assert refused.value.field == "overall"
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"overall": 2, "problem": ["smelly"]}, "problem"),
        ({"overall": 2, "problem": ["dirty", "dirty"]}, "problem"),
        ({"overall": 2, "comment": ["not", "text"]}, "comment"),
        ({"overall": 2, "comment": "я" * (MAX_TEXT_ANSWER + 1)}, "comment"),
    ],
)
def test_malformed_answers_are_refused(touchpoint, in_scope, answers, field):
    with pytest.raises(RuleViolation) as refused:
        response_record(touchpoint=touchpoint, answers=answers)
    assert refused.value.field == field
    assert Response.objects.count() == 0


def test_unknown_questions_channels_and_inactive_places_are_refused(touchpoint, in_scope):
    with pytest.raises(RuleViolation):
        response_record(touchpoint=touchpoint, answers={"overall": 5, "hacker": 1})
    with pytest.raises(RuleViolation):
        response_record(touchpoint=touchpoint, answers={"overall": 5}, channel="sms")
    touchpoint.is_active = False
    touchpoint.save()
    with pytest.raises(RuleViolation):
        response_record(touchpoint=touchpoint, answers={"overall": 5})
    assert Response.objects.count() == 0


def test_script_in_a_comment_is_stored_as_plain_text(touchpoint, in_scope):
    script = "<script>alert('x')</script>"
    response = response_record(touchpoint=touchpoint, answers={"overall": 5, "comment": script})
    assert response.answers.get(question__key="comment").text == script  # escaped on output


def test_a_response_with_words_is_marked_as_commented(touchpoint, in_scope):
    commented = response_record(touchpoint=touchpoint, answers={"overall": 5, "comment": "Мръсно"})
    blank = response_record(touchpoint=touchpoint, answers={"overall": 5, "comment": "  "})
    silent = response_record(touchpoint=touchpoint, answers={"overall": 5})
    stored = dict(Response.objects.values_list("pk", "has_comment"))
    assert stored == {commented.pk: True, blank.pk: False, silent.pk: False}


def test_responses_stored_before_the_flag_are_marked_by_the_migration(touchpoint, in_scope):
    commented = response_record(touchpoint=touchpoint, answers={"overall": 5, "comment": "Мръсно"})
    silent = response_record(touchpoint=touchpoint, answers={"overall": 5})
    Response.objects.update(has_comment=False)
    migration = importlib.import_module("civicpulse.feedback.migrations.0005_response_has_comment")
    migration.commented_mark(apps, None)
    assert set(Response.objects.filter(has_comment=True)) == {commented}
    assert silent.pk


def test_yes_no_accepts_words_in_both_languages(organization, in_scope):
    from tests.factories import TouchpointFactory

    touchpoint = TouchpointFactory(organization=organization)
    make_questionnaire(
        organization=organization,
        category=touchpoint.category,
        definition={
            "title": {"bg": "Т", "en": "T"},
            "questions": [
                {"key": "again", "kind": "yes_no", "text": {"bg": "Пак?", "en": "Again?"}}
            ],
        },
    )
    assert [
        response_record(touchpoint=touchpoint, answers={"again": word}).answers.get().number
        for word in ("да", "no", True, 0)
    ] == [1, 0, 1, 0]
    with pytest.raises(RuleViolation):
        response_record(touchpoint=touchpoint, answers={"again": "maybe"})
