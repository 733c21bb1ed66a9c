"""The signal form at /o/<slug>/signals/new/, through the test client and without JavaScript:
what it asks and explains, what it refuses (every field, all at once, keeping what was
typed), photos, the anti-abuse checks and the "check your e-mail" page."""

import io
import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled
from PIL import Image

from civicpulse.cases.abuse import FILING_BURST
from civicpulse.cases.filing import MAX_DESCRIPTION
from civicpulse.cases.models import Case, CaseKind, CasePhoto
from civicpulse.public.form_tokens import FORM_SIGNING_SALT
from tests.cases.portal import FILED, hidden
from tests.factories import AreaFactory, CategoryFactory, TouchpointFactory, make_questionnaire
from tests.feedback.images import jpeg_with_gps, png

URL = "/o/stara-zagora/signals/new/"


@pytest.fixture
def form_page(client, portal):
    def get(query=""):
        return client.get(URL + query)

    return get


@pytest.fixture
def send(client, form_page):
    """Posts the form as a browser would: the token of a fresh page, plus the given fields."""

    def post(fields, *, page=None, remote="198.51.100.1", photos=(), query="", **headers):
        page = page or form_page().content.decode()
        data = {"form_token": hidden(page, "form_token"), **fields}
        if photos:
            data["photos"] = list(photos)
        return client.post(URL + query, data, REMOTE_ADDR=remote, **headers)

    return post


def cases() -> list[Case]:
    with scopes_disabled():
        return list(Case.objects.select_related("category", "touchpoint").order_by("pk"))


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def field_error(page: str, field: str) -> str:
    """The message shown next to a field, which the field names in aria-describedby."""
    found = re.search(rf'<p class="err" id="{field}-error">([^<]*)</p>', page)
    assert found, f"no error shown for {field}"
    assert re.search(rf'aria-describedby="[^"]*\b{field}-error\b', page)
    return found.group(1)


class TestThePage:
    def test_asks_everything_and_works_without_javascript(self, form_page):
        response = form_page()
        page = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="bg">' in page
        assert "no-store" in response["Cache-Control"]
        for name in ("title", "description", "category", "address", "photos"):
            assert f'name="{name}"' in page
        for name in ("sender_name", "sender_email", "sender_phone", "latitude", "longitude"):
            assert f'name="{name}"' in page
        assert page.count('name="kind"') == 5 and page.count('name="publication"') == 3
        assert 'method="post" enctype="multipart/form-data"' in page
        assert "чл. 111, ал. 4" in page  # why the names, e-mail and phone are asked
        assert 'name="website"' in page and 'tabindex="-1"' in page  # the honeypot
        # Scripts only from our own files; the location button and counter wait for them.
        assert re.findall(r"<script[^>]*>", page) == [
            '<script src="/static/public/case_form.js" defer>'
        ]
        assert 'id="locate" hidden' in page and 'id="description-count" hidden' in page
        # Similar cases, fetched by the script from the register while the citizen writes.
        similar = "/o/stara-zagora/signals/similar/"
        assert f'id="similar" data-url="{similar}"' in page and 'aria-live="polite"' in page

    def test_in_english(self, form_page):
        page = form_page("?lang=en").content.decode()
        assert '<html lang="en">' in page and "File a signal" in page
        assert "Administrative Procedure Code" in page
        assert "Publish it without my name" in page

    def test_the_first_kind_and_publication_without_the_name_are_chosen(self, form_page):
        page = form_page().content.decode()
        assert 'value="signal" checked' in page and 'value="anonymous" checked' in page

    def test_lists_only_the_organisation_s_active_categories(
        self, form_page, portal, other_organization
    ):
        mine = CategoryFactory(organization=portal, name_bg="Паркове")
        CategoryFactory(organization=portal, name_bg="Закрита", is_active=False)
        CategoryFactory(organization=other_organization, name_bg="Чужда")
        page = form_page().content.decode()
        assert f'<option value="{mine.pk}">Паркове</option>' in page
        assert "Закрита" not in page and "Чужда" not in page

    def test_an_unknown_organisation_or_one_without_kinds_is_not_found(self, client, portal):
        assert client.get("/o/no-such-town/signals/new/").status_code == 404
        with scope(organization=portal):
            CaseKind.objects.update(is_active=False)
        assert client.get(URL).status_code == 404


