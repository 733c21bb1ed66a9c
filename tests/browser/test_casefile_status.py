"""The citizen's case-file status check in real Chromium: by keyboard, without JavaScript,
and with no axe-core violation, in both languages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from civicpulse.casefiles.access_codes import access_code_display
from civicpulse.casefiles.services import casefile_register, casefile_set_status
from tests.browser.axe import assert_accessible
from tests.casefiles.fixtures import make_service


@pytest.fixture
def case_file(organization):
    service = make_service(organization, "UT-01", days=14, name_bg="Скица на поземлен имот")
    with scope(organization=organization):
        registered, code = casefile_register(
            organization=organization,
            service=service,
            number="SZ-1/2025",
            registered_at=timezone.now() - timedelta(days=20),
        )
        casefile_set_status(case_file=registered, status="awaiting_documents", note="Нужен е акт.")
    return registered, access_code_display(code)


@pytest.mark.parametrize("locale", ["bg", "en"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_check_a_file_by_keyboard(phone, live_server, organization, case_file, locale, javascript):
    registered, code = case_file
    page = phone(locale=locale, javascript=javascript)
    page.goto(f"{live_server.url}/o/{organization.slug}/files/")
    assert page.locator("html").get_attribute("lang") == locale
    assert_accessible(page)
    page.locator("#number").focus()
    page.keyboard.type(registered.number)
    page.keyboard.press("Tab")
    page.keyboard.type(code)
    with page.expect_navigation():  # else the old page may still be read
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().endswith(registered.number)
    assert "Нужен е акт." in page.content()
    assert_accessible(page)


def test_errors_are_announced_and_accessible(phone, live_server, organization, case_file):
    page = phone(locale="en", javascript=False)
    page.goto(f"{live_server.url}/o/{organization.slug}/files/")
    page.locator("#number").fill("SZ-1/2025")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#errors").is_visible()
    assert page.locator("#code").get_attribute("aria-invalid") == "true"
    assert page.locator("#number").input_value() == "SZ-1/2025"
    assert_accessible(page)
    page.locator("#code").fill("WRONG-CODE")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "No file was found" in page.content()
    assert_accessible(page)
