"""The kiosk's pages and JSON API through the test client, with hostile input too."""

import gzip
import json
import re
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.feedback.kiosks import MAX_BATCH, kiosk_create, kiosk_pair, kiosk_revoke
from civicpulse.feedback.models import Kiosk, KioskDisplay, Response
from civicpulse.public.kiosk_views import DEVICE_COOKIE, MAX_BODY
from tests.factories import TouchpointFactory, make_questionnaire
from tests.public.test_page_weight import first_view

PRESSES = "/k/api/presses"
HEARTBEAT = "/k/api/heartbeat"
SITE = "http://testserver"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def made(touchpoint):
    with scope(organization=touchpoint.organization):
        return kiosk_create(
            organization=touchpoint.organization, name="Desk 1", touchpoint=touchpoint
        )


@pytest.fixture
def kiosk(made):
    return made[0]


@pytest.fixture
def tablet(client, made):
    """A client holding the device cookie of a paired kiosk."""
    _kiosk, code = made
    _kiosk, token = kiosk_pair(code=code, client_key="tests")
    client.cookies[DEVICE_COOKIE] = token
    return client


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def responses(kiosk):
    with scopes_disabled():
        return list(Response.objects.filter(kiosk=kiosk).prefetch_related("answers__option"))


def api(client, body, url=PRESSES, **headers):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    headers.setdefault("content_type", "application/json")
    return client.post(url, data, **headers)


def press(score=8, follow_up="", seconds_ago=60, press_id=None):
    at = timezone.now() - timedelta(seconds=seconds_ago)
    return {
        "id": str(press_id or uuid.uuid4()),
        "pressed_at": int(at.timestamp() * 1000),
        "score": score,
        "follow_up": follow_up,
    }


