"""The kiosk on a real tablet browser: pairing, taps, the offline queue and its sync."""

import json
import time
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django_scopes import scope, scopes_disabled

from civicpulse.feedback.kiosks import kiosk_create
from civicpulse.feedback.models import Response
from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS

TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}
QUEUE = "() => JSON.parse(localStorage.getItem('civicpulse-kiosk-queue') || '[]')"
REPEAT_WINDOW = 3  # seconds: longer than the thank-you, so a tap right after it is a repeat
RESET = 2


@pytest.fixture
def tablet(chromium, live_server):
    """tablet(javascript=True) → a Page in a landscape tablet's browser; it must fetch
    nothing from any other host."""
    contexts, foreign = [], []
    own = urlsplit(live_server.url).netloc

    def open_tablet(*, javascript=True):
        context = chromium.new_context(
            **TABLET,
            locale="bg",
            java_script_enabled=javascript,
            extra_http_headers={"Accept-Language": "bg-BG,bg;q=0.9"},
        )
        context.set_default_timeout(TIMEOUT_MS)
        # Listened to, not routed: routing would keep the service worker from seeing requests.
        context.on(
            "request",
            lambda request: (
                urlsplit(request.url).netloc in (own, "")
                or request.url.startswith("data:")
                or foreign.append(request.url)
            ),
        )
        contexts.append(context)
        page = context.new_page()
        page.javascript_off = not javascript
        return page

    cache.clear()
    yield open_tablet
    for context in contexts:
        context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture
def pairing_code(touchpoint):
    with scope(organization=touchpoint.organization):
        _kiosk, code = kiosk_create(
            organization=touchpoint.organization,
            name="Front desk",
            touchpoint=touchpoint,
            repeat_window_seconds=REPEAT_WINDOW,
            reset_seconds=RESET,
        )
    return code


def stored() -> list[Response]:
    with scopes_disabled():
        return list(Response.objects.prefetch_related("answers__option").order_by("submitted_at"))


def follow_ups(response: Response) -> list[str]:
    return [a.option.key for a in response.answers.all() if a.option_id]


def wait_for_stored(count: int, timeout: float = 15) -> list[Response]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        responses = stored()
        if len(responses) == count and all(
            follow_ups(r) or r.score not in (0, 2) for r in responses
        ):
            return responses
        time.sleep(0.2)
    return stored()


def tap_score(page, score: int):
    page.locator(f"#rate button[value='{score}']").tap()


def wait_for_start(page):
    page.locator("#rate").wait_for(state="visible", timeout=RESET * 1000 + 5000)


def pair(page, live_server, code):
    page.goto(f"{live_server.url}/k/")
    page.locator("#code").fill(f"{code[:4].lower()}-{code[4:]}")
    page.locator("button[type=submit]").tap()
    page.wait_for_url(f"{live_server.url}/k/screen/")


def test_pairing_and_screen_are_accessible(tablet, live_server, pairing_code):
    page = tablet()
    page.goto(f"{live_server.url}/k/")
    assert_accessible(page)
    page.locator("#code").fill("22222222")
    page.locator("button[type=submit]").tap()
    page.locator("#code[aria-invalid=true]").wait_for()
    assert_accessible(page)
    pair(page, live_server, pairing_code)
    assert page.locator("#rate button[name=score]").count() == 5
    assert_accessible(page)
    tap_score(page, 0)
    assert page.locator(".follow-up:visible").count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/k/screen/?lang=en")
    assert page.get_by_role("button", name="Very dissatisfied").is_visible()
    assert_accessible(page)


def test_without_javascript_every_tap_is_a_post(tablet, live_server, pairing_code):
    page = tablet(javascript=False)
    pair(page, live_server, pairing_code)
    tap_score(page, 2)
    page.locator(".follow-up:visible").wait_for()
    assert_accessible(page)
    page.locator(".follow-up:visible button[value=broken]").tap()
    page.wait_for_url(f"{live_server.url}/k/thanks/?lang=bg")
    assert_accessible(page)
    [response] = stored()
    assert response.score == 2 and follow_ups(response) == ["broken"]
    # No timed refresh without JavaScript (WCAG 2.2.1): one large button for the next person.
    page.locator(".again a").tap()
    page.wait_for_url(f"{live_server.url}/k/screen/")


def test_offline_presses_queue_and_sync_once_each(tablet, live_server, pairing_code):
    page = tablet()
    pair(page, live_server, pairing_code)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")

    # Online: a low score, its follow-up, the thank-you, and back to the start.
    tap_score(page, 0)
    page.locator(".follow-up:visible button[value=dirty]").tap()
    assert page.locator("#thanks").is_visible()
    wait_for_start(page)
    assert [(r.score, follow_ups(r)) for r in wait_for_stored(1)] == [(0, ["dirty"])]

    # Offline: the thank-you still shows at once and the presses wait in the browser.
    page.context.set_offline(True)
    time.sleep(REPEAT_WINDOW)  # clear of the window after the online press
    tap_score(page, 8)
    assert page.locator("#thanks").is_visible()
    wait_for_start(page)
    tap_score(page, 5)  # inside the repeat window of the press before: ignored
    wait_for_start(page)
    time.sleep(REPEAT_WINDOW)
    tap_score(page, 2)
    page.locator(".follow-up:visible button[value=broken]").tap()
    wait_for_start(page)
    queue = page.evaluate(QUEUE)
    assert [(p["score"], p.get("follow_up", "")) for p in queue] == [(8, ""), (2, "broken")]
    assert page.locator("#kiosk-status").is_visible()
    assert len(stored()) == 1

    # A reload without network still opens the kiosk, from the service worker's copy.
    page.reload()
    assert page.locator("#rate button[name=score]").count() == 5
    assert len(page.evaluate(QUEUE)) == 2

    # Back online: everything is sent, once, with the time each press was made.
    page.context.set_offline(False)
    page.wait_for_function(f"() => ({QUEUE})().length === 0", timeout=20_000)
    responses = wait_for_stored(3)
    assert [(r.score, follow_ups(r)) for r in responses] == [
        (0, ["dirty"]),
        (8, []),
        (2, ["broken"]),
    ]
    pressed = {p["id"]: p["pressed_at"] for p in queue}
    for response in responses[1:]:
        at = pressed[str(response.client_token)]
        assert abs(response.submitted_at.timestamp() * 1000 - at) < 2
    # Press ids are time-ordered (UUID version 7), from the time of the press.
    tokens = [r.client_token for r in responses]
    assert {t.version for t in tokens} == {7} and tokens == sorted(tokens)
    assert abs(int(tokens[1].hex[:12], 16) - pressed[str(tokens[1])]) < 2
    assert page.locator("#kiosk-status").is_hidden()

    # The same presses replayed (a restored backup, a retry after a lost answer): no doubles.
    page.evaluate(
        "queue => localStorage.setItem('civicpulse-kiosk-queue', queue)", json.dumps(queue)
    )
    page.reload()
    page.wait_for_function(f"() => ({QUEUE})().length === 0", timeout=20_000)
    assert len(stored()) == 3