class TestFiling:
    def test_files_a_draft_and_says_to_check_the_e_mail(self, send, client, mailoutbox):
        response = send(FILED)
        assert response.status_code == 303
        assert response.url == "/o/stara-zagora/signals/sent/"
        [case] = cases()
        assert not case.is_registered
        assert (case.title, case.sender_email, case.publication) == (
            FILED["title"],
            "maria@example.org",
            "anonymous",
        )
        sent = client.get(response.url)
        assert sent.status_code == 200 and "48" in sent.content.decode()
        assert "Check your e-mail" in client.get(response.url + "?lang=en").content.decode()

    def test_the_case_is_in_the_language_of_the_page(self, send):
        assert send(FILED, query="?lang=en").status_code == 303
        assert cases()[0].language == "en"

    def test_chosen_category_area_and_place_are_kept(self, send, portal):
        category = CategoryFactory(organization=portal)
        area = AreaFactory(organization=portal)
        fields = {
            **FILED,
            "category": str(category.pk),
            "area": str(area.pk),
            "address": "ул. Цар Симеон 1",
            "latitude": "42.4258",
            "longitude": "25.6345",
        }
        assert send(fields).status_code == 303
        [case] = cases()
        assert case.category == category and case.area_id == area.pk
        assert str(case.latitude) == "42.425800" and case.address == "ул. Цар Симеон 1"


# field → the value that is wrong; each is refused next to its field with what was typed kept.
BAD = {
    "no-e-mail": ("sender_email", ""),
    "invalid-e-mail": ("sender_email", "maria@"),
    "no-phone": ("sender_phone", ""),
    "invalid-phone": ("sender_phone", "call me maybe"),
    "one-word-names": ("sender_name", "Мария"),
    "no-subject": ("title", ""),
    "huge-description": ("description", "д" * 10_000),
    "unknown-kind": ("kind", "no-such-kind"),
    "unknown-category": ("category", "999999"),
    "category-not-a-number": ("category", "parks"),
    "no-publication": ("publication", ""),
    "a-place-off-the-map": ("latitude", "91"),
}
ANCHOR = {"kind": "kind-1", "publication": "publication-1", "latitude": "address"}
SHOWN_AT = {"latitude": "location"}


@pytest.mark.parametrize("bad", BAD)
def test_bad_input_is_refused_by_field_keeping_what_was_typed(send, bad):
    field, value = BAD[bad]
    fields = {**FILED, field: value, "address": "до детската площадка"}
    if field == "latitude":
        fields["longitude"] = "25.6"
    response = send(fields)
    page = response.content.decode()
    assert response.status_code == 400
    assert not cases()
    message = field_error(page, SHOWN_AT.get(field, field))
    assert message
    # The summary at the top links to the field.
    assert 'class="errors" role="alert"' in page
    assert f'href="#{ANCHOR.get(field, field)}"' in page
    # Everything typed comes back.
    for kept in ("title", "sender_name", "sender_email", "sender_phone", "address"):
        if kept != field:
            assert f'value="{fields[kept]}"' in page
    if field != "description":
        assert f">{FILED['description']}</textarea>" in page


def test_a_huge_description_names_the_limit_and_comes_back_whole(send):
    page = send({**FILED, "description": "д" * 10_000}, query="?lang=en").content.decode()
    assert str(MAX_DESCRIPTION) in field_error(page, "description")
    assert "д" * 10_000 + "</textarea>" in page


def test_every_wrong_field_is_shown_at_once(send):
    page = send({"kind": "signal", "publication": "named"}).content.decode()
    for field in ("title", "description", "sender_name", "sender_email", "sender_phone"):
        field_error(page, field)
    assert page.index('href="#title"') < page.index('href="#sender_email"')


def test_a_category_of_another_organisation_is_refused(send, other_organization):
    theirs = CategoryFactory(organization=other_organization)
    response = send({**FILED, "category": str(theirs.pk)})
    assert response.status_code == 400 and field_error(response.content.decode(), "category")
    assert not cases()


def test_script_tags_are_shown_as_text_and_stored_as_text(send):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = send({**FILED, "title": hostile, "sender_email": "bad"}).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert send({**FILED, "title": hostile, "description": hostile}).status_code == 303
    [case] = cases()
    assert case.title == hostile and case.description == hostile


class TestPhotos:
    def test_stored_as_case_photos_without_exif(self, send):
        photos = [upload(jpeg_with_gps()), upload(png(), "plan.png", "image/png")]
        assert send(FILED, photos=photos).status_code == 303
        [case] = cases()
        with scope(organization=case.organization):
            stored = list(CasePhoto.objects.filter(case=case))
        assert [photo.position for photo in stored] == [0, 1]
        for photo in stored:
            with photo.image.open("rb") as file, Image.open(io.BytesIO(file.read())) as image:
                assert image.format == "JPEG"
                assert not image.getexif() and "exif" not in image.info

    @pytest.mark.parametrize(
        "photos",
        ["oversized", "fake", "too-many"],
    )
    def test_bad_photos_are_refused_and_the_text_kept(self, send, settings, photos):
        settings.PHOTO_MAX_BYTES = 2000
        chosen = {
            "oversized": [upload(jpeg_with_gps(size=(400, 400)) + b"\0" * 3000)],
            "fake": [upload(b"just some text, not a photo", "photo.jpg")],
            "too-many": [upload(png(), f"p{n}.png", "image/png") for n in range(4)],
        }[photos]
        response = send(FILED, photos=chosen)
        page = response.content.decode()
        assert response.status_code == 400 and not cases()
        assert field_error(page, "photos")
        assert 'href="#photos"' in page
        assert 'id="photos-again"' in page  # a browser cannot send them again by itself
        assert f'value="{FILED["title"]}"' in page

    def test_the_refused_photo_is_named(self, send):
        photos = [upload(b"text", "holiday.jpg")]
        page = send(FILED, photos=photos, query="?lang=en").content.decode()
        assert "holiday.jpg: Send a photo as JPEG, PNG or WebP." in field_error(page, "photos")


