"""A department head sees the touchpoints of their scope only: departments, categories and
areas (with their subtrees), each non-empty list narrowing, all lists together."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Membership, Role
from civicpulse.feedback.responses import response_record
from civicpulse.feedback.selectors import organization_overview, touchpoints_visible_to
from tests.factories import MembershipFactory, TouchpointFactory, make_questionnaire


@pytest.fixture
def places(organization, structure):
    """One touchpoint per combination that matters; named after where it is."""
    s = structure

    def place(name, category, area, department=None):
        return TouchpointFactory(
            organization=organization,
            name_bg=name,
            category=category,
            area=area,
            department=department,
        )

    return {
        "park-in-town": place("park-in-town", s["parks"], s["town"], s["green"]),
        "park-in-district": place("park-in-district", s["parks"], s["district"], s["green"]),
        "park-in-village": place("park-in-village", s["parks"], s["village"], s["green"]),
        "school-in-town": place("school-in-town", s["schools"], s["town"], s["education"]),
        "school-no-department": place("school-no-department", s["schools"], s["district"]),
    }


def head(organization, **scope):
    membership = MembershipFactory(organization=organization, role=Role.DEPARTMENT_HEAD)
    with scopes_disabled():
        for field, rows in scope.items():
            getattr(membership, field).set(rows)
    return membership


def visible_names(membership):
    return sorted(t.name_bg for t in touchpoints_visible_to(membership=membership))


ALL = [
    "park-in-district",
    "park-in-town",
    "park-in-village",
    "school-in-town",
    "school-no-department",
]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({}, ALL),
        ({"departments": ["green"]}, ["park-in-district", "park-in-town", "park-in-village"]),
        ({"categories": ["schools"]}, ["school-in-town", "school-no-department"]),
        (
            {"areas": ["town"]},
            ["park-in-district", "park-in-town", "school-in-town", "school-no-department"],
        ),
        (
            {"areas": ["district", "village"]},
            ["park-in-district", "park-in-village", "school-no-department"],
        ),
        ({"areas": ["region"]}, ALL),
        ({"departments": ["green"], "areas": ["town"]}, ["park-in-district", "park-in-town"]),
        ({"categories": ["schools"], "departments": ["education"]}, ["school-in-town"]),
        ({"categories": ["schools"], "departments": ["green"]}, []),
        (
            {"departments": ["green", "education"], "categories": ["parks"], "areas": ["district"]},
            ["park-in-district"],
        ),
    ],
    ids=lambda value: (
        "-".join(f"{k}={'+'.join(v)}" for k, v in value.items())
        if isinstance(value, dict)
        else None
    ),
)
def test_the_selector_narrows_by_each_filled_list(organization, structure, places, scope, expected):
    membership = head(
        organization, **{field: [structure[n] for n in names] for field, names in scope.items()}
    )
    with scopes_disabled():
        assert visible_names(membership) == expected


@pytest.mark.parametrize("role", [r for r in Role if r != Role.DEPARTMENT_HEAD])
def test_a_scope_means_nothing_for_other_roles(organization, structure, places, role):
    membership = head(organization, departments=[structure["green"]])
    with scopes_disabled():
        Membership.objects.filter(pk=membership.pk).update(role=role)
        membership.refresh_from_db()
        assert visible_names(membership) == ALL


def test_another_organizations_touchpoints_are_never_visible(
    organization, other_organization, places
):
    TouchpointFactory(organization=other_organization, name_bg="elsewhere")
    with scopes_disabled():
        assert "elsewhere" not in visible_names(head(organization))


class TestPages:
    @pytest.fixture
    def client_of_head(self, organization, structure, places, client):
        membership = head(organization, areas=[structure["town"]], categories=[structure["parks"]])
        client.force_login(membership.user)
        return client

    def test_the_list_shows_only_the_scope(self, organization, places, client_of_head):
        page = client_of_head.get(f"/manage/{organization.slug}/touchpoints/").content.decode()
        assert "park-in-town" in page
        assert "park-in-district" in page
        assert "park-in-village" not in page
        assert "school-in-town" not in page

    def test_a_touchpoint_outside_the_scope_is_404(self, organization, places, client_of_head):
        base = f"/manage/{organization.slug}/touchpoints/"
        inside, outside = places["park-in-district"], places["school-in-town"]
        assert client_of_head.get(f"{base}{inside.pk}/").status_code == 200
        assert client_of_head.get(f"{base}{outside.pk}/").status_code == 404

    def test_the_overview_counts_within_the_scope(self, organization, structure, places):
        make_questionnaire(organization=organization, category=structure["parks"])
        make_questionnaire(organization=organization, category=structure["schools"])
        with scopes_disabled():
            for place in places.values():
                response_record(touchpoint=place, answers={"overall": 8})
            membership = head(organization, categories=[structure["parks"]])
        rollups_catch_up()
        with scopes_disabled():
            overview = organization_overview(membership=membership)
        assert dict(overview.touchpoints_by_kind)["place"] == 3
        assert overview.recent_responses == 3
        [mean] = overview.recent_means
        assert (mean.low, mean.high, mean.responses, mean.mean) == (0, 10, 3, 8.0)


def test_an_auditor_sees_nothing_of_the_organisation_but_their_assignments(
    organization, member_factory, login
):
    from civicpulse.core.models import Role
    from tests.factories import TouchpointFactory

    TouchpointFactory(organization=organization)
    auditor = member_factory(organization, Role.AUDITOR, external_organization="Прозрачност")
    page = (
        login(auditor)
        .get(f"/manage/{organization.slug}/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "none are assigned yet" in page and "Прозрачност" in page
    assert 'class="figures"' not in page
    assert "/touchpoints/" not in page and "/members/" not in page


def test_flagged_responses_stay_out_of_the_overview_figures(
    organization, touchpoint, member_factory, login
):
    from django_scopes import scope

    from civicpulse.core.models import Role
    from civicpulse.feedback.abuse import response_flag
    from civicpulse.feedback.responses import response_record

    with scope(organization=organization):
        response_record(touchpoint=touchpoint, answers={"overall": 9})
        suspicious = response_record(touchpoint=touchpoint, answers={"overall": 0})
        response_flag(response=suspicious, reason="honeypot")
    rollups_catch_up()
    leader = member_factory(organization, Role.LEADER)
    page = login(leader).get(f"/manage/{organization.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    overview = page.context["overview"]
    assert overview.recent_responses == 1
    assert [m.mean for m in overview.recent_means] == [9]
