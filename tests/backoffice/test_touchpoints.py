"""The touchpoint list (filters, pages, a capped number of queries) and detail."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.models import TouchpointKind
from civicpulse.feedback.responses import response_record
from tests.factories import (
    CategoryFactory,
    DepartmentFactory,
    TouchpointFactory,
    make_questionnaire,
)


def list_url(organization, query=""):
    return f"/manage/{organization.slug}/touchpoints/{query}"


def names_on(response):
    return sorted(t.name_bg for t in response.context["page"].object_list)


@pytest.fixture
def assorted(organization, structure):
    s = structure
    return [
        TouchpointFactory(
            organization=organization, name_bg="Парк Аязмото", category=s["parks"], area=s["town"]
        ),
        TouchpointFactory(
            organization=organization,
            name_bg="Парк в селото",
            category=s["parks"],
            area=s["village"],
            is_active=False,
        ),
        TouchpointFactory(
            organization=organization,
            name_bg="Училище Христо Ботев",
            category=s["schools"],
            area=s["district"],
        ),
        TouchpointFactory(
            organization=organization,
            name_bg="Учителка Иванова",
            kind=TouchpointKind.EMPLOYEE,
            category=s["schools"],
            area=s["district"],
        ),
    ]


class TestFilters:
    def test_no_filter_lists_all_in_name_order(self, organization, assorted, admin_client):
        assert names_on(admin_client.get(list_url(organization))) == sorted(
            t.name_bg for t in assorted
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("?kind=employee", ["Учителка Иванова"]),
            ("?active=no", ["Парк в селото"]),
            ("?active=yes&kind=place", ["Парк Аязмото", "Училище Христо Ботев"]),
            ("?text=парк", ["Парк Аязмото", "Парк в селото"]),
            ("?text=ботев", ["Училище Христо Ботев"]),
        ],
    )
    def test_by_value(self, organization, assorted, admin_client, query, expected):
        assert names_on(admin_client.get(list_url(organization, query))) == expected

    def test_by_category(self, organization, structure, assorted, admin_client):
        query = f"?category={structure['schools'].pk}"
        assert names_on(admin_client.get(list_url(organization, query))) == [
            "Училище Христо Ботев",
            "Учителка Иванова",
        ]

    def test_by_area_includes_the_subtree(self, organization, structure, assorted, admin_client):
        query = f"?area={structure['town'].pk}"
        assert names_on(admin_client.get(list_url(organization, query))) == [
            "Парк Аязмото",
            "Училище Христо Ботев",
            "Учителка Иванова",
        ]

    def test_by_code(self, organization, assorted, admin_client):
        code = assorted[0].code
        assert names_on(admin_client.get(list_url(organization, f"?text={code.lower()}"))) == [
            "Парк Аязмото"
        ]

    def test_another_organizations_category_is_ignored_not_applied(
        self, organization, other_organization, assorted, admin_client
    ):
        foreign = CategoryFactory(organization=other_organization)
        response = admin_client.get(list_url(organization, f"?category={foreign.pk}"))
        assert response.status_code == 200
        assert response.context["filter_form"].has_error("category", "invalid_choice")
        assert names_on(response) == sorted(t.name_bg for t in assorted)

    @pytest.mark.parametrize("query", ["?kind=robot", "?area=abc", "?active=maybe", "?page=x"])
    def test_nonsense_in_the_query_string_does_no_harm(self, organization, admin_client, query):
        assert admin_client.get(list_url(organization, query)).status_code == 200


class TestPagesAndQueries:
    @pytest.fixture
    def many(self, organization, structure):
        department = DepartmentFactory(organization=organization)
        for number in range(120):
            TouchpointFactory(
                organization=organization,
                name_bg=f"Място {number:03}",
                category=structure["parks"] if number % 2 else structure["schools"],
                area=structure["district"] if number % 3 else structure["village"],
                department=department if number % 5 else None,
            )

    def test_fifty_a_page_and_the_filters_survive_paging(self, organization, many, admin_client):
        first = admin_client.get(list_url(organization, "?kind=place"))
        assert len(first.context["page"].object_list) == 50
        page = first.content.decode()
        assert 'href="?kind=place&amp;page=2"' in page
        third = admin_client.get(list_url(organization, "?kind=place&page=3"))
        assert len(third.context["page"].object_list) == 20

    # session, user, membership, switcher, filter choices ×2, count, rows; a head's scope +3
    @pytest.mark.parametrize(("role", "cap"), [(Role.ADMINISTRATOR, 8), (Role.DEPARTMENT_HEAD, 11)])
    def test_the_number_of_queries_does_not_grow_with_the_rows(
        self, organization, many, member_factory, client, django_assert_max_num_queries, role, cap
    ):
        client.force_login(member_factory(organization, role))
        with django_assert_max_num_queries(cap):
            response = client.get(list_url(organization))
        assert len(response.context["page"].object_list) == 50


class TestDetail:
    def test_shows_the_questionnaire_and_response_count(self, organization, admin_client):
        touchpoint = TouchpointFactory(organization=organization, address="ул. Цар Симеон 1")
        questionnaire = make_questionnaire(organization=organization, category=touchpoint.category)
        with scopes_disabled():
            for score in (3, 9):
                response_record(touchpoint=touchpoint, answers={"overall": score})
        response = admin_client.get(list_url(organization, f"{touchpoint.pk}/"))
        page = response.content.decode()
        assert response.context["summary"].response_count == 2
        assert response.context["summary"].questionnaire == questionnaire
        assert touchpoint.public_url in page
        assert touchpoint.code in page
        assert "ул. Цар Симеон 1" in page
        assert f"/questionnaires/{questionnaire.pk}/" in page

    def test_an_employee_shows_the_workplace(self, organization, admin_client):
        desk = TouchpointFactory(organization=organization, name_bg="Гише 3")
        employee = TouchpointFactory(
            organization=organization,
            kind=TouchpointKind.EMPLOYEE,
            place=desk,
            category=desk.category,
        )
        page = admin_client.get(list_url(organization, f"{employee.pk}/")).content.decode()
        assert "Гише 3" in page
        assert f"/touchpoints/{desk.pk}/" in page

    def test_without_a_questionnaire_it_says_so(self, organization, admin_client):
        touchpoint = TouchpointFactory(organization=organization)
        response = admin_client.get(list_url(organization, f"{touchpoint.pk}/"))
        assert response.context["summary"].questionnaire is None

    def test_a_viewer_sees_no_edit_button(self, organization, member_factory, login):
        touchpoint = TouchpointFactory(organization=organization)
        client = login(member_factory(organization, Role.VIEWER))
        page = client.get(list_url(organization, f"{touchpoint.pk}/")).content.decode()
        assert f"/touchpoints/{touchpoint.pk}/edit/" not in page
