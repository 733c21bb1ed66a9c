"""axe-core finds no WCAG 2.2 A/AA violation on any citizen page, with JavaScript on and off."""

import pytest
from django_scopes import scopes_disabled

from tests.analytics.publishing import publishing
from tests.browser.axe import assert_accessible
from tests.browser.pages import SCORE, form_url, photo_file
from tests.browser.targets import small_targets

LOCALES = ["bg", "en"]
SCRIPTING = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.mark.parametrize("locale", LOCALES)
@SCRIPTING
def test_home(phone, live_server, locale, javascript):
    page = phone(locale=locale, javascript=javascript)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == locale
    assert_accessible(page)


@pytest.mark.parametrize("locale", LOCALES)
@SCRIPTING
def test_form_fresh_and_with_a_follow_up_open(phone, live_server, touchpoint, locale, javascript):
    page = phone(locale=locale, javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    assert page.locator("html").get_attribute("lang") == locale
    assert_accessible(page)
    page.locator(f"label[for={SCORE}-4]").click()  # score 3: the follow-up applies
    assert_accessible(page)


@SCRIPTING
def test_form_after_a_validation_error(phone, live_server, touchpoint, javascript):
    page = phone(javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    page.locator(f"label[for={SCORE}-9]").click()
    page.locator("#photo").set_input_files(photo_file(b"not an image at all", name="x.jpg"))
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#errors").is_visible()
    assert page.locator("#photo-error").is_visible()
    assert_accessible(page)


@SCRIPTING
def test_thank_you(phone, live_server, touchpoint, javascript):
    page = phone(javascript=javascript)
    page.goto(form_url(live_server, touchpoint, "/thanks"))
    assert page.locator("h1").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("gone", ["unknown", "deactivated"])
def test_gone_pages(phone, live_server, touchpoint, gone):
    if gone == "deactivated":
        touchpoint.is_active = False
        with scopes_disabled():
            touchpoint.save()
        code = touchpoint.code
    else:
        code = "NOSUCH99"
    page = phone()
    answer = page.goto(f"{live_server.url}/q/{code}")
    assert answer.status == (410 if gone == "deactivated" else 404)
    assert_accessible(page)


@pytest.mark.parametrize("locale", LOCALES)
@SCRIPTING
def test_public_figures(phone, live_server, locale, javascript):
    world = publishing()
    page = phone(locale=locale, javascript=javascript)
    answer = page.goto(f"{live_server.url}/o/{world.organization.slug}/figures/")
    assert answer.status == 200
    assert page.locator("table caption").count() == 4
    assert_accessible(page)
    assert small_targets(page) == []
