"""The QR questionnaire in a real phone browser: scan, rate, follow-up, comment, photo, send."""

import io
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from PIL import Image
from playwright.sync_api import expect

from civicpulse.feedback.models import Channel, Response
from tests.browser.pages import (
    COMMENT,
    PROBLEM,
    SCORE,
    TEXT,
    THANKS,
    big_jpeg_with_gps,
    form_url,
    image_size,
    photo_file,
)

LOCALES = ["bg", "en"]
SCRIPTING = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
# The page's photo after the script has (or has not) swapped in its smaller copy.
CHOSEN_PHOTO = "() => { const f = document.getElementById('photo').files[0];"
CHOSEN_PHOTO += " return f ? {name: f.name, size: f.size} : null; }"


def stored_responses() -> list[Response]:
    with scopes_disabled():
        return list(
            Response.objects.prefetch_related("answers__question", "answers__option").order_by("pk")
        )


def answers_of(response: Response) -> dict:
    given = {}
    for answer in response.answers.all():
        value = answer.option.key if answer.option else answer.number
        if answer.text:
            value = answer.text
        key = answer.question.key
        given[key] = [*given[key], value] if key in given else value
    return given


def score(page, value: int):
    return page.locator(f"label[for={SCORE}-{value + 1}]")


def send(page):
    page.locator("button[type=submit]").click()
    page.wait_for_url(THANKS)


