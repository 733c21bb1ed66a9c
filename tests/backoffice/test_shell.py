"""The back-office frame: navigation by role, the 403 page, branding, icons, the overview."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.urls import reverse
from django_scopes import scopes_disabled

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.backoffice.navigation import SECTIONS
from civicpulse.backoffice.templatetags.backoffice import text_colour_on
from civicpulse.core.models import Role
from civicpulse.core.models.organizations import CategoryIcon
from civicpulse.core.permissions import role_has_permission
from civicpulse.feedback.responses import response_record
from tests.factories import TouchpointFactory, make_questionnaire


def overview(organization):
    return reverse("backoffice:overview", kwargs={"organization": organization.slug})


def nav_links(html: str) -> list[str]:
    nav = html[html.index('<nav class="bo-nav"') :]
    return re.findall(r'href="([^"]+)"', nav[: nav.index("</nav>")])


@pytest.mark.parametrize("role", list(Role))
def test_the_navigation_shows_only_what_the_role_may_open(
    organization, client, member_factory, role
):
    client.force_login(member_factory(organization, role))
    links = nav_links(client.get(overview(organization)).content.decode())
    expected = [
        reverse(f"backoffice:{section.url_name}", kwargs={"organization": organization.slug})
        for section in SECTIONS
        if role_has_permission(role, section.permission)
    ]
    assert links == expected
    assert all(client.get(link).status_code == 200 for link in links)


def test_the_current_section_is_marked(organization, admin_client):
    page = admin_client.get(f"/manage/{organization.slug}/touchpoints/add/").content.decode()
    assert f'href="/manage/{organization.slug}/touchpoints/" aria-current="page"' in page


def test_the_403_page_keeps_the_frame_and_explains(organization, member_factory, login, in_english):
    client = login(member_factory(organization, Role.VIEWER))
    response = client.get(f"/manage/{organization.slug}/members/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your role in this organisation does not include this page." in page
    assert '<nav class="bo-nav"' in page
    assert organization.name_en in page


def test_the_frame_has_landmarks_a_skip_link_and_the_language(organization, admin_client):
    page = admin_client.get(overview(organization)).content.decode()
    assert '<html lang="bg">' in page
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert "<header" in page
    assert 'aria-label="' in page[page.index('<nav class="bo-nav"') :][:80]


def test_the_header_carries_the_brand_colour_with_readable_text(organization, admin_client):
    organization.brand_colour = "#f2c94c"  # light: needs dark text
    organization.save()
    page = admin_client.get(overview(organization)).content.decode()
    assert "--brand: #f2c94c; --on-brand: #000000" in page


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#1f5f8b", "#ffffff"),
        ("#ffffff", "#000000"),
        ("#777777", "#000000"),
        ("#000000", "#ffffff"),
    ],
)
def test_text_colour_on_picks_the_stronger_contrast(background, text):
    assert text_colour_on(background) == text


def contrast(first: str, second: str) -> float:
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("background", [f"#{v:02x}{v:02x}{v:02x}" for v in range(0, 256, 15)])
def test_any_brand_colour_reaches_aa_contrast(background):
    assert contrast(background, text_colour_on(background)) >= 4.5


@pytest.mark.parametrize(
    ("variable", "background"),
    [
        ("text", "#ffffff"),
        ("muted", "#ffffff"),
        ("link", "#ffffff"),
        ("danger", "#ffffff"),
        ("ok", "#ffffff"),
        ("muted", "#f5f6f8"),
        ("link", "#f5f6f8"),
        ("text", "#f5f6f8"),
    ],
)
def test_the_stylesheet_colours_reach_aa_contrast(variable, background):
    css = Path(finders.find("civicpulse/civicpulse.css")).read_text()
    colour = re.search(rf"--{variable}: (#[0-9a-f]{{6}});", css).group(1)
    assert contrast(colour, background) >= 4.5


@pytest.mark.parametrize("icon", CategoryIcon.values)
def test_every_category_icon_is_a_24px_stroke_svg(icon):
    path = finders.find(f"civicpulse/icons/{icon}.svg")
    assert path, f"no icon for {icon}"
    svg = ET.parse(path).getroot()  # noqa: S314  our own files
    assert svg.get("viewBox") == "0 0 24 24"
    assert svg.get("stroke") == "currentColor"
    assert svg.get("fill") == "none"


def test_the_icon_tag_draws_inline_and_falls_back_for_unknown_names():
    template = Template("{% load icons %}{% icon name %}")
    park = template.render(Context({"name": "park"}))
    assert park.startswith('<svg class="icon" focusable="false" ')
    assert 'aria-hidden="true"' in park
    unknown = template.render(Context({"name": "../../settings"}))
    assert unknown == template.render(Context({"name": "pin"}))


class TestOverview:
    def test_counts(self, organization, member_factory, admin_client):
        touchpoint = TouchpointFactory(organization=organization)
        TouchpointFactory(organization=organization, kind="employee", category=touchpoint.category)
        make_questionnaire(organization=organization, category=touchpoint.category)
        with scopes_disabled():
            for score in (4, 10):
                response_record(touchpoint=touchpoint, answers={"overall": score})
        rollups_catch_up()
        member_factory(organization, Role.VIEWER)
        data = admin_client.get(overview(organization)).context["overview"]
        assert data.touchpoints_by_kind == [("place", 1), ("employee", 1)]
        assert data.questionnaires_in_use == 1
        assert data.recent_responses == 2
        assert [(m.low, m.high, m.mean) for m in data.recent_means] == [(0, 10, 7.0)]
        assert data.staff == 2

    def test_old_responses_and_unused_questionnaires_do_not_count(self, organization, admin_client):
        touchpoint = TouchpointFactory(organization=organization)
        make_questionnaire(organization=organization, category=touchpoint.category)
        with scopes_disabled():
            response_record(
                touchpoint=touchpoint,
                answers={"overall": 5},
                submitted_at=touchpoint.created_at.replace(year=2020),
            )
            touchpoint.is_active = False
            touchpoint.save()
        data = admin_client.get(overview(organization)).context["overview"]
        assert (data.questionnaires_in_use, data.recent_responses) == (0, 0)

    def test_five_stars_count_on_the_ten_point_scale(self, organization, admin_client):
        stars = {
            "title": {"bg": "З", "en": "S"},
            "questions": [
                {"key": "stars", "kind": "stars", "text": {"bg": "Звезди", "en": "Stars"}}
            ],
        }
        rated = TouchpointFactory(organization=organization)
        starred = TouchpointFactory(organization=organization)
        make_questionnaire(organization=organization, category=rated.category)
        make_questionnaire(organization=organization, category=starred.category, definition=stars)
        with scopes_disabled():
            response_record(touchpoint=rated, answers={"overall": 8})
            response_record(touchpoint=starred, answers={"stars": 4})
            response_record(touchpoint=starred, answers={"stars": 5})
        rollups_catch_up()
        means = admin_client.get(overview(organization)).context["overview"].recent_means
        # 8, and four and five stars as 8 and 10 (analytics.scores): one mean of 26 / 3.
        assert [(m.low, m.high, m.responses, m.mean) for m in means] == [(0, 10, 3, 26 / 3)]

    def test_an_auditor_sees_no_figures_beyond_their_role(
        self, organization, member_factory, login
    ):
        client = login(member_factory(organization, Role.AUDITOR))
        page = client.get(overview(organization)).content.decode()
        assert "/touchpoints/" not in page
        assert "/questionnaires/" not in page