class TestAbuse:
    def test_a_filled_honeypot_files_nothing_and_keeps_the_text(self, send):
        response = send({**FILED, "website": "http://spam.example"})
        page = response.content.decode()
        assert response.status_code == 400 and not cases()
        assert 'role="alert"' in page and f'value="{FILED["sender_name"]}"' in page

    def test_a_replayed_form_files_one_case_and_says_the_same(self, send, form_page, mailoutbox):
        page = form_page().content.decode()
        first = send(FILED, page=page)
        again = send({**FILED, "title": "Друго"}, page=page)
        assert first.status_code == again.status_code == 303 and first.url == again.url
        assert len(cases()) == 1 and cases()[0].title == FILED["title"]

    def test_a_failed_attempt_does_not_use_up_the_token(self, send, form_page):
        page = form_page().content.decode()
        assert send({**FILED, "sender_email": ""}, page=page).status_code == 400
        assert send(FILED, page=page).status_code == 303

    @pytest.mark.parametrize(
        "token",
        [
            "",
            "forged",
            signing.TimestampSigner(salt=FORM_SIGNING_SALT).sign("CASE-999999-" + "0" * 32),
            signing.TimestampSigner(salt="other").sign("CASE-1-" + "0" * 32),
        ],
        ids=["missing", "unsigned", "another-organisation", "another-salt"],
    )
    def test_a_forged_token_files_nothing_and_keeps_the_text(self, client, portal, token):
        response = client.post(URL, {"form_token": token, **FILED})
        page = response.content.decode()
        assert response.status_code == 400 and not cases()
        assert 'role="alert"' in page and f'value="{FILED["title"]}"' in page

    def test_an_expired_token_asks_to_send_again(self, send, form_page, monkeypatch):
        page = form_page().content.decode()
        later = signing.time.time() + 2 * 86400
        monkeypatch.setattr("django.core.signing.time.time", lambda: later)
        response = send(FILED, page=page, query="?lang=en")
        assert response.status_code == 400 and "expired" in response.content.decode()

    def test_too_many_filings_from_one_client_are_refused_keeping_the_text(self, send):
        for _n in range(FILING_BURST.most):
            assert send(FILED).status_code == 303
        refused = send(FILED)
        assert refused.status_code == 429
        assert f'value="{FILED["title"]}"' in refused.content.decode()
        assert len(cases()) == FILING_BURST.most
        assert send(FILED, remote="203.0.113.9").status_code == 303  # another client

    def test_a_post_from_another_site_is_refused(self, send):
        assert send(FILED, HTTP_ORIGIN="https://evil.example").status_code == 403
        assert send(FILED, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
        assert not cases()


class TestFromAQrPage:
    @pytest.fixture
    def place(self, portal):
        return TouchpointFactory(organization=portal, address="бул. Руски 1")

    def test_the_place_is_shown_and_prefilled(self, form_page, place):
        page = form_page(f"?place={place.code}").content.decode()
        assert place.name in page and "бул. Руски 1" in page
        assert f'name="place" value="{place.code}"' in page
        assert f'<option value="{place.category_id}" selected>' in page
        assert f"?place={place.code}&amp;lang=en" in page  # the language switch keeps it

    def test_the_case_is_about_the_place(self, send, form_page, place):
        page = form_page(f"?place={place.code}").content.decode()
        fields = {**FILED, "place": hidden(page, "place"), "category": str(place.category_id)}
        assert send(fields, page=page).status_code == 303
        assert cases()[0].touchpoint == place

    def test_an_unknown_place_or_another_organisation_s_is_ignored(
        self, form_page, other_organization
    ):
        theirs = TouchpointFactory(organization=other_organization)
        for code in ("NOSUCHCODE", theirs.code, "<script>"):
            page = form_page(f"?place={code}").content.decode()
            assert 'name="place"' not in page and theirs.name not in page

    def test_the_qr_thanks_page_links_here(self, client, portal, place):
        make_questionnaire(organization=portal, category=place.category)
        page = client.get(f"/q/{place.code}/thanks").content.decode()
        assert f'href="/o/stara-zagora/signals/new/?place={place.code}"' in page
