"""The questionnaire by keyboard alone (Tab, Shift+Tab, arrows, Space, Enter), focus always seen;
and tap targets of at least 44 px on every citizen page."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.feedback.models import Response
from tests.browser.pages import COMMENT, PROBLEM, SCORE, THANKS, form_url
from tests.browser.targets import focused, small_targets

SCRIPTING = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
MOST_TABS = 40


class Keyboard:
    """Moves through the page by Tab and records every stop, checking its focus shows."""

    def __init__(self, page):
        self.page = page
        self.stops = []

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        stop = focused(self.page)
        self.stops.append(stop)
        assert stop["outline"], f"no visible focus on {stop} after {key}"
        assert stop["inView"], f"{stop} is focused but off screen or under the send bar"
        return stop

    def tab_to(self, matches, key="Tab") -> dict:
        for _ in range(MOST_TABS):
            stop = self.press(key)
            if matches(stop):
                return stop
        raise AssertionError(f"{key} never reached the control; stops: {self.stops}")


@SCRIPTING
def test_complete_the_form_by_keyboard_alone(phone, live_server, touchpoint, javascript):
    page = phone(javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    keys = Keyboard(page)

    skip = keys.press("Tab")
    assert "skip-link" in page.evaluate("() => document.activeElement.className")
    assert skip["inView"]
    page.keyboard.press("Enter")  # skip the header: focus moves to <main>
    assert page.evaluate("() => document.activeElement.id") == "main"

    # Into the rating: the first radio takes focus; Space chooses it, arrows move the choice.
    keys.tab_to(lambda stop: stop["name"] == SCORE)
    page.keyboard.press("Space")
    for _ in range(3):
        keys.press("ArrowRight")
    assert page.locator(f"#{SCORE}-4").is_checked()  # a score of 3
    keys.press("ArrowLeft")
    keys.press("ArrowRight")

    # The follow-up for a low score comes next in the tab order (shown by the script).
    keys.tab_to(lambda stop: stop["id"] == f"{PROBLEM}-1")
    page.keyboard.press("Space")
    keys.press("Tab")
    assert focused(page)["id"] == f"{PROBLEM}-2"
    keys.press("Shift+Tab")  # and back again
    assert focused(page)["id"] == f"{PROBLEM}-1"
    assert page.locator(f"#{PROBLEM}-1").is_checked()

    keys.tab_to(lambda stop: stop["id"] == f"{COMMENT}-1")
    page.keyboard.type("По-често почистване")

    # On past the photo and the consent to location, to the send button; Enter sends.
    keys.tab_to(lambda stop: stop["tag"] == "button")
    page.keyboard.press("Enter")
    page.wait_for_url(THANKS)

    assert "website" not in {stop["id"] for stop in keys.stops}  # the honeypot is never a stop
    with scopes_disabled():
        [response] = Response.objects.prefetch_related("answers__question", "answers__option")
        answers = {
            a.question.key: a.option.key if a.option else a.number or a.text
            for a in response.answers.all()
        }
    assert answers == {"overall": 3, "problem": "dirty", "comment": "По-често почистване"}


@SCRIPTING
def test_every_stop_on_the_form_shows_its_focus(phone, live_server, touchpoint, javascript):
    page = phone(javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    page.locator(f"label[for={SCORE}-2]").click()  # the follow-up shows with the script
    page.locator("h1").click()  # start from the top, focus on nothing
    keys = Keyboard(page)
    last = keys.tab_to(lambda stop: stop["tag"] == "button")
    # Through the language links, the eleven radios as one stop, and on to Send.
    assert [stop["id"] for stop in keys.stops][-2:] == ["share-location", ""]
    assert last["tag"] == "button"
    # Shift+Tab walks back up through the same stops to the language links in the header.
    keys.tab_to(lambda stop: stop["tag"] == "a", key="Shift+Tab")


@pytest.mark.parametrize("locale", ["bg", "en"])
@pytest.mark.parametrize("path", ["home", "form", "thanks", "gone"])
def test_tap_targets_are_at_least_44_px(phone, live_server, touchpoint, path, locale):
    page = phone(locale=locale)
    addresses = {
        "home": f"{live_server.url}/",
        "form": form_url(live_server, touchpoint),
        "thanks": form_url(live_server, touchpoint, "/thanks"),
        "gone": f"{live_server.url}/q/NOSUCH99",
    }
    page.goto(addresses[path])
    assert small_targets(page) == []
