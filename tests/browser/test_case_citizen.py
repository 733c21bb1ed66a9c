"""The citizen's path through the signals portal in a real phone browser: filing by keyboard,
the confirmation link from a real e-mail, the tracking page and a reply; and axe-core on
each of those pages, with JavaScript on and off."""

import re

import pytest
from django_scopes import scopes_disabled

from civicpulse.cases.filing import case_file
from civicpulse.cases.links import confirmation_token
from civicpulse.cases.models import Case
from tests.browser.axe import assert_accessible
from tests.browser.pages import photo_file
from tests.browser.targets import focused, small_targets
from tests.cases.portal import FILED, FILING, answered, link_in, registered
from tests.conftest import IMMEDIATE_TASKS
from tests.feedback.images import jpeg_with_gps

SCRIPTING = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
MOST_TABS = 40


def form_url(live_server, query="") -> str:
    return f"{live_server.url}/o/stara-zagora/signals/new/{query}"


def tab_to(page, element_id: str) -> None:
    """Tab until the control has focus, checking that every stop shows its focus."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        stop = focused(page)
        assert stop["outline"] and stop["inView"], f"focus not seen on {stop}"
        if stop["id"] == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


@pytest.fixture
def live_mail(mailbox, settings, live_server):
    """E-mail through a real SMTP server, sent by jobs run at once, with live links."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.SITE_URL = live_server.url
    return mailbox


def test_file_by_keyboard_confirm_from_the_e_mail_track_and_reply(
    phone, live_server, portal, live_mail
):
    page = phone()
    page.goto(form_url(live_server))
    assert small_targets(page) == []
    tab_to(page, "kind-1")
    page.keyboard.press("ArrowDown")  # the second kind: a complaint
    for field in ("title", "description", "sender_name", "sender_email", "sender_phone"):
        tab_to(page, field)
        page.keyboard.type(FILED[field])
    assert page.locator("#description-count").is_visible()  # the script's counter
    tab_to(page, "publication-2")  # the chosen one: without my name
    page.keyboard.press("ArrowUp")  # with my name
    page.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/signals/sent/$"))
    assert_accessible(page)

    [confirm] = live_mail()
    page.goto(live_server.url + link_in(confirm, "/signals/confirm/", site=live_server.url))
    page.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/signals/track/[^/]+/$"))
    with scopes_disabled():
        case = Case.objects.select_related("kind").get()
    assert (case.kind.slug, case.publication) == ("complaint", "named")
    assert page.locator("h1").inner_text().endswith(case.number)
    [_confirm, registered_mail] = live_mail()
    assert case.number in registered_mail["Subject"]

    page.locator("#reply").fill("Пейките всъщност са две.")
    page.locator("#reply_photo").set_input_files(photo_file(jpeg_with_gps()))
    page.locator("#reply").press("Tab")
    page.locator("form[action$='/reply/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"\?done=reply#done$"))
    assert page.locator("#done").is_visible()
    history = page.locator(".case-history")
    assert history.get_by_text("Пейките всъщност са две.").is_visible()
    assert history.locator("img").count() == 1
    assert len(live_mail()) == 3 and case.number in live_mail()[-1]["Subject"]


@pytest.mark.parametrize("locale", ["bg", "en"])
@SCRIPTING
def test_the_form_is_accessible(phone, live_server, portal, locale, javascript):
    page = phone(locale=locale, javascript=javascript)
    page.goto(form_url(live_server))
    assert page.locator("html").get_attribute("lang") == locale
    assert page.locator("#use-location").is_visible() == javascript
    assert_accessible(page)


@SCRIPTING
def test_the_form_after_errors_is_accessible(phone, live_server, portal, javascript):
    page = phone(javascript=javascript)
    page.goto(form_url(live_server))
    page.locator("#title").fill("<script>alert(1)</script>")
    page.locator("#sender_email").fill("maria@")
    page.locator("#photos").set_input_files(photo_file(b"not an image", name="x.jpg"))
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#errors").is_visible() and page.locator("#photos-error").is_visible()
    assert page.locator("#title").input_value() == "<script>alert(1)</script>"
    if javascript:  # the script moves focus to the summary, so a screen reader reads it first
        assert focused(page)["id"] == "errors"
    page.locator('#errors a[href="#sender_email"]').click()
    assert page.evaluate("location.hash") == "#sender_email"
    assert_accessible(page)


def test_the_confirm_page_is_accessible(phone, live_server, portal):
    page = phone()
    token = confirmation_token(case_file(organization=portal, **FILING))
    page.goto(f"{live_server.url}/signals/confirm/{token}/")
    assert page.locator("button[type=submit]").is_visible()
    assert_accessible(page)


@SCRIPTING
def test_the_tracking_page_with_every_form_is_accessible(phone, live_server, portal, javascript):
    case = answered(registered(portal))
    page = phone(javascript=javascript)
    page.goto(f"{live_server.url}/signals/track/{case.tracking_key}/")
    assert page.locator("form").count() == 3
    assert small_targets(page) == []
    assert_accessible(page)
    page.locator("button[type=submit]").first.click()  # a rating not chosen
    page.wait_for_load_state()
    assert page.locator("#errors").is_visible()
    assert_accessible(page)
