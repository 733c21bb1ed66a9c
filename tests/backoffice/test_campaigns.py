"""The back office's survey campaigns: list, create and edit, detail with results and files."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.campaigns import campaign_create
from civicpulse.feedback.models import Campaign, Channel
from civicpulse.feedback.responses import response_record
from tests.factories import make_questionnaire

NOW = timezone.now()


def url(organization, path=""):
    return f"/manage/{organization.slug}/campaigns/{path}"


@pytest.fixture
def questionnaire(organization):
    return make_questionnaire(organization=organization)


@pytest.fixture
def campaign(organization, questionnaire):
    with scopes_disabled():
        campaign = campaign_create(
            organization=organization,
            title_bg="Годишна анкета",
            title_en="Yearly survey",
            questionnaire=questionnaire,
            starts_at=NOW - timedelta(days=5),
            ends_at=NOW + timedelta(days=30),
        )
        for score, comment in ((9, "Бързо и любезно"), (9, ""), (4, "<b>Бавно</b>")):
            answers = {"overall": score, **({"comment": comment} if comment else {})}
            response_record(campaign=campaign, answers=answers, channel=Channel.LINK)
    return campaign


def form_data(chosen, **overrides):
    """The create/edit form as a browser posts it, asking `chosen` (a questionnaire)."""
    return {
        "title_bg": "Анкета за паркингите",
        "title_en": "Parking survey",
        "introduction_bg": "",
        "introduction_en": "",
        "questionnaire": chosen.pk,
        "starts_at": "2030-03-01T09:00",
        "ends_at": "2030-04-01T18:00",
        "is_active": "on",
        **overrides,
    }


def saved():
    with scopes_disabled():
        return list(Campaign.objects.all())


class TestList:
    def test_lists_status_and_counted_responses(self, organization, campaign, admin_client):
        page = admin_client.get(url(organization), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Yearly survey" in page and "Open" in page
        assert '<td class="number">3</td>' in page

    def test_a_viewer_sees_the_section_an_officer_does_not(
        self, organization, campaign, member_factory, client
    ):
        client.force_login(member_factory(organization, Role.VIEWER))
        assert url(organization) in client.get(f"/manage/{organization.slug}/").content.decode()
        client.force_login(member_factory(organization, Role.CASE_OFFICER))
        page = client.get(f"/manage/{organization.slug}/").content.decode()
        assert url(organization) not in page


class TestCreateAndEdit:
    def test_create_then_see_its_page(self, organization, questionnaire, admin_client):
        response = admin_client.post(url(organization, "add/"), form_data(questionnaire))
        (created,) = saved()
        assert response.status_code == 302
        assert response["Location"] == url(organization, f"{created.pk}/")
        assert created.title_en == "Parking survey" and created.is_active
        assert timezone.localtime(created.starts_at, timezone.get_fixed_timezone(120)).hour == 9

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"ends_at": "2030-02-01T09:00"}, "ends_at"),
            ({"ends_at": "2030-03-01T09:00"}, "ends_at"),
            ({"starts_at": "not a date"}, "starts_at"),
            ({"title_bg": "я" * 201}, "title_bg"),
            ({"title_bg": ""}, "title_bg"),
            ({"introduction_bg": "я" * 1001}, "introduction_bg"),
            ({"questionnaire": "abc"}, "questionnaire"),
        ],
        ids=["ends-first", "ends-at-start", "bad-date", "long-title", "no-title", "long-intro",
             "bad-questionnaire"],
    )  # fmt: skip
    def test_bad_input_is_a_field_error_and_keeps_the_rest(
        self, organization, questionnaire, admin_client, overrides, field
    ):
        response = admin_client.post(
            url(organization, "add/"), form_data(questionnaire, **overrides)
        )
        assert response.status_code == 200 and field in response.context["form"].errors
        assert 'value="Parking survey"' in response.content.decode()
        assert saved() == []

    def test_another_organisations_questionnaire_cannot_be_chosen(
        self, organization, other_organization, admin_client
    ):
        theirs = make_questionnaire(organization=other_organization)
        response = admin_client.post(url(organization, "add/"), form_data(theirs))
        assert "questionnaire" in response.context["form"].errors and saved() == []

    def test_edit_keeps_an_answered_campaigns_questionnaire(
        self, organization, campaign, admin_client
    ):
        other = make_questionnaire(organization=organization)
        data = form_data(other, starts_at="2020-01-01T00:00", ends_at="2040-01-01T00:00")
        response = admin_client.post(url(organization, f"{campaign.pk}/edit/"), data)
        assert response.status_code == 200
        assert "questionnaire" in response.context["form"].errors
        data["questionnaire"] = campaign.questionnaire_id
        response = admin_client.post(url(organization, f"{campaign.pk}/edit/"), data)
        assert response.status_code == 302
        with scopes_disabled():
            campaign.refresh_from_db()
        assert campaign.title_bg == "Анкета за паркингите" and campaign.code == saved()[0].code

    def test_a_title_with_markup_is_shown_as_text(self, organization, questionnaire, admin_client):
        admin_client.post(
            url(organization, "add/"),
            form_data(questionnaire, title_bg="<script>alert(1)</script>"),
        )
        page = admin_client.get(url(organization)).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


class TestDetail:
    def test_shows_the_link_files_and_the_results(self, organization, campaign, admin_client):
        response = admin_client.get(url(organization, f"{campaign.pk}/"), HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert campaign.public_url in page
        assert "qr.svg" in page and "qr.png" in page and "poster.pdf?format=a4" in page
        assert "3 responses counted." in page and "mean 7.3 on a scale of 0 to 10" in page
        assert 'style="width: 66.7%"' in page  # two of three gave 9
        assert "Бързо и любезно" in page and "&lt;b&gt;Бавно&lt;/b&gt;" in page

    def test_a_period_narrows_the_results(self, organization, campaign, admin_client):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = admin_client.get(url(organization, f"{campaign.pk}/?since={tomorrow}"))
        assert response.context["results"].responses == 0

    @pytest.mark.parametrize(
        "query",
        ["since=abc", "since=2030-01-02&until=2030-01-01", "until=9999-12-31", "since=0001-01-01"],
        ids=["not-a-date", "backwards", "far-future", "far-past"],
    )
    def test_a_bad_period_is_explained_and_shows_everything(
        self, organization, campaign, admin_client, query
    ):
        response = admin_client.get(url(organization, f"{campaign.pk}/?{query}"))
        assert response.status_code == 200 and response.context["period_form"].errors
        assert response.context["results"].responses == 3

    def test_asks_the_database_a_fixed_number_of_times(
        self, organization, campaign, admin_client, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(16):
            admin_client.get(url(organization, f"{campaign.pk}/"))

    @pytest.mark.parametrize(
        ("path", "content_type"),
        [("qr.svg", "image/svg+xml"), ("qr.png", "image/png"), ("poster.pdf", "application/pdf"),
         ("poster.pdf?format=a6", "application/pdf")],
        ids=["svg", "png", "poster", "poster-a6"],
    )  # fmt: skip
    def test_files(self, organization, campaign, admin_client, path, content_type):
        response = admin_client.get(url(organization, f"{campaign.pk}/{path}"))
        assert response.status_code == 200 and response["Content-Type"] == content_type
        assert campaign.code in response["Content-Disposition"]

    @pytest.mark.parametrize("poster_format", ["stickers", "desk-card", "<x>"])
    def test_formats_not_made_for_a_survey_are_404(
        self, organization, campaign, admin_client, poster_format
    ):
        response = admin_client.get(
            url(organization, f"{campaign.pk}/poster.pdf"), {"format": poster_format}
        )
        assert response.status_code == 404