@pytest.mark.parametrize("locale", LOCALES)
@SCRIPTING
def test_scan_rate_follow_up_comment_photo_send(phone, live_server, touchpoint, locale, javascript):
    page = phone(locale=locale, javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    words = TEXT[locale]
    assert page.locator("html").get_attribute("lang") == locale
    assert page.get_by_text(words["question"]).is_visible()
    follow_up = page.locator(".follow-up")
    if javascript:
        # The follow-up waits for a score in its band, and leaves again above it.
        assert follow_up.is_hidden()
        score(page, 9).tap()
        assert follow_up.is_hidden()
    else:
        # Without the script every follow-up shows, with the band it is meant for.
        assert follow_up.is_visible() and follow_up.locator(".band").is_visible()
    score(page, 3).tap()
    assert follow_up.is_visible()
    assert follow_up.get_by_text(words["problem"]).is_visible()
    follow_up.get_by_text(words["dirty"]).tap()
    page.locator(f"#{COMMENT}-1").fill("Люлката скърца / the swing squeaks")

    original = big_jpeg_with_gps()
    page.locator("#photo").set_input_files(photo_file(original, name="IMG_0001.jpg"))
    if javascript:
        # The script swaps in a smaller copy, drawn on a canvas, before the slow upload.
        page.wait_for_function(
            "() => document.getElementById('photo').files[0].name === 'photo.jpg'"
        )
        assert page.evaluate(CHOSEN_PHOTO)["size"] < len(original) / 2
    else:
        assert page.evaluate(CHOSEN_PHOTO)["name"] == "IMG_0001.jpg"
    send(page)

    assert page.locator("h1").inner_text() == words["thanks"]
    assert page.locator("html").get_attribute("lang") == locale
    [response] = stored_responses()
    assert response.channel == Channel.QR and response.language == locale
    assert response.touchpoint_id == touchpoint.pk
    assert answers_of(response) == {
        "overall": 3,
        "problem": "dirty",
        "comment": "Люлката скърца / the swing squeaks",
    }
    assert response.latitude is None and response.longitude is None
    with scopes_disabled():
        stored = response.photo.read()
    assert max(image_size(stored)) == 1600
    with Image.open(io.BytesIO(stored)) as photo:
        assert not photo.getexif() and "exif" not in photo.info
    assert b"Exif" not in stored and b"PhoneMaker" not in stored


@pytest.mark.parametrize("locale", LOCALES)
@SCRIPTING
def test_two_taps_rate_then_send(phone, live_server, touchpoint, locale, javascript):
    page = phone(locale=locale, javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    score(page, 9).tap()
    page.locator("button[type=submit]").tap()
    page.wait_for_url(THANKS)
    assert page.locator("h1").inner_text() == TEXT[locale]["thanks"]
    [response] = stored_responses()
    assert answers_of(response) == {"overall": 9}
    assert not response.photo


def test_a_follow_up_left_behind_a_higher_score_is_not_stored(phone, live_server, touchpoint):
    page = phone()
    page.goto(form_url(live_server, touchpoint))
    score(page, 2).tap()
    page.locator(f"label[for={PROBLEM}-2]").tap()
    score(page, 8).tap()
    assert page.locator(".follow-up").is_hidden()
    send(page)
    [response] = stored_responses()
    assert answers_of(response) == {"overall": 8}


GEOLOCATION = {"latitude": 42.42581234, "longitude": 25.63449876}
COUNT_LOCATION_REQUESTS = """
    window.locationRequests = 0;
    const ask = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
    navigator.geolocation.getCurrentPosition = (...args) => {
        window.locationRequests += 1;
        return ask(...args);
    };
"""


@pytest.mark.parametrize("consent", [True, False], ids=["consented", "not-consented"])
def test_location_only_after_consent(phone, live_server, touchpoint, consent):
    page = phone(permissions=["geolocation"], geolocation=GEOLOCATION)
    page.add_init_script(COUNT_LOCATION_REQUESTS)
    page.goto(form_url(live_server, touchpoint))
    score(page, 7).tap()
    assert page.evaluate("() => window.locationRequests") == 0
    if consent:
        page.locator("label[for=share-location]").tap()
        page.wait_for_function("() => document.getElementById('latitude').value !== ''")
        assert page.locator("#location-status").inner_text().strip()
    send(page)
    [response] = stored_responses()
    if consent:
        assert (response.latitude, response.longitude) == (Decimal("42.4258"), Decimal("25.6345"))
    else:
        assert response.latitude is None and response.longitude is None
        assert page.evaluate("() => window.locationRequests") == 0


def test_location_consent_taken_back_sends_none(phone, live_server, touchpoint):
    page = phone(permissions=["geolocation"], geolocation=GEOLOCATION)
    page.goto(form_url(live_server, touchpoint))
    score(page, 7).tap()
    consent = page.locator("label[for=share-location]")
    consent.tap()
    page.wait_for_function("() => document.getElementById('latitude').value !== ''")
    consent.tap()
    assert page.locator("#latitude").input_value() == ""
    send(page)
    [response] = stored_responses()
    assert response.latitude is None and response.longitude is None


def test_location_refused_by_the_browser_unticks_consent(phone, live_server, touchpoint):
    page = phone()  # no geolocation permission granted
    page.goto(form_url(live_server, touchpoint))
    page.locator("label[for=share-location]").tap()
    page.wait_for_function("() => !document.getElementById('share-location').checked")
    assert page.locator("#location-status").inner_text().strip()


@SCRIPTING
def test_language_follows_the_browser(phone, live_server, touchpoint, javascript):
    page = phone(locale="en", javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text(TEXT["en"]["question"]).is_visible()


@SCRIPTING
def test_language_switch_carries_to_the_thank_you_page(phone, live_server, touchpoint, javascript):
    page = phone(locale="bg", javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    switch = page.locator(".lang a[hreflang=en]")
    assert page.locator(".lang a[aria-current]").get_attribute("hreflang") == "bg"
    switch.tap()
    page.wait_for_url("**?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text(TEXT["en"]["question"]).is_visible()
    assert page.locator(".lang a[aria-current]").get_attribute("hreflang") == "en"
    score(page, 10).tap()
    send(page)
    assert page.locator("h1").inner_text() == TEXT["en"]["thanks"]
    [response] = stored_responses()
    assert response.language == "en"


@SCRIPTING
def test_double_click_on_send_stores_one_response(phone, live_server, touchpoint, javascript):
    page = phone(javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    score(page, 6).click()
    page.locator("button[type=submit]").dblclick()
    # Without JavaScript the second click aborts the first post's navigation, so wait for
    # where the page ends up rather than for one navigation.
    expect(page).to_have_url(THANKS)
    assert len(stored_responses()) == 1


@SCRIPTING
def test_a_refused_photo_keeps_the_answers(phone, live_server, touchpoint, javascript):
    page = phone(javascript=javascript)
    page.goto(form_url(live_server, touchpoint))
    score(page, 4).tap()
    page.locator(f"#{COMMENT}-1").fill("keep me")
    page.locator("#photo").set_input_files(photo_file(b"not an image", name="x.jpg"))
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("#errors")
    assert errors.is_visible() and errors.get_attribute("role") == "alert"
    if javascript:
        assert page.evaluate("() => document.activeElement.id") == "errors"
    assert page.locator(f"#{SCORE}-5").is_checked()
    assert page.locator(f"#{COMMENT}-1").input_value() == "keep me"
    assert page.locator("#photo").get_attribute("aria-describedby") == "photo-hint photo-error"
    assert stored_responses() == []
    # The link in the summary leads to the field.
    errors.locator("a[href='#photo']").click()
    assert page.evaluate("() => document.activeElement.id") == "photo"
    score(page, 4).tap()  # still checked; the form is simply sent again without the photo
    page.locator("#photo").set_input_files([])
    send(page)
    [response] = stored_responses()
    assert answers_of(response) == {"overall": 4, "comment": "keep me"}


@pytest.mark.parametrize(
    ("gone", "status", "heading"),
    [
        ("unknown", 404, "We cannot find this code"),
        ("deactivated", 410, "This place no longer collects feedback"),
    ],
)
def test_unknown_and_deactivated_codes_are_polite(
    phone, live_server, touchpoint, gone, status, heading
):
    code = "NOSUCH99"
    if gone == "deactivated":
        touchpoint.is_active = False
        with scopes_disabled():
            touchpoint.save()
        code = touchpoint.code
    page = phone(locale="en")
    answer = page.goto(f"{live_server.url}/q/{code}")
    assert answer.status == status
    assert page.get_by_text(heading).is_visible()
    assert page.locator("[lang=bg] h1").is_visible()
    assert page.locator("form").count() == 0
    assert touchpoint.name_en not in page.content()
