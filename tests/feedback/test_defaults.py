import pytest
from django_scopes import scope

from civicpulse.core.i18n import CONTENT_LANGUAGES
from civicpulse.core.models import Category
from civicpulse.core.models.organizations import CategoryIcon
from civicpulse.feedback.defaults import (
    CATEGORY_DEFAULTS,
    EMPLOYEE_CATEGORY,
    default_definitions,
    organization_install_defaults,
)
from civicpulse.feedback.models import QuestionKind, Questionnaire, TouchpointKind
from civicpulse.feedback.questionnaires import definition_validate, questionnaire_for_touchpoint
from tests.factories import TouchpointFactory

DEFINITIONS = default_definitions()


def test_the_eleven_categories_of_stara_zagora():
    slugs = [spec.slug for spec in CATEGORY_DEFAULTS]
    assert len(slugs) == len(set(slugs)) == 11
    assert {"playgrounds", "public-transport", "administrative-service", "schools"} <= set(slugs)
    assert all(spec.icon in CategoryIcon.values for spec in CATEGORY_DEFAULTS)
    assert all(spec.name["bg"] and spec.name["en"] for spec in CATEGORY_DEFAULTS)


@pytest.mark.parametrize(
    ("spec", "for_employees", "definition"), DEFINITIONS, ids=[d[0].slug for d in DEFINITIONS]
)
def test_every_default_questionnaire_is_valid_in_both_languages(spec, for_employees, definition):
    normalised = definition_validate(definition)
    texts = [normalised["title"]] + [q["text"] for q in normalised["questions"]]
    texts += [o["label"] for q in normalised["questions"] for o in q["options"]]
    for text in texts:
        assert set(text) == set(CONTENT_LANGUAGES)
        assert all(text[language].strip() for language in CONTENT_LANGUAGES)
    assert any(text["bg"] != text["en"] for text in texts)  # translated, not copied


@pytest.mark.parametrize(
    ("spec", "for_employees", "definition"), DEFINITIONS, ids=[d[0].slug for d in DEFINITIONS]
)
def test_each_questionnaire_has_a_headline_follow_ups_by_score_and_a_comment(
    spec, for_employees, definition
):
    questions = {q["key"]: q for q in definition_validate(definition)["questions"]}
    headline = [q for q in questions.values() if q["headline"]]
    assert [q["kind"] for q in headline] == [QuestionKind.SCALE]
    assert headline[0]["text"]["bg"].startswith("Как оценявате")
    ratings = [
        q for q in questions.values() if q["kind"] in (QuestionKind.STARS, QuestionKind.SMILEYS)
    ]
    assert 2 <= len(ratings) <= 3
    assert questions["problem"]["kind"] == QuestionKind.MULTIPLE
    assert questions["problem"]["show_if"] == {"question": "overall", "min": 0, "max": 6}
    assert questions["liked"]["kind"] == QuestionKind.SINGLE
    assert questions["liked"]["show_if"] == {"question": "overall", "min": 9, "max": 10}
    assert questions["comment"]["kind"] == QuestionKind.TEXT
    assert not questions["comment"]["required"]


def test_the_set_uses_every_kind_of_question():
    kinds = {q["kind"] for _, _, d in DEFINITIONS for q in d["questions"]}
    assert kinds == set(QuestionKind.values)


def test_administrative_service_asks_for_a_recommendation():
    _, _, definition = next(d for d in DEFINITIONS if d[0].slug == "administrative-service")
    assert "nps" in [q["kind"] for q in definition["questions"]]


def test_installing_creates_categories_and_questionnaires(organization):
    categories = organization_install_defaults(organization=organization)
    assert [c.slug for c in categories] == [spec.slug for spec in CATEGORY_DEFAULTS]
    with scope(organization=organization):
        questionnaires = Questionnaire.objects.filter(organization=organization)
        assert questionnaires.count() == 12
        assert all(q.current_version_id for q in questionnaires)
        employee = questionnaires.get(for_employees=True)
        assert employee.category.slug == EMPLOYEE_CATEGORY
        assert Category.objects.get(slug="parks").name_en == "Parks and green areas"


def test_installing_again_changes_nothing_and_keeps_edits(organization):
    organization_install_defaults(organization=organization)
    with scope(organization=organization):
        Category.objects.filter(slug="parks").update(name_bg="Паркове", icon=CategoryIcon.PIN)
        Questionnaire.objects.filter(category__slug="schools").delete()
    categories = organization_install_defaults(organization=organization)
    with scope(organization=organization):
        assert Category.objects.filter(organization=organization).count() == 11
        parks = Category.objects.get(slug="parks")
        assert (parks.name_bg, parks.icon) == ("Паркове", CategoryIcon.PIN)
        assert Questionnaire.objects.filter(organization=organization).count() == 12  # re-added
    assert len(categories) == 11


def test_installing_touches_only_its_own_organisation(organization, other_organization):
    organization_install_defaults(organization=organization)
    with scope(organization=other_organization):
        assert not Category.objects.filter(organization=other_organization).exists()


def test_an_employee_gets_the_employee_questionnaire(organization):
    categories = {c.slug: c for c in organization_install_defaults(organization=organization)}
    employee = TouchpointFactory(
        organization=organization,
        kind=TouchpointKind.EMPLOYEE,
        category=categories[EMPLOYEE_CATEGORY],
    )
    with scope(organization=organization):
        assert questionnaire_for_touchpoint(employee).for_employees
