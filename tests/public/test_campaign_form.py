"""A survey campaign's form at /s/<code>: the questionnaire path of touchpoints, shared."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from civicpulse.feedback.abuse import FINGERPRINT_BURST
from civicpulse.feedback.campaigns import campaign_create
from civicpulse.feedback.models import Response
from tests.factories import TouchpointFactory, make_questionnaire


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def make_campaign(organization, **overrides):
    now = timezone.now()
    fields = {
        "title_bg": "Годишна анкета",
        "title_en": "Yearly survey",
        "introduction_bg": "Две минути, анонимно.",
        "introduction_en": "Two minutes, anonymous.",
        "starts_at": now - timedelta(days=1),
        "ends_at": now + timedelta(days=10),
        **overrides,
    }
    with scopes_disabled():
        questionnaire = fields.pop("questionnaire", None) or make_questionnaire(
            organization=organization
        )
        return campaign_create(organization=organization, questionnaire=questionnaire, **fields)


@pytest.fixture
def campaign(organization):
    return make_campaign(organization)


@pytest.fixture
def send(client, campaign):
    def post(fields, *, page=None, remote="198.51.100.7", **headers):
        page = page or client.get(f"/s/{campaign.code}").content.decode()
        data = {
            "form_token": hidden(page, "form_token"),
            "client_token": hidden(page, "client_token"),
            **fields,
        }
        return client.post(f"/s/{campaign.code}", data, REMOTE_ADDR=remote, **headers)

    return post


def stored():
    with scopes_disabled():
        return list(Response.objects.prefetch_related("answers__question"))


class TestOpen:
    def test_shows_the_title_introduction_and_questions_without_place_fields(
        self, client, campaign
    ):
        response = client.get(f"/s/{campaign.code}", HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert response.status_code == 200 and "private" in response["Cache-Control"]
        assert "<h1>Yearly survey</h1>" in page and "Two minutes, anonymous." in page
        assert page.count('name="q-overall"') == 11
        assert 'name="photo"' not in page and 'name="share_location"' not in page

    def test_the_code_is_found_in_either_case(self, client, campaign):
        assert client.get(f"/S/{campaign.code}").status_code == 200
        assert client.get(f"/s/{campaign.code.lower()}").status_code == 200

    def test_send_and_thanks_as_a_link_response(self, client, send, campaign):
        response = send({"q-overall": "8", "q-comment": "Добре"}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 303
        assert response["Location"] == f"/s/{campaign.code}/thanks"
        thanks = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Thank you!" in thanks and "Yearly survey" in thanks
        (response,) = stored()
        assert response.campaign_id == campaign.pk and response.touchpoint_id is None
        assert response.channel == "link" and response.score == 8
        assert response.latitude is None and not response.photo

    def test_a_replayed_submission_is_stored_once(self, client, send, campaign):
        page = client.get(f"/s/{campaign.code}").content.decode()
        first = send({"q-overall": "7"}, page=page)
        again = send({"q-overall": "7"}, page=page)
        assert first.status_code == again.status_code == 303
        assert len(stored()) == 1

    def test_location_and_photo_are_ignored_even_when_posted(self, send):
        fields = {"q-overall": "5", "share_location": "1", "latitude": "42.1", "longitude": "25.6"}
        assert send(fields).status_code == 303
        (response,) = stored()
        assert response.latitude is None and response.longitude is None


class TestRefusals:
    @pytest.mark.parametrize("score", ["11", "-1", "abc"])
    def test_a_bad_score_is_a_clear_error_and_escapes_what_was_typed(self, send, score):
        response = send(
            {"q-overall": score, "q-comment": "<script>alert(1)</script>"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert 'role="alert"' in page and "Choose a whole number from 0 to 10" in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
        assert stored() == []

    def test_a_ten_thousand_character_comment_is_refused_and_kept(self, send):
        response = send({"q-overall": "5", "q-comment": "я" * 10_000}, HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert response.status_code == 400
        assert "Keep it under 2000 characters" in page and 'href="#q-comment-1"' in page
        assert "я" * 10_000 in page  # nothing typed is lost
        assert stored() == []

    def test_a_touchpoint_form_token_does_not_open_a_campaign_with_its_code(
        self, client, organization, campaign
    ):
        place = TouchpointFactory(organization=organization)
        make_questionnaire(organization=organization, category=place.category)
        place_page = client.get(f"/q/{place.code}").content.decode()
        with scopes_disabled():
            # The same code in both tables is unlikely but must not matter.
            type(campaign).objects.filter(pk=campaign.pk).update(code=place.code)
        response = client.post(
            f"/s/{place.code}",
            {
                "form_token": hidden(place_page, "form_token"),
                "client_token": hidden(place_page, "client_token"),
                "q-overall": "5",
            },
        )
        assert response.status_code == 400 and stored() == []

    def test_a_flood_from_one_client_is_slowed_and_loses_nothing(self, send):
        for _ in range(FINGERPRINT_BURST.most):
            assert send({"q-overall": "6"}).status_code == 303
        # Same headers as before: the language is part of the fingerprint.
        throttled = send({"q-overall": "6", "q-comment": "Още едно"})
        page = throttled.content.decode()
        assert throttled.status_code == 429
        assert "Още едно" in page and 'value="6" checked' in page
        assert len(stored()) == FINGERPRINT_BURST.most

    def test_a_post_from_another_site_is_refused(self, send):
        assert send({"q-overall": "5"}, HTTP_ORIGIN="https://evil.example").status_code == 403
        assert stored() == []


class TestUnavailable:
    def test_an_unknown_code_is_a_polite_404(self, db, client):
        response = client.get("/s/NOSUCH99")
        page = response.content.decode()
        assert response.status_code == 404
        assert 'lang="bg"' in page and 'lang="en"' in page

    def test_before_it_opens_it_says_when_in_both_languages(self, client, organization):
        opens = timezone.now() + timedelta(days=3)
        campaign = make_campaign(organization, starts_at=opens, ends_at=opens + timedelta(days=9))
        response = client.get(f"/s/{campaign.code}")
        page = response.content.decode()
        assert response.status_code == 403
        assert 'lang="bg"' in page and 'lang="en"' in page and "Yearly survey" in page
        assert "This survey opens on" in page and str(opens.year) in page
        assert 'name="q-overall"' not in page

    @pytest.mark.parametrize("state", ["ended", "switched-off"])
    def test_a_closed_survey_says_so_and_refuses_answers(self, client, organization, state):
        now = timezone.now()
        if state == "ended":
            campaign = make_campaign(
                organization, starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1)
            )
        else:
            campaign = make_campaign(organization, is_active=False)
        page = client.get(f"/s/{campaign.code}").content.decode()
        assert "This survey has closed" in page and 'lang="bg"' in page
        assert client.post(f"/s/{campaign.code}", {"q-overall": "5"}).status_code == 410
        assert stored() == []

    def test_an_unknown_thanks_page_is_404(self, db, client):
        assert client.get("/s/NOSUCH99/thanks").status_code == 404
