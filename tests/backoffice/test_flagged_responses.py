"""Administrators see what the abuse checks held back, and restore what is genuine."""

import pytest
from django_scopes import scope

from civicpulse.feedback.abuse import FlagReason, response_flag
from civicpulse.feedback.models import Response
from civicpulse.feedback.responses import response_record
from tests.factories import OrganizationFactory, TouchpointFactory, make_questionnaire


@pytest.fixture
def flagged(organization, touchpoint):
    with scope(organization=organization):
        kept = response_record(touchpoint=touchpoint, answers={"overall": 8})
        bot = response_record(
            touchpoint=touchpoint, answers={"overall": 0, "comment": "<script>alert(1)</script>"}
        )
        response_flag(response=bot, reason=FlagReason.HONEYPOT)
    return kept, bot


def url(organization, path=""):
    return f"/manage/{organization.slug}/responses/{path}"


def test_the_list_shows_only_flagged_responses_with_the_reason(organization, flagged, admin_client):
    kept, bot = flagged
    page = admin_client.get(url(organization, "flagged/"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "A hidden field was filled in, as bots do" in html
    assert url(organization, f"{bot.pk}/restore/") in html
    assert url(organization, f"{kept.pk}/restore/") not in html
    assert "<script>alert(1)</script>" not in html  # a comment is text, escaped
    assert "&lt;script&gt;" in html


def test_restoring_counts_the_response_again(organization, flagged, admin_client):
    _, bot = flagged
    response = admin_client.post(url(organization, f"{bot.pk}/restore/"))
    assert response.status_code == 302
    with scope(organization=organization):
        bot.refresh_from_db()
    assert (bot.is_flagged, bot.flag_reason) == (False, "")


def test_a_response_that_is_not_flagged_cannot_be_restored(organization, flagged, admin_client):
    kept, _ = flagged
    assert admin_client.post(url(organization, f"{kept.pk}/restore/")).status_code == 404


def test_another_organisations_flagged_response_is_not_found(organization, admin_client):
    elsewhere = OrganizationFactory(slug="elsewhere")
    touchpoint = TouchpointFactory(organization=elsewhere)
    make_questionnaire(organization=elsewhere, category=touchpoint.category)
    with scope(organization=elsewhere):
        theirs = response_record(touchpoint=touchpoint, answers={"overall": 1})
        response_flag(response=theirs)
    assert admin_client.post(url(organization, f"{theirs.pk}/restore/")).status_code == 404
    with scope(organization=elsewhere):
        assert Response.objects.get(pk=theirs.pk).is_flagged


def test_the_list_pages_without_n_plus_one(
    organization, touchpoint, admin_client, django_assert_max_num_queries
):
    with scope(organization=organization):
        for score in range(30):
            response_flag(
                response=response_record(touchpoint=touchpoint, answers={"overall": score % 11})
            )
    with django_assert_max_num_queries(14):
        assert admin_client.get(url(organization, "flagged/")).status_code == 200
