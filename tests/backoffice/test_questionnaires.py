"""The questionnaire list and detail: version history and the current questions."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.feedback.questionnaires import questionnaire_save_definition
from civicpulse.feedback.responses import response_record
from tests.factories import TouchpointFactory, make_questionnaire, simple_definition


@pytest.fixture
def answered_twice(organization):
    """Version 1 with two responses, then an edit that made version 2 with one."""
    touchpoint = TouchpointFactory(organization=organization)
    questionnaire = make_questionnaire(organization=organization, category=touchpoint.category)
    with scopes_disabled():
        for score in (2, 9):
            response_record(touchpoint=touchpoint, answers={"overall": score})
        definition = simple_definition()
        definition["questions"][2]["text"] = {"bg": "Нещо друго?", "en": "Anything else?"}
        questionnaire_save_definition(questionnaire=questionnaire, definition=definition)
        response_record(touchpoint=touchpoint, answers={"overall": 7})
    return questionnaire


def detail_url(organization, questionnaire):
    return f"/manage/{organization.slug}/questionnaires/{questionnaire.pk}/"


def test_the_list_counts_versions_and_responses(organization, answered_twice, admin_client):
    response = admin_client.get(f"/manage/{organization.slug}/questionnaires/")
    [row] = response.context["questionnaires"]
    assert (row.version_count, row.response_count) == (2, 3)
    assert "Детски площадки" in response.content.decode()


def test_the_detail_shows_each_version_with_its_responses(
    organization, answered_twice, admin_client
):
    response = admin_client.get(detail_url(organization, answered_twice))
    versions = [(v.number, v.response_count) for v in response.context["versions"]]
    assert versions == [(2, 1), (1, 2)]


def test_the_detail_shows_the_current_questions_with_bands_and_options(
    organization, answered_twice, admin_client
):
    page = admin_client.get(detail_url(organization, answered_twice)).content.decode()
    assert "Нещо друго?" in page  # version 2's wording
    assert "Коментар" not in page  # version 1's
    assert "Мръсно" in page
    assert "Какъв е проблемът?" in page


def test_in_english_the_english_texts_show(organization, answered_twice, admin_client, in_english):
    page = admin_client.get(detail_url(organization, answered_twice)).content.decode()
    assert "Anything else?" in page
    assert "Dirty" in page
    assert "Asked only when the answer to “How do you rate it?” is from 0 to 6." in page
    assert "Нещо друго?" not in page


def test_another_organizations_questionnaire_is_404(organization, other_organization, admin_client):
    foreign = make_questionnaire(organization=other_organization)
    assert admin_client.get(detail_url(organization, foreign)).status_code == 404
