"""Recording interventions: on one touchpoint or one area, within the member's scope."""

from datetime import date

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from civicpulse.analytics.interventions import interventions_visible_to
from civicpulse.analytics.models import Intervention
from civicpulse.core.models import Membership, Role
from tests.factories import MembershipFactory, TouchpointFactory


def _url(organization, name, **kwargs):
    return reverse(f"backoffice:{name}", kwargs={"organization": organization.slug, **kwargs})


@pytest.fixture
def places(organization, structure):
    return {
        "park": TouchpointFactory(
            organization=organization, area=structure["town"], department=structure["green"]
        ),
        "school": TouchpointFactory(
            organization=organization, area=structure["village"], department=structure["education"]
        ),
    }


def _post(client, organization, **data):
    values = {"kind": "repair", "title": "Нова настилка", "started_on": "2026-05-01", **data}
    return client.post(_url(organization, "intervention_create"), values, HTTP_ACCEPT_LANGUAGE="en")


def test_an_intervention_on_a_touchpoint_is_recorded_and_listed(
    client, organization, member_factory, places
):
    user = member_factory(organization, Role.LEADER)
    client.force_login(user)
    response = _post(client, organization, touchpoint=places["park"].pk)
    assert response.status_code == 302
    with scopes_disabled():
        intervention = Intervention.objects.get()
    assert intervention.created_by == user and intervention.started_on == date(2026, 5, 1)
    page = client.get(_url(organization, "intervention_list")).content.decode()
    assert "Нова настилка" in page and places["park"].name in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose either one touchpoint or one area."),
        ({"both": True}, "Choose either one touchpoint or one area."),
        ({"started_on": "1999-12-31", "touchpoint": True}, "Choose a date from 2000-01-01"),
        ({"started_on": "not a date", "touchpoint": True}, "Enter a valid date."),
        ({"title": "x" * 201, "touchpoint": True}, "at most 200 characters"),
        ({"kind": "demolition", "touchpoint": True}, "Select a valid choice."),
    ],
    ids=["neither", "both", "too-early", "not-a-date", "too-long", "unknown-kind"],
)
def test_bad_input_is_explained_and_nothing_saved(
    client, organization, member_factory, places, structure, data, message
):
    client.force_login(member_factory(organization, Role.ADMINISTRATOR))
    data = dict(data)
    if data.pop("both", False):
        data.update(touchpoint=places["park"].pk, area=structure["town"].pk)
    if data.pop("touchpoint", False):
        data["touchpoint"] = places["park"].pk
    response = _post(client, organization, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    with scopes_disabled():
        assert not Intervention.objects.exists()


def test_another_organisations_touchpoint_is_not_a_choice(
    client, organization, other_organization, member_factory
):
    client.force_login(member_factory(organization, Role.ADMINISTRATOR))
    theirs = TouchpointFactory(organization=other_organization)
    response = _post(client, organization, touchpoint=theirs.pk)
    assert "Select a valid choice." in response.content.decode()


def test_a_title_with_markup_is_shown_as_text(client, organization, member_factory, places):
    client.force_login(member_factory(organization, Role.ADMINISTRATOR))
    _post(client, organization, touchpoint=places["park"].pk, title="<script>alert(1)</script>")
    page = client.get(_url(organization, "intervention_list")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_head_records_and_sees_only_within_their_scope(
    client, organization, member_factory, places, structure
):
    head = MembershipFactory(organization=organization, role=Role.DEPARTMENT_HEAD)
    with scopes_disabled():
        head.departments.set([structure["green"]])
    client.force_login(head.user)
    assert _post(client, organization, touchpoint=places["school"].pk).status_code == 200
    assert _post(client, organization, touchpoint=places["park"].pk).status_code == 302
    with scope(organization=organization):
        theirs = Intervention.objects.create(
            organization=organization,
            touchpoint=places["school"],
            title="Нови учители",
            started_on=date(2026, 3, 1),
        )
        head = Membership.objects.get(pk=head.pk)
        assert [i.title for i in interventions_visible_to(membership=head)] == ["Нова настилка"]
    edit = _url(organization, "intervention_edit", pk=theirs.pk)
    assert client.get(edit).status_code == 404
    delete = _url(organization, "intervention_delete", pk=theirs.pk)
    assert client.post(delete).status_code == 404


def test_the_database_refuses_both_or_neither(organization, places, structure):
    with scope(organization=organization), pytest.raises(IntegrityError):
        Intervention.objects.create(
            organization=organization,
            touchpoint=places["park"],
            area=structure["town"],
            title="Both",
            started_on=date(2026, 1, 1),
        )
