import copy

import pytest

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.models import Question, QuestionnaireVersion, TouchpointKind
from civicpulse.feedback.questionnaires import (
    definition_validate,
    questionnaire_for_touchpoint,
    questionnaire_save_definition,
    version_definition,
)
from civicpulse.feedback.responses import response_record
from tests.factories import TouchpointFactory, make_questionnaire, simple_definition


def edited(definition, **question_changes):
    changed = copy.deepcopy(definition)
    changed["questions"][0].update(question_changes)
    return changed


@pytest.fixture
def questionnaire(touchpoint, in_scope):
    return questionnaire_for_touchpoint(touchpoint)


def test_editing_an_unanswered_questionnaire_keeps_its_version(questionnaire, in_scope):
    first = questionnaire.current_version
    changed = edited(simple_definition(), text={"bg": "Оценка?", "en": "Rating?"})
    version = questionnaire_save_definition(questionnaire=questionnaire, definition=changed)
    assert version.pk == first.pk and version.number == 1
    assert version.questions.get(key="overall").text_en == "Rating?"


def test_editing_an_answered_questionnaire_makes_a_new_version(touchpoint, questionnaire, in_scope):
    old = response_record(touchpoint=touchpoint, answers={"overall": 3, "problem": ["dirty"]})
    changed = edited(simple_definition(), text={"bg": "Оценка?", "en": "Rating?"})

    version = questionnaire_save_definition(questionnaire=questionnaire, definition=changed)

    assert version.number == 2
    questionnaire.refresh_from_db()
    assert questionnaire.current_version == version
    old.refresh_from_db()
    assert old.version.number == 1  # the old response still reads as it was answered
    assert old.version.questions.get(key="overall").text_en == "How do you rate it?"
    new = response_record(touchpoint=touchpoint, answers={"overall": 9})
    assert new.version == version
    assert set(new.answers.values_list("question__version", flat=True)) == {version.pk}


def test_saving_the_same_questions_again_changes_nothing(touchpoint, questionnaire, in_scope):
    response_record(touchpoint=touchpoint, answers={"overall": 8})
    version = questionnaire_save_definition(
        questionnaire=questionnaire, definition=simple_definition()
    )
    assert version.number == 1
    assert QuestionnaireVersion.objects.filter(questionnaire=questionnaire).count() == 1


def test_an_answered_version_refuses_direct_changes(touchpoint, questionnaire, in_scope):
    response_record(touchpoint=touchpoint, answers={"overall": 8})
    question = Question.objects.get(version=questionnaire.current_version, key="overall")
    question.text_en = "Changed behind the service's back"
    with pytest.raises(RuleViolation):
        question.save()
    with pytest.raises(RuleViolation):
        question.options.model(question=question, position=9, key="x", label_bg="x").save()
    with pytest.raises(RuleViolation):
        question.delete()


def test_a_definition_round_trips_through_its_version(questionnaire, in_scope):
    assert version_definition(questionnaire.current_version) == definition_validate(
        simple_definition()
    )


def test_the_first_rating_becomes_the_headline_when_none_is_marked(in_scope):
    normalised = definition_validate(simple_definition())
    assert [q["key"] for q in normalised["questions"] if q["headline"]] == ["overall"]


BAD_DEFINITIONS = {
    "not an object": [],
    "no questions": {"title": {"bg": "a", "en": "a"}, "questions": []},
    "missing English": edited(simple_definition(), text={"bg": "Само български"}),
    "bad key": edited(simple_definition(), key="Overall Score!"),
    "unknown kind": edited(simple_definition(), kind="slider"),
    "options on a scale": edited(simple_definition(), options=[{"key": "a"}]),
    "headline on text": {
        "title": {"bg": "a", "en": "a"},
        "questions": [{"key": "c", "kind": "text", "text": {"bg": "a", "en": "a"}, "headline": 1}],
    },
    "text too long": edited(simple_definition(), text={"bg": "я" * 301, "en": "a"}),
}


def _with_second_question(**changes):
    definition = simple_definition()
    definition["questions"][1].update(changes)
    return definition


BAD_DEFINITIONS |= {
    "band out of range": _with_second_question(
        show_if={"question": "overall", "min": 0, "max": 11}
    ),
    "band reversed": _with_second_question(show_if={"question": "overall", "min": 6, "max": 2}),
    "band on a later question": _with_second_question(
        show_if={"question": "comment", "min": 0, "max": 1}
    ),
    "band on a text question": {
        "title": {"bg": "a", "en": "a"},
        "questions": [
            {"key": "c", "kind": "text", "text": {"bg": "a", "en": "a"}},
            {
                "key": "d",
                "kind": "yes_no",
                "text": {"bg": "a", "en": "a"},
                "show_if": {"question": "c", "min": 0, "max": 1},
            },
        ],
    },
    "band with strings": _with_second_question(
        show_if={"question": "overall", "min": "0", "max": 6}
    ),
    "one option": _with_second_question(options=[{"key": "a", "label": {"bg": "a", "en": "a"}}]),
    "repeated option": _with_second_question(
        options=[{"key": "a", "label": {"bg": "a", "en": "a"}}] * 2
    ),
    "duplicate keys": {
        "title": {"bg": "a", "en": "a"},
        "questions": [simple_definition()["questions"][0]] * 2,
    },
    "too many questions": {
        "title": {"bg": "a", "en": "a"},
        "questions": [
            {"key": f"q{n}", "kind": "yes_no", "text": {"bg": "a", "en": "a"}} for n in range(31)
        ],
    },
}


@pytest.mark.parametrize("name", BAD_DEFINITIONS)
def test_bad_definitions_are_refused_with_a_message(name):
    with pytest.raises(RuleViolation) as refused:
        definition_validate(BAD_DEFINITIONS[name])
    assert refused.value.message


def test_the_questionnaire_is_resolved_override_then_employee_then_category(organization, in_scope):
    place = TouchpointFactory(organization=organization)
    category = place.category
    for_places = make_questionnaire(organization=organization, category=category)
    employee = TouchpointFactory(
        organization=organization, category=category, kind=TouchpointKind.EMPLOYEE
    )
    assert questionnaire_for_touchpoint(employee) == for_places  # falls back to the places' one

    for_employees = make_questionnaire(
        organization=organization, category=category, for_employees=True
    )
    assert questionnaire_for_touchpoint(employee) == for_employees
    assert questionnaire_for_touchpoint(place) == for_places

    own = make_questionnaire(organization=organization)
    place.questionnaire = own
    place.save()
    assert questionnaire_for_touchpoint(place) == own
