"""An employee's results: shown only past the organisation's threshold, texts only to the
roles trusted with them."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.abuse import response_flag
from civicpulse.feedback.models import TouchpointKind
from civicpulse.feedback.responses import response_record
from tests.factories import DepartmentFactory, TouchpointFactory, make_questionnaire

COMMENT = "Много любезна служителка"


@pytest.fixture
def department(organization):
    return DepartmentFactory(organization=organization)


@pytest.fixture
def employee(organization, department):
    employee = TouchpointFactory(
        organization=organization,
        kind=TouchpointKind.EMPLOYEE,
        name_bg="Мария Иванова",
        department=department,
    )
    make_questionnaire(organization=organization, category=employee.category, for_employees=True)
    return employee


def rate(employee, times, *, comment=COMMENT, flagged=False):
    with scopes_disabled():
        for _ in range(times):
            response = response_record(
                touchpoint=employee, answers={"overall": 8, "comment": comment}
            )
            if flagged:
                response_flag(response=response)


def detail(client, employee):
    return client.get(
        f"/manage/{employee.organization.slug}/touchpoints/{employee.pk}/",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def set_threshold(organization, n):
    organization.employee_min_responses = n
    with scopes_disabled():
        organization.save()


class TestThreshold:
    def test_one_short_shows_how_many_more_and_nothing_else(
        self, organization, employee, admin_client
    ):
        rate(employee, organization.employee_min_responses - 1)
        response = detail(admin_client, employee)
        page = response.content.decode()
        assert "1 more response is needed" in page
        assert "mean" not in page and "distribution" not in page and COMMENT not in page
        assert response.context["touchpoint_results"].results is None

    def test_exactly_at_the_threshold_shows_the_results(self, organization, employee, admin_client):
        rate(employee, organization.employee_min_responses)
        page = detail(admin_client, employee).content.decode()
        assert "more response" not in page
        assert "mean 8.0 on a scale of 0 to 10" in page and COMMENT in page

    def test_flagged_responses_do_not_count(self, organization, employee, admin_client):
        rate(employee, organization.employee_min_responses - 1)
        rate(employee, 3, flagged=True)
        page = detail(admin_client, employee).content.decode()
        assert "1 more response is needed" in page and "mean" not in page

    def test_the_threshold_is_each_organisations_own(
        self, organization, other_organization, employee, admin_client, member_factory, client
    ):
        set_threshold(organization, 2)
        rate(employee, 2)
        assert "mean 8.0" in detail(admin_client, employee).content.decode()

        theirs = TouchpointFactory(organization=other_organization, kind=TouchpointKind.EMPLOYEE)
        make_questionnaire(
            organization=other_organization, category=theirs.category, for_employees=True
        )
        set_threshold(other_organization, 8)
        rate(theirs, 7)
        client.force_login(member_factory(other_organization, Role.ADMINISTRATOR))
        assert "1 more response is needed" in detail(client, theirs).content.decode()

    def test_a_period_with_too_few_is_withheld_too(self, organization, employee, admin_client):
        rate(employee, organization.employee_min_responses)
        response = admin_client.get(
            f"/manage/{organization.slug}/touchpoints/{employee.pk}/?since=2999-01-01",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.context["touchpoint_results"].results is None

    def test_a_place_shows_its_results_from_the_first_response(
        self, organization, touchpoint, admin_client
    ):
        with scopes_disabled():
            response_record(touchpoint=touchpoint, answers={"overall": 6})
        assert "mean 6.0" in detail(admin_client, touchpoint).content.decode()

    def test_the_employees_list_marks_who_is_shown(self, organization, employee, admin_client):
        rate(employee, organization.employee_min_responses - 1)
        response = admin_client.get(f"/manage/{organization.slug}/employees/")
        (row,) = response.context["page"].object_list
        assert row.response_count == organization.employee_min_responses - 1
        assert not row.results_shown
        rate(employee, 1)
        (row,) = (
            admin_client.get(f"/manage/{organization.slug}/employees/").context["page"].object_list
        )
        assert row.results_shown


class TestComments:
    @pytest.mark.parametrize(
        ("role", "sees_results", "sees_comments"),
        [
            (Role.ADMINISTRATOR, True, True),
            (Role.LEADER, True, True),
            (Role.DEPARTMENT_HEAD, True, True),
            (Role.VIEWER, True, False),
            (Role.CASE_OFFICER, False, False),
        ],
        ids=["administrator", "leader", "department-head", "viewer", "case-officer"],
    )
    def test_texts_only_for_roles_trusted_with_them(
        self,
        organization,
        employee,
        department,
        member_factory,
        client,
        role,
        sees_results,
        sees_comments,
    ):
        rate(employee, organization.employee_min_responses)
        user = member_factory(organization, role)
        if role == Role.DEPARTMENT_HEAD:
            with scopes_disabled():
                user.memberships.get().departments.set([department])
        client.force_login(user)
        response = detail(client, employee)
        page = response.content.decode()
        assert response.status_code == 200
        assert ("mean 8.0" in page) is sees_results
        assert (COMMENT in page) is sees_comments
        if sees_results and not sees_comments:
            assert "5 answers" in page  # the count of texts, not the texts
            assert "shown only to roles allowed to read them" in page

    def test_a_head_outside_whose_scope_the_employee_is_gets_404(
        self, organization, employee, member_factory, client
    ):
        rate(employee, organization.employee_min_responses)
        head = member_factory(organization, Role.DEPARTMENT_HEAD)
        with scopes_disabled():
            head.memberships.get().departments.set([DepartmentFactory(organization=organization)])
        client.force_login(head)
        assert detail(client, employee).status_code == 404

    def test_a_viewer_reads_a_places_comments(
        self, organization, touchpoint, member_factory, client
    ):
        with scopes_disabled():
            response_record(touchpoint=touchpoint, answers={"overall": 3, "comment": "Счупено"})
        client.force_login(member_factory(organization, Role.VIEWER))
        assert "Счупено" in detail(client, touchpoint).content.decode()
