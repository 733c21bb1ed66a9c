"""The employees page: the list with filters and badges, and adding or editing an employee."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.models import Touchpoint, TouchpointKind
from tests.factories import CategoryFactory, DepartmentFactory, TouchpointFactory


def url(organization, path=""):
    return f"/manage/{organization.slug}/employees/{path}"


@pytest.fixture
def staff(organization):
    desk = TouchpointFactory(organization=organization, name_bg="Гише 1")
    other_desk = TouchpointFactory(organization=organization, name_bg="Гише 2")
    services = DepartmentFactory(organization=organization, name_bg="Услуги")
    education = DepartmentFactory(organization=organization, name_bg="Образование")

    def employee(name, place, department, **extra):
        return TouchpointFactory(
            organization=organization,
            kind=TouchpointKind.EMPLOYEE,
            name_bg=name,
            place=place,
            department=department,
            job_title_bg="Специалист",
            **extra,
        )

    return {
        "desk": desk,
        "other_desk": other_desk,
        "services": services,
        "education": education,
        "maria": employee("Мария", desk, services),
        "petar": employee("Петър", other_desk, services),
        "ivana": employee("Ивана", None, education, is_active=False),
    }


def names(response):
    return [employee.name_bg for employee in response.context["page"].object_list]


class TestList:
    def test_lists_only_employees_with_their_details_and_badges(
        self, organization, staff, admin_client
    ):
        response = admin_client.get(url(organization))  # in Bulgarian, as the names are
        page = response.content.decode()
        assert names(response) == ["Ивана", "Мария", "Петър"]
        assert "Гише 1" in page and "Услуги" in page and "Специалист" in page
        maria = staff["maria"]
        poster = f"/manage/{organization.slug}/touchpoints/{maria.pk}/poster.pdf"
        assert f"{poster}?format=desk-card" in page and f"{poster}?format=badges" in page
        assert not any(row.results_shown for row in response.context["page"].object_list)

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("department={services}", ["Мария", "Петър"]),
            ("place={desk}", ["Мария"]),
            ("active=no", ["Ивана"]),
            ("text=пет", ["Петър"]),
            ("department=999999", ["Ивана", "Мария", "Петър"]),
            ("place=abc&active=maybe", ["Ивана", "Мария", "Петър"]),
        ],
        ids=["department", "workplace", "inactive", "text", "unknown-id", "garbage"],
    )
    def test_filters(self, organization, staff, admin_client, query, expected):
        ids = {key: value.pk for key, value in staff.items()}
        response = admin_client.get(url(organization, "?" + query.format(**ids)))
        assert response.status_code == 200 and names(response) == expected

    def test_another_organisations_department_is_no_filter(
        self, organization, other_organization, staff, admin_client
    ):
        theirs = DepartmentFactory(organization=other_organization)
        response = admin_client.get(url(organization, f"?department={theirs.pk}"))
        assert names(response) == ["Ивана", "Мария", "Петър"]

    def test_a_department_head_sees_only_their_scope(
        self, organization, staff, member_factory, client
    ):
        head = member_factory(organization, Role.DEPARTMENT_HEAD)
        with scopes_disabled():
            head.memberships.get().departments.set([staff["education"]])
        client.force_login(head)
        assert names(client.get(url(organization))) == ["Ивана"]

    def test_asks_the_database_a_fixed_number_of_times(
        self, organization, staff, admin_client, django_assert_max_num_queries
    ):
        for n in range(10):
            TouchpointFactory(
                organization=organization,
                kind=TouchpointKind.EMPLOYEE,
                place=staff["desk"],
                department=staff["services"],
                name_bg=f"Служител {n}",
            )
        with django_assert_max_num_queries(12):
            admin_client.get(url(organization))


class TestAddAndEdit:
    @pytest.fixture
    def data(self, organization, staff):
        category = CategoryFactory(organization=organization)
        return {
            "name_bg": "Нова служителка",
            "name_en": "New clerk",
            "job_title_bg": "Гишен служител",
            "job_title_en": "Desk clerk",
            "category": category.pk,
            "department": staff["services"].pk,
            "place": staff["desk"].pk,
            "is_active": "on",
        }

    def test_add_makes_an_employee_even_when_told_otherwise(self, organization, admin_client, data):
        response = admin_client.post(url(organization, "add/"), {**data, "kind": "place"})
        with scopes_disabled():
            created = Touchpoint.objects.get(name_bg="Нова служителка")
        assert response.status_code == 302
        assert response["Location"] == f"/manage/{organization.slug}/touchpoints/{created.pk}/"
        assert created.kind == TouchpointKind.EMPLOYEE and created.place.name_bg == "Гише 1"

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"name_bg": ""}, "name_bg"),
            ({"name_bg": "я" * 201}, "name_bg"),
            ({"category": "abc"}, "category"),
            ({"place": "999999"}, "place"),
        ],
        ids=["no-name", "long-name", "bad-category", "unknown-workplace"],
    )
    def test_bad_input_is_a_field_error(self, organization, admin_client, data, overrides, field):
        response = admin_client.post(url(organization, "add/"), {**data, **overrides})
        assert response.status_code == 200 and field in response.context["form"].errors
        with scopes_disabled():
            assert not Touchpoint.objects.filter(name_en="New clerk").exists()

    def test_a_workplace_of_another_organisation_is_refused(
        self, organization, other_organization, admin_client, data
    ):
        theirs = TouchpointFactory(organization=other_organization)
        response = admin_client.post(url(organization, "add/"), {**data, "place": theirs.pk})
        assert "place" in response.context["form"].errors

    def test_edit_an_employee(self, organization, staff, admin_client, data):
        maria = staff["maria"]
        response = admin_client.post(url(organization, f"{maria.pk}/edit/"), data)
        assert response.status_code == 302
        with scopes_disabled():
            maria.refresh_from_db()
        assert maria.name_bg == "Нова служителка" and maria.kind == TouchpointKind.EMPLOYEE

    def test_a_place_cannot_be_edited_here(self, organization, staff, admin_client):
        assert admin_client.get(url(organization, f"{staff['desk'].pk}/edit/")).status_code == 404

    def test_a_name_with_markup_is_shown_as_text(self, organization, admin_client, data):
        admin_client.post(url(organization, "add/"), {**data, "name_bg": "<img src=x onerror=1>"})
        page = admin_client.get(url(organization)).content.decode()
        assert "&lt;img src=x onerror=1&gt;" in page and "<img src=x" not in page
