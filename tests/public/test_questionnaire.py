"""The questionnaire behind a QR code, through the test client and without JavaScript."""

import re
import uuid

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from civicpulse.feedback.abuse import FINGERPRINT_BURST
from civicpulse.feedback.counters import counters_windows
from civicpulse.feedback.models import Answer, Response
from civicpulse.public.clients import client_ip
from civicpulse.public.form_tokens import FORM_SIGNING_SALT
from tests.factories import TouchpointFactory, make_questionnaire
from tests.feedback.images import jpeg_with_gps, png_claiming


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


@pytest.fixture
def form_page(client, touchpoint):
    def get(code=None, **headers):
        return client.get(f"/q/{code or touchpoint.code}", **headers)

    return get


@pytest.fixture
def send(client, touchpoint, form_page):
    """Posts the form as a browser would: the tokens of a fresh page, plus the given fields."""

    def post(fields, *, page=None, remote="198.51.100.1", **headers):
        page = page or form_page().content.decode()
        data = {
            "form_token": hidden(page, "form_token"),
            "client_token": hidden(page, "client_token"),
            **fields,
        }
        return client.post(f"/q/{touchpoint.code}", data, REMOTE_ADDR=remote, **headers)

    return post


def responses():
    with scopes_disabled():
        return list(Response.objects.prefetch_related("answers__question", "answers__option"))


