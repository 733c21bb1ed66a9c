"""The questionnaire editor in a real browser: by keyboard with JavaScript off, autofocus after
each button, Enter saves, and axe finds no WCAG 2.2 A/AA violation on the editor or the preview."""

import re

import pytest
from django_scopes import scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.models import Questionnaire
from tests.browser.axe import assert_accessible
from tests.browser.targets import focused
from tests.factories import make_questionnaire


@pytest.fixture
def staff_page(desk, organization, member_factory):
    """staff_page(javascript=True) → a desktop Page signed in as an administrator, in English."""
    administrator = member_factory(organization, Role.ADMINISTRATOR)
    return lambda *, javascript=True: desk(administrator, javascript=javascript)


def active_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_a_questionnaire_is_made_by_keyboard_without_javascript(
    staff_page, live_server, organization
):
    page = staff_page(javascript=False)
    page.goto(f"{live_server.url}/manage/{organization.slug}/questionnaires/add/")
    page.fill("#title_bg", "Паркове")
    page.fill("#title_en", "Parks")
    page.fill("#q0-text_bg", "Как оценявате парка?")
    page.fill("#q0-text_en", "How do you rate the park?")

    page.focus("#add-question")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert active_id(page) == "q1-text_bg"  # focus lands in the new question
    assert page.input_value("#title_en") == "Parks"  # nothing typed was lost
    assert page.input_value("#q0-text_en") == "How do you rate the park?"
    assert focused(page)["outline"]
    page.keyboard.type("Коментар")
    page.fill("#q1-text_en", "Comment")
    page.select_option("#q1-kind", "text")

    page.focus("#q1-up")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert active_id(page) == "q0-down"  # at the top, focus moves to the other button
    assert page.input_value("#q0-text_en") == "Comment"
    assert_accessible(page)

    page.focus("#title_en")
    page.keyboard.press("Enter")  # Enter in a text field presses Save
    page.wait_for_url(re.compile(r"/questionnaires/\d+/$"))
    assert "“Parks” has been created." in page.content()
    with scopes_disabled():
        questionnaire = Questionnaire.objects.get(organization=organization)
        assert [q.key for q in questionnaire.current_version.questions.all()] == [
            "comment",
            "how-do-you-rate-the-park",
        ]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_editor_with_errors_and_the_previews_are_accessible(
    staff_page, live_server, organization, javascript
):
    questionnaire = make_questionnaire(organization=organization)
    base = f"{live_server.url}/manage/{organization.slug}/questionnaires/{questionnaire.pk}"
    page = staff_page(javascript=javascript)
    page.goto(f"{base}/edit/")
    assert_accessible(page)

    page.fill("#q1-show_min", "9")
    page.fill("#q1-show_max", "2")
    page.fill("#q2-text_en", "")
    with page.expect_navigation():
        page.click("button[name=action][value=save] >> nth=0")
    assert page.locator("#problems").is_visible()
    assert active_id(page) == "problems"
    assert page.locator("#q1-parent-error").is_visible()
    assert_accessible(page)

    with page.context.expect_page() as opened:
        page.click("button[name=preview_language][value=en]")
    draft = opened.value
    draft.javascript_off = not javascript
    draft.wait_for_load_state()
    assert "cannot be shown yet" in draft.content()
    assert_accessible(draft)

    page.goto(f"{base}/preview/?lang=en")
    assert page.locator(".preview-banner").is_visible()
    assert page.locator("#questionnaire button[type=submit]").is_disabled()
    assert_accessible(page)
