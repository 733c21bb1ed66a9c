"""Survey campaign services: the rules on dates and questionnaires, status, QR and poster."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.campaigns import (
    CampaignStatus,
    campaign_create,
    campaign_list,
    campaign_status,
    campaign_update,
)
from civicpulse.feedback.models import Channel, Questionnaire
from civicpulse.feedback.posters import PosterFormat, posters_pdf
from civicpulse.feedback.qr import qr_payload, qr_svg, short_url
from civicpulse.feedback.responses import response_record
from civicpulse.feedback.submissions import response_submit
from tests.factories import make_questionnaire

NOW = timezone.now()


@pytest.fixture
def questionnaire(organization):
    return make_questionnaire(organization=organization)


def create(organization, questionnaire, **overrides):
    fields = {
        "title_bg": "Годишна анкета",
        "starts_at": NOW - timedelta(days=1),
        "ends_at": NOW + timedelta(days=30),
        **overrides,
    }
    return campaign_create(organization=organization, questionnaire=questionnaire, **fields)


def test_a_campaign_gets_a_code_and_a_short_public_url(organization, questionnaire, in_scope):
    campaign = create(organization, questionnaire)
    assert len(campaign.code) == 8 and campaign.public_path == f"/s/{campaign.code}"
    assert qr_payload(campaign) == campaign.public_url.upper()
    assert short_url(campaign).endswith(f"/s/{campaign.code}")
    assert qr_svg(campaign).startswith(b"<svg")


def test_the_poster_prints_the_survey(organization, questionnaire, in_scope):
    campaign = create(organization, questionnaire, title_en="Yearly survey")
    pdf = posters_pdf([campaign], organization=organization, poster_format=PosterFormat.A5)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


@pytest.mark.parametrize(
    ("starts", "ends"), [(0, 0), (5, 1)], ids=["same-moment", "ends-before-it-starts"]
)
def test_a_campaign_must_close_after_it_opens(organization, questionnaire, in_scope, starts, ends):
    with pytest.raises(RuleViolation) as refused:
        create(
            organization,
            questionnaire,
            starts_at=NOW + timedelta(days=starts),
            ends_at=NOW + timedelta(days=ends),
        )
    assert refused.value.field == "ends_at"


def test_another_organisations_questionnaire_is_refused(organization, other_organization, in_scope):
    theirs = make_questionnaire(organization=other_organization)
    with pytest.raises(RuleViolation) as refused:
        create(organization, theirs)
    assert refused.value.field == "questionnaire"


def test_a_questionnaire_without_questions_is_refused(organization, in_scope):
    empty = Questionnaire.objects.create(organization=organization, title_bg="Празен")
    with pytest.raises(RuleViolation):
        create(organization, empty)


def test_an_answered_campaign_keeps_its_questionnaire(organization, questionnaire, in_scope):
    campaign = create(organization, questionnaire)
    other = make_questionnaire(organization=organization)
    campaign_update(campaign=campaign, questionnaire=other)  # no responses yet: allowed
    response_record(campaign=campaign, answers={"overall": 5}, channel=Channel.LINK)
    with pytest.raises(RuleViolation) as refused:
        campaign_update(campaign=campaign, questionnaire=questionnaire)
    assert refused.value.field == "questionnaire"
    campaign_update(campaign=campaign, title_bg="Ново заглавие", questionnaire=other)
    campaign.refresh_from_db()
    assert campaign.title_bg == "Ново заглавие" and campaign.questionnaire == other


def test_only_its_own_fields_can_be_changed(organization, questionnaire, in_scope):
    campaign = create(organization, questionnaire)
    with pytest.raises(ValueError, match="code"):
        campaign_update(campaign=campaign, code="HACKED22")


def test_status_follows_the_dates_and_the_switch(organization, questionnaire, in_scope):
    campaign = create(organization, questionnaire)
    assert campaign_status(campaign, now=NOW) == CampaignStatus.OPEN
    assert campaign_status(campaign, now=NOW - timedelta(days=2)) == CampaignStatus.SCHEDULED
    assert campaign_status(campaign, now=campaign.ends_at) == CampaignStatus.CLOSED
    campaign.is_active = False
    assert campaign_status(campaign, now=NOW) == CampaignStatus.INACTIVE


def test_submissions_only_while_open(organization, questionnaire, in_scope):
    campaign = create(organization, questionnaire, starts_at=NOW + timedelta(days=1))
    with pytest.raises(RuleViolation):
        response_submit(
            campaign=campaign,
            answers={"overall": 5},
            client_token=uuid.uuid4(),
            channel=Channel.LINK,
        )


def test_the_list_counts_only_unflagged_responses(organization, questionnaire, in_scope):
    campaign = create(organization, questionnaire)
    response_record(campaign=campaign, answers={"overall": 5}, channel=Channel.LINK)
    flagged = response_record(campaign=campaign, answers={"overall": 1}, channel=Channel.LINK)
    flagged.is_flagged = True
    flagged.save()
    (listed,) = campaign_list(organization=organization)
    assert listed.response_count == 1