class TestForm:
    def test_lists_every_question_with_follow_ups_and_their_band(self, form_page):
        response = form_page()
        page = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="bg">' in page
        assert page.count("<fieldset") == 2 and page.count("<legend>") == 2
        assert page.count('name="q-overall"') == 11
        assert 'data-parent="q-overall" data-min="0" data-max="6"' in page
        assert "0-6" in page
        assert 'name="q-comment"' in page and 'name="photo"' in page
        assert 'name="share_location"' in page

    def test_the_code_is_found_in_either_case(self, client, touchpoint):
        assert client.get(f"/Q/{touchpoint.code}").status_code == 200
        assert client.get(f"/q/{touchpoint.code.lower()}").status_code == 200

    def test_is_private_and_sets_no_cookie(self, form_page):
        response = form_page()
        assert "private" in response["Cache-Control"]
        assert not response.cookies

    def test_in_english_from_the_browser_or_the_switch(self, client, touchpoint, form_page):
        page = form_page(HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<html lang="en">' in page and "How do you rate it?" in page
        switched = client.get(f"/q/{touchpoint.code}?lang=en")
        assert '<html lang="en">' in switched.content.decode()
        assert switched.cookies["django_language"].value == "en"
        assert 'href="?lang=bg"' in switched.content.decode()
        thanks = client.get(f"/q/{touchpoint.code}/thanks?lang=bg")
        assert '<html lang="bg">' in thanks.content.decode()

    def test_a_honeypot_is_hidden_from_people(self, form_page):
        page = form_page().content.decode()
        assert '<div class="hp" aria-hidden="true">' in page
        assert 'name="website" tabindex="-1" autocomplete="off"' in page

    def test_asks_the_database_little(self, form_page, django_assert_max_num_queries):
        with django_assert_max_num_queries(5):
            form_page()

    def test_every_render_has_its_own_client_token(self, form_page):
        first, second = (hidden(form_page().content.decode(), "client_token") for _ in "12")
        assert first != second and uuid.UUID(first)

    def test_client_tokens_are_time_ordered(self, form_page):
        # Version 7: a later page's token sorts after an earlier one's, so stored responses'
        # keys go to the end of the unique index.
        tokens = [uuid.UUID(hidden(form_page().content.decode(), "client_token")) for _ in "123"]
        assert {token.version for token in tokens} == {7}
        assert tokens == sorted(tokens)


class TestMissingPlaces:
    def test_an_unknown_code_is_a_polite_404_in_both_languages(self, db, client):
        response = client.get("/q/NOSUCH99")
        page = response.content.decode()
        assert response.status_code == 404
        assert 'lang="bg"' in page and 'lang="en"' in page and "Traceback" not in page

    def test_a_deactivated_place_is_410(self, client, touchpoint):
        touchpoint.is_active = False
        with scopes_disabled():
            touchpoint.save()
        response = client.get(f"/q/{touchpoint.code}")
        page = response.content.decode()
        assert response.status_code == 410
        assert "no longer collects feedback" in page and touchpoint.name_bg not in page
        assert client.post(f"/q/{touchpoint.code}", {"q-overall": 5}).status_code == 410


class TestSubmitting:
    @pytest.mark.parametrize(
        ("language", "thanks"), [("bg", '<html lang="bg">'), ("en", "Thank you!")]
    )
    def test_rate_send_thanks(self, client, send, touchpoint, language, thanks):
        client.cookies["django_language"] = language
        response = send({"q-overall": "9"})
        assert response.status_code == 303
        assert response["Location"] == f"/q/{touchpoint.code}/thanks"
        page = client.get(response["Location"]).content.decode()
        assert thanks in page and f'<html lang="{language}">' in page
        assert "signal" in page or language == "bg"
        (stored,) = responses()
        assert stored.score == 9 and stored.language == language and stored.channel == "qr"

    def test_all_answers_are_kept(self, send):
        send({"q-overall": "3", "q-problem": ["dirty", "broken"], "q-comment": "Счупена люлка"})
        (stored,) = responses()
        assert sorted(
            (a.question.key, a.number, a.option and a.option.key, a.text)
            for a in stored.answers.all()
        ) == [
            ("comment", None, None, "Счупена люлка"),
            ("overall", 3, None, ""),
            ("problem", None, "broken", ""),
            ("problem", None, "dirty", ""),
        ]

    def test_a_follow_up_outside_its_band_is_ignored(self, send):
        assert send({"q-overall": "10", "q-problem": "dirty"}).status_code == 303
        (stored,) = responses()
        assert [a.question.key for a in stored.answers.all()] == ["overall"]

    def test_a_replayed_post_stores_one_response(self, send, form_page):
        page = form_page().content.decode()
        first = send({"q-overall": "7"}, page=page)
        again = send({"q-overall": "7"}, page=page)
        assert first.status_code == again.status_code == 303
        assert len(responses()) == 1

    def test_location_only_with_consent(self, send):
        send({"q-overall": "5", "latitude": "42.12345", "longitude": "25.6"})
        send({"q-overall": "5", "latitude": "42.12345", "longitude": "25.6", "share_location": "1"})
        located = sorted(str(r.latitude) for r in responses())
        assert located == ["42.123500", "None"]

    def test_a_filled_honeypot_is_stored_but_flagged(self, send):
        assert send({"q-overall": "5", "website": "http://spam.example"}).status_code == 303
        (stored,) = responses()
        assert stored.is_flagged and stored.flag_reason == "honeypot"


class TestRefusals:
    @pytest.mark.parametrize("score", ["11", "-1", "abc", ""])
    def test_a_bad_score_is_a_clear_error_and_keeps_what_was_typed(self, send, score):
        response = send({"q-overall": score, "q-comment": "<script>alert(1)</script>"})
        page = response.content.decode()
        assert response.status_code == 400
        assert 'role="alert"' in page and 'href="#q-overall-1"' in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
        assert responses() == []

    def test_a_very_long_comment_is_refused(self, send):
        response = send({"q-overall": "5", "q-comment": "я" * 10_000})
        assert response.status_code == 400 and 'href="#q-comment-1"' in response.content.decode()
        assert responses() == []

    def test_a_twenty_megabyte_photo_gets_a_form_error(self, send):
        photo = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\0" * (20 * 1024 * 1024))
        response = send({"q-overall": "5", "photo": photo})
        assert response.status_code == 400
        assert "10 MB" in response.content.decode() and 'href="#photo"' in response.content.decode()
        assert responses() == []

    def test_a_broken_multipart_body_is_a_bad_request_and_stores_nothing(
        self, client, touchpoint, form_page
    ):
        page = form_page().content.decode()
        boundary = "BrokenOff"
        data = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="form_token"\r\n\r\n'
            f"{hidden(page, 'form_token')}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="q-overall"\r\n\r\n7'
        ).encode()  # the connection dropped before the closing boundary
        response = client.post(
            f"/q/{touchpoint.code}",
            data,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        assert response.status_code == 400
        assert responses() == []

    @pytest.mark.parametrize(
        "content", [b"hello, I am text", png_claiming(10_000, 10_000)], ids=["text", "bomb"]
    )
    def test_a_file_that_is_no_photo_is_refused(self, send, content):
        photo = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
        response = send({"q-overall": "5", "photo": photo})
        assert response.status_code == 400 and 'id="photo-error"' in response.content.decode()
        assert responses() == []

    def test_a_photo_is_stored_without_its_metadata(self, send):
        photo = SimpleUploadedFile("IMG.jpg", jpeg_with_gps(), content_type="image/jpeg")
        assert send({"q-overall": "5", "photo": photo}).status_code == 303
        (stored,) = responses()
        with stored.photo.open("rb") as file:
            assert b"Exif" not in file.read()

    @pytest.mark.parametrize(
        "token",
        [
            "forged",
            signing.TimestampSigner(salt=FORM_SIGNING_SALT).sign("OTHERCODE"),
            signing.TimestampSigner(salt="another-purpose").sign("X"),
        ],
        # Signed tokens carry the time: stable ids keep parallel workers' collections equal.
        ids=["forged", "another-place", "another-purpose"],
    )
    def test_a_forged_form_token_is_refused_and_the_form_shown_again(self, send, token):
        response = send({"q-overall": "5", "form_token": token})
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()
        assert 'value="5" checked' in response.content.decode()
        assert responses() == []

    def test_an_expired_form_token_is_refused(self, send, form_page, monkeypatch):
        page = form_page().content.decode()
        monkeypatch.setattr("civicpulse.public.form_tokens.FORM_TOKEN_MAX_AGE", -1)
        assert send({"q-overall": "5"}, page=page).status_code == 400
        assert responses() == []

    def test_a_missing_client_token_is_refused(self, send):
        assert send({"q-overall": "5", "client_token": "not-a-uuid"}).status_code == 400
        assert responses() == []

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_ORIGIN": "https://evil.example"},
            {"HTTP_ORIGIN": "null"},
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
        ],
    )
    def test_a_post_from_another_site_is_refused(self, send, headers):
        assert send({"q-overall": "5"}, **headers).status_code == 403
        assert responses() == []

    def test_a_post_from_our_own_page_passes(self, send):
        response = send(
            {"q-overall": "5"}, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin"
        )
        assert response.status_code == 303

    def test_correcting_mistakes_does_not_count_towards_the_limit(self, send):
        for _ in range(FINGERPRINT_BURST.most + 2):
            assert send({"q-overall": "11"}).status_code == 400
        assert send({"q-overall": "5"}).status_code == 303

    def test_our_public_address_is_our_origin_behind_a_proxy(self, send, settings):
        settings.SITE_URL = "https://glas.example.bg"
        assert send({"q-overall": "5"}, HTTP_ORIGIN="https://glas.example.bg").status_code == 303

    def test_a_flood_from_one_client_is_slowed_and_loses_nothing(self, send):
        for _ in range(FINGERPRINT_BURST.most):
            assert send({"q-overall": "6"}).status_code == 303
        response = send({"q-overall": "2", "q-problem": "broken", "q-comment": "Пак счупено"})
        page = response.content.decode()
        assert response.status_code == 429 and 'role="alert"' in page
        assert 'value="2" checked' in page and 'value="broken" checked' in page
        assert "Пак счупено</textarea>" in page
        assert len(responses()) == FINGERPRINT_BURST.most
        # Someone else at the same stop can still answer.
        assert send({"q-overall": "6"}, remote="198.51.100.2").status_code == 303


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # a header nobody vouches for is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client cannot forge its way left
        (2, "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(rf, settings, proxies, forwarded, expected):
    settings.FORWARDED_PROXIES = proxies
    request = rf.post("/q/X", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_nothing_identifying_is_stored(send):
    send({"q-overall": "5"}, HTTP_USER_AGENT="UniqueAgent/1.0")
    with scopes_disabled():
        rows = [str(v) for r in Response.objects.values() for v in r.values()]
        rows += [str(v) for a in Answer.objects.values() for v in a.values()]
        counters = [key for key, _start, _count in counters_windows()]
    assert not any("198.51.100.1" in v or "UniqueAgent" in v for v in rows)
    assert counters and all(re.fullmatch(r"[0-9a-f]{32,64}", key) for key in counters)


def test_every_kind_of_question_is_a_set_of_big_labelled_choices(client, organization):
    touchpoint = TouchpointFactory(organization=organization)
    make_questionnaire(
        organization=organization,
        category=touchpoint.category,
        definition={
            "title": {"bg": "Всичко", "en": "Everything"},
            "questions": [
                {"key": key, "kind": kind, "text": {"bg": key, "en": key}, **extra}
                for key, kind, extra in [
                    ("stars", "stars", {"required": True}),
                    ("faces", "smileys", {}),
                    ("again", "yes_no", {}),
                    ("nps", "nps", {}),
                    (
                        "why",
                        "single",
                        {
                            "options": [
                                {"key": "a", "label": {"bg": "А", "en": "A"}},
                                {"key": "b", "label": {"bg": "Б", "en": "B"}},
                            ]
                        },
                    ),
                ]
            ],
        },
    )
    client.cookies["django_language"] = "en"
    page = client.get(f"/q/{touchpoint.code}").content.decode()
    assert page.count("<fieldset") == 5
    assert '<span aria-hidden="true">3 ★</span><span class="sr">3 of 5</span>' in page
    assert '<span aria-hidden="true">😀</span><span class="sr">5 of 5</span>' in page
    assert 'name="q-again" value="1"' in page and ">Yes</label>" in page
    assert page.count('name="q-nps"') == 11
    assert 'type="radio" id="q-why-2" name="q-why" value="b"' in page
    assert re.search(r'<input type="radio" id="q-stars-1"[^>]*required', page)
    response = client.post(
        f"/q/{touchpoint.code}",
        {
            "form_token": hidden(page, "form_token"),
            "client_token": hidden(page, "client_token"),
            "q-stars": "4",
            "q-faces": "2",
            "q-again": "0",
            "q-nps": "10",
            "q-why": "b",
        },
    )
    assert response.status_code == 303
    (stored,) = responses()
    assert stored.score == 4 and stored.answers.count() == 5