class TestPairing:
    def test_the_pairing_page_is_a_plain_form(self, client):
        response = client.get("/k/", HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert response.status_code == 200 and '<html lang="bg">' in page
        assert 'name="code"' in page and '<label for="code">' in page

    def test_a_right_code_sets_a_strict_http_only_cookie_and_opens_the_kiosk(self, client, made):
        kiosk, code = made
        response = client.post("/k/", {"code": code})
        assert response.status_code == 303 and response.url == "/k/screen/"
        cookie = response.cookies[DEVICE_COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        assert cookie["path"] == "/k/" and int(cookie["max-age"]) > 300 * 86400
        with scopes_disabled():
            assert Kiosk.objects.get(pk=kiosk.pk).is_paired
        assert client.get("/k/screen/").status_code == 200
        assert client.get("/k/").status_code == 302  # paired: straight to the screen

    def test_a_wrong_code_keeps_what_was_typed_and_says_why(self, client, made):
        response = client.post("/k/", {"code": "<b>22222222</b>"}, HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert response.status_code == 400
        assert "&lt;b&gt;22222222&lt;/b&gt;" in page and "<b>22222222" not in page
        assert 'aria-invalid="true"' in page and DEVICE_COOKIE not in response.cookies

    def test_many_wrong_codes_are_answered_with_429(self, client, made):
        for _attempt in range(10):
            client.post("/k/", {"code": "22222222"})
        assert client.post("/k/", {"code": made[1]}).status_code == 429

    def test_a_cross_site_post_is_refused(self, client, made):
        response = client.post("/k/", {"code": made[1]}, HTTP_ORIGIN="https://evil.example")
        assert response.status_code == 403 and DEVICE_COOKIE not in response.cookies

    def test_a_huge_code_is_cut_short(self, client, made):
        assert client.post("/k/", {"code": "A" * 100_000}).status_code == 400


class TestScreen:
    def test_no_cookie_goes_to_pairing(self, client):
        response = client.get("/k/screen/")
        assert response.status_code == 302 and response.url.endswith("/k/")

    def test_a_revoked_kiosk_shows_the_polite_page_in_both_languages(self, tablet, kiosk):
        with scope(organization=kiosk.organization):
            kiosk_revoke(kiosk=kiosk)
        response = tablet.get("/k/screen/")
        page = response.content.decode()
        assert response.status_code == 403
        assert "This kiosk is no longer paired" in page and 'lang="bg"' in page

    def test_the_screen_shows_five_labelled_smileys_in_bulgarian(self, tablet, kiosk):
        response = tablet.get("/k/screen/", HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert response.status_code == 200 and '<html lang="bg">' in page
        assert page.count('<button type="submit" name="score"') == 5
        assert page.count('class="label"') == 5 and page.count('<svg class="face"') == 5
        assert "no-cache" in response["Cache-Control"]
        with scopes_disabled():
            assert Kiosk.objects.get(pk=kiosk.pk).last_seen_at is not None

    def test_english_is_one_tap_away(self, tablet):
        page = tablet.get("/k/screen/?lang=en").content.decode()
        assert '<html lang="en">' in page and "Very dissatisfied" in page
        assert 'name="language" value="en"' in page

    def test_a_scale_kiosk_shows_0_to_10(self, tablet, kiosk):
        with scopes_disabled():
            Kiosk.objects.filter(pk=kiosk.pk).update(display=KioskDisplay.SCALE)
        page = tablet.get("/k/screen/").content.decode()
        assert page.count('<button type="submit" name="score"') == 11

    def test_the_screen_is_small(self, tablet):
        files = first_view(tablet.get("/k/screen/").content.decode())
        assert {"/static/public/kiosk.css", "/static/public/kiosk.js"} <= set(files)
        compressed = sum(len(gzip.compress(content)) for content in files.values())
        assert compressed < 15 * 1024

    def test_a_kiosk_without_questionnaire_says_it_is_not_ready(self, tablet, touchpoint):
        with scopes_disabled():
            from civicpulse.feedback.models import Questionnaire

            Questionnaire.objects.filter(category=touchpoint.category).update(current_version=None)
        assert tablet.get("/k/screen/").status_code == 503

    def test_the_service_worker_is_served_under_k(self, client):
        response = client.get("/k/sw.js")
        body = response.content.decode()
        assert response.status_code == 200 and response["Content-Type"].startswith(
            "text/javascript"
        )
        assert '"/static/public/kiosk.js"' in body and 'var HOME = "/k/screen/"' in body


class TestWithoutJavaScript:
    def test_a_low_score_asks_the_follow_up_then_thanks(self, tablet, kiosk):
        page = tablet.get("/k/screen/?lang=en").content.decode()
        press_id = hidden(page, "press")
        assert uuid.UUID(press_id).version == 7  # time-ordered, as kiosk.js makes them
        data = {"step": "rate", "press": press_id, "score": "0", "language": "en"}
        asked = tablet.post("/k/screen/", data)
        follow_up = asked.content.decode()
        assert asked.status_code == 200 and "What is the problem?" in follow_up
        assert 'http-equiv="refresh"' not in follow_up and len(responses(kiosk)) == 1
        answer = {**data, "step": "follow_up", "follow_up": "dirty"}
        thanks = tablet.post("/k/screen/", answer)
        assert thanks.status_code == 303 and thanks.url == "/k/thanks/?lang=en"
        again = tablet.post("/k/screen/", answer)  # a resubmitted page
        assert again.status_code == 303
        [response] = responses(kiosk)
        assert response.score == 0
        assert [a.option.key for a in response.answers.all() if a.option] == ["dirty"]
        page = tablet.get(thanks.url).content.decode()
        # No timed refresh (WCAG 2.2.1): the next person starts with one large button.
        assert "refresh" not in page and '<a href="/k/screen/">' in page

    def test_skipping_the_follow_up_keeps_the_score(self, tablet, kiosk):
        press_id = hidden(tablet.get("/k/screen/").content.decode(), "press")
        tablet.post("/k/screen/", {"step": "rate", "press": press_id, "score": "2"})
        skipped = tablet.post(
            "/k/screen/", {"step": "follow_up", "press": press_id, "score": "2", "follow_up": ""}
        )
        assert skipped.status_code == 303
        assert [r.score for r in responses(kiosk)] == [2]

    def test_a_high_score_thanks_at_once_and_a_second_tap_is_ignored(self, tablet, kiosk):
        for _tap in range(2):
            press_id = hidden(tablet.get("/k/screen/").content.decode(), "press")
            sent = tablet.post("/k/screen/", {"step": "rate", "press": press_id, "score": "8"})
            assert sent.status_code == 303
        assert len(responses(kiosk)) == 1  # inside the 5 s repeat window

    @pytest.mark.parametrize(
        "data",
        [
            {"score": "11"},
            {"score": "-1"},
            {"score": "abc"},
            {"score": ""},
            {"press": "nope", "score": "5"},
        ],
        ids=["eleven", "minus-one", "letters", "empty", "bad-press-id"],
    )
    def test_bad_taps_show_the_screen_again_with_a_message(self, tablet, kiosk, data):
        fields = {"step": "rate", "press": str(uuid.uuid4()), **data}
        response = tablet.post("/k/screen/", fields)
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()
        assert responses(kiosk) == []

    def test_a_cross_site_tap_is_refused(self, tablet, kiosk):
        fields = {"step": "rate", "press": str(uuid.uuid4()), "score": "8"}
        response = tablet.post("/k/screen/", fields, HTTP_SEC_FETCH_SITE="cross-site")
        assert response.status_code == 403 and responses(kiosk) == []


class TestApi:
    def test_presses_are_stored_once_with_a_result_each(self, tablet, kiosk):
        batch = {"presses": [press(0, "broken", 120), press(10, "", 60)]}
        first = api(tablet, batch)
        assert first.status_code == 200 and first["Cache-Control"] == "no-store"
        assert [r["status"] for r in first.json()["results"]] == ["stored", "stored"]
        again = api(tablet, batch)
        assert [r["status"] for r in again.json()["results"]] == ["duplicate", "duplicate"]
        assert sorted(r.score for r in responses(kiosk)) == [0, 10]

    @pytest.mark.parametrize(
        ("body", "status", "error"),
        [
            (b"{not json", 400, "bad_json"),
            (b"\xff\xfe", 400, "bad_json"),
            (b"[1, 2]", 400, "bad_request"),
            (b'"presses"', 400, "bad_request"),
            (b'{"presses": {"id": 1}}', 400, "bad_request"),
            (b'{"presses": "all"}', 400, "bad_request"),
            (b"{}", 400, "bad_request"),
        ],
        ids=["broken", "not-utf8", "list", "string", "object", "string-presses", "empty"],
    )
    def test_malformed_bodies_get_a_json_error(self, tablet, kiosk, body, status, error):
        response = api(tablet, body)
        assert response.status_code == status and response.json()["error"] == error
        assert responses(kiosk) == []

    @pytest.mark.parametrize(
        "item",
        [
            {"score": 11},
            {"score": -1},
            {"score": "abc"},
            {"score": [8]},
            {"id": "<script>alert(1)</script>"},
            {"pressed_at": "2024-01-01"},
            {"follow_up": {"$gt": ""}},
        ],
        ids=["eleven", "minus-one", "letters", "list-score", "xss-id", "string-time", "object"],
    )
    def test_bad_presses_are_refused_one_by_one(self, tablet, kiosk, item):
        results = api(tablet, {"presses": [{**press(), **item}, press(seconds_ago=600)]}).json()
        assert [r["status"] for r in results["results"]] == ["refused", "stored"]
        assert results["results"][0]["reason"]
        assert len(responses(kiosk)) == 1

    def test_a_huge_body_is_refused_before_it_is_read(self, tablet, kiosk):
        body = json.dumps({"presses": [], "padding": "x" * (MAX_BODY + 1)})
        response = api(tablet, body)
        assert response.status_code == 413 and response.json()["error"] == "too_large"

    def test_a_thousand_presses_are_refused_whole(self, tablet, kiosk):
        batch = [{"id": str(uuid.uuid4()), "pressed_at": 1, "score": 1} for _ in range(1000)]
        response = api(tablet, {"presses": batch})
        assert response.status_code == 413
        assert response.json()["error"] in ("too_large", "too_many")
        assert responses(kiosk) == []

    def test_just_over_the_batch_limit_is_too_many(self, tablet, kiosk):
        batch = [{"id": "", "pressed_at": 1, "score": 1} for _ in range(MAX_BATCH + 1)]
        response = api(tablet, {"presses": batch})
        assert response.status_code == 413 and response.json()["error"] == "too_many"

    def test_without_the_cookie_the_api_says_not_paired(self, client, kiosk):
        response = api(client, {"presses": [press()]})
        assert response.status_code == 401 and response.json()["error"] == "not_paired"

    def test_a_revoked_token_is_not_paired(self, tablet, kiosk):
        with scope(organization=kiosk.organization):
            kiosk_revoke(kiosk=kiosk)
        assert api(tablet, {"presses": [press()]}).status_code == 401
        assert responses(kiosk) == []

    def test_another_organisations_kiosk_token_stores_only_there(
        self, client, kiosk, other_organization
    ):
        with scopes_disabled():
            place = TouchpointFactory(organization=other_organization)
            make_questionnaire(organization=other_organization, category=place.category)
        with scope(organization=other_organization):
            theirs, code = kiosk_create(
                organization=other_organization, name="Theirs", touchpoint=place
            )
        _theirs, token = kiosk_pair(code=code, client_key="them")
        client.cookies[DEVICE_COOKIE] = token
        assert api(client, {"presses": [press()]}).status_code == 200
        assert responses(kiosk) == [] and len(responses(theirs)) == 1

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_ORIGIN": "https://evil.example"},
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_SEC_FETCH_SITE": "same-site"},
        ],
        ids=["origin", "fetch-cross-site", "fetch-same-site"],
    )
    def test_cross_origin_posts_are_refused(self, tablet, kiosk, headers):
        response = api(tablet, {"presses": [press()]}, **headers)
        assert response.status_code == 403 and response.json()["error"] == "cross_origin"
        assert responses(kiosk) == []

    def test_a_same_origin_post_is_accepted(self, tablet):
        response = api(tablet, {"presses": [press()]}, HTTP_ORIGIN=SITE)
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "content_type",
        ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
        ids=["text", "form", "multipart"],
    )
    def test_only_json_is_accepted(self, tablet, kiosk, content_type):
        response = api(tablet, {"presses": [press()]}, content_type=content_type)
        assert response.status_code == 415 and responses(kiosk) == []

    def test_get_is_not_allowed(self, tablet):
        response = tablet.get(PRESSES)
        assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"

    def test_the_heartbeat_marks_the_kiosk_online_and_names_its_settings(self, tablet, kiosk):
        with scopes_disabled():
            Kiosk.objects.filter(pk=kiosk.pk).update(last_seen_at=None)
        answer = api(tablet, {}, url=HEARTBEAT).json()
        assert answer["ok"] is True and len(answer["config"]) == 12
        page = tablet.get("/k/screen/").content.decode()
        assert f'data-config="{answer["config"]}"' in page
        with scopes_disabled():
            assert Kiosk.objects.get(pk=kiosk.pk).is_online
