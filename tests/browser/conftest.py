"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download is not used (nor reachable): CHROMIUM_PATH, by default
/usr/bin/chromium, names the browser. Without it the tests fail with instructions, unless
CIVICPULSE_SKIP_BROWSER=1 says to skip them.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread, and Django then refuses database
# access from the test ("SynchronousOnlyOperation") although nothing here is async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SKIP_BROWSER = os.environ.get("CIVICPULSE_SKIP_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
ACCEPT_LANGUAGE = {"bg": "bg-BG,bg;q=0.9", "en": "en-GB,en;q=0.9"}
TIMEOUT_MS = 15_000
DESK = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM_PATH):
        message = (
            f"No Chromium at {CHROMIUM_PATH}: install Debian's chromium "
            "(apt-get install chromium) or set CHROMIUM_PATH; "
            "CIVICPULSE_SKIP_BROWSER=1 skips the browser tests."
        )
        if SKIP_BROWSER:
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def foreign_requests():
    """URLs the page tried to fetch from any host but the live server; must stay empty."""
    return []


def refusing_other_hosts(live_server, foreign_requests):
    """A route handler: requests to the live server go on, any other host's are refused
    and recorded in `foreign_requests`."""
    own = urlsplit(live_server.url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            foreign_requests.append(route.request.url)
            route.abort()

    return guard


@pytest.fixture
def desk(chromium, live_server, client, foreign_requests):
    """desk(user, javascript=True) → a new desktop Page signed in as `user`, in English."""
    contexts = []
    guard = refusing_other_hosts(live_server, foreign_requests)

    def open_page(user, *, javascript=True):
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context = chromium.new_context(
            viewport=DESK,
            locale="en",
            java_script_enabled=javascript,
            extra_http_headers={"Accept-Language": ACCEPT_LANGUAGE["en"]},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies(
            [
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                {"name": "django_language", "value": "en", "url": live_server.url},
            ]
        )
        context.route("**/*", guard)
        contexts.append(context)
        page = context.new_page()
        page.javascript_off = not javascript  # read by axe.assert_accessible
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not foreign_requests, f"requests to other hosts: {foreign_requests}"


@pytest.fixture
def phone(chromium, live_server, foreign_requests):
    """phone(locale="bg", javascript=True, **context_options) → a new Page on a phone.

    Every request to another host is refused and recorded; the test fails if there was one,
    which proves the citizen pages need nothing from a CDN or any outside host.
    """
    contexts = []
    guard = refusing_other_hosts(live_server, foreign_requests)

    def open_phone(*, locale="bg", javascript=True, **options):
        context = chromium.new_context(
            **PHONE,
            locale=locale,
            java_script_enabled=javascript,
            extra_http_headers={"Accept-Language": ACCEPT_LANGUAGE.get(locale, locale)},
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", guard)
        contexts.append(context)
        page = context.new_page()
        page.javascript_off = not javascript  # read by axe.assert_accessible
        return page

    yield open_phone
    for context in contexts:
        context.close()
    assert not foreign_requests, f"requests to other hosts: {foreign_requests}"
