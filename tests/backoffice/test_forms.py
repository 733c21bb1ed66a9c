"""Set-up forms with bad input: markup, wrong types, unfit logos, another organisation's rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from civicpulse.backoffice.forms.organization import LOGO_MAX_BYTES
from civicpulse.core.models import Area, Category, Organization
from civicpulse.feedback.models import Touchpoint
from tests.factories import AreaFactory, CategoryFactory, DepartmentFactory, TouchpointFactory

XSS = '<script>alert("x")</script>'


def manage(organization, path):
    return f"/manage/{organization.slug}/{path}"


def image_file(name="logo.png", image_format="PNG", size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#1f5f8b").save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def settings_data(organization, **overrides):
    return {
        "name_bg": organization.name_bg,
        "name_en": organization.name_en,
        "registry_prefix": organization.registry_prefix,
        "time_zone": "Europe/Sofia",
        "brand_colour": "#1f5f8b",
        "employee_min_responses": 5,
        "figures_min_responses": 10,
        **overrides,
    }


class TestMarkupIsEscaped:
    def test_in_a_category_name(self, organization, admin_client):
        response = admin_client.post(
            manage(organization, "categories/add/"),
            {"name_bg": XSS, "slug": "xss", "icon": "park", "position": 1, "is_active": "on"},
        )
        assert response.status_code == 302
        page = admin_client.get(manage(organization, "categories/")).content.decode()
        assert XSS not in page
        assert "&lt;script&gt;" in page

    def test_in_the_organization_name_shown_in_every_header(self, organization, admin_client):
        admin_client.post(
            manage(organization, "settings/"), settings_data(organization, name_bg=XSS)
        )
        page = admin_client.get(manage(organization, "")).content.decode()
        assert XSS not in page
        assert "&lt;script&gt;" in page

    def test_in_a_touchpoint_name_on_the_list_and_the_detail(self, organization, admin_client):
        touchpoint = TouchpointFactory(organization=organization, name_bg=XSS)
        for path in ("touchpoints/", f"touchpoints/{touchpoint.pk}/"):
            page = admin_client.get(manage(organization, path)).content.decode()
            assert XSS not in page
            assert "&lt;script&gt;" in page


class TestOrganizationSettings:
    def test_saving(self, organization, admin_client):
        response = admin_client.post(
            manage(organization, "settings/"),
            settings_data(organization, name_en="Stara Zagora", brand_colour="#aa3300"),
        )
        assert response.status_code == 302
        organization.refresh_from_db()
        assert (organization.name_en, organization.brand_colour) == ("Stara Zagora", "#aa3300")

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("brand_colour", "red"),
            ("brand_colour", "#12345"),
            ("registry_prefix", "sz1"),
            ("time_zone", "Mars/Olympus"),
            ("employee_min_responses", "five"),
            ("employee_min_responses", "-1"),
            ("figures_min_responses", "2"),
            ("figures_min_responses", "99999999999"),
        ],
    )
    def test_wrong_values_are_refused(self, organization, admin_client, field, value):
        response = admin_client.post(
            manage(organization, "settings/"), settings_data(organization, **{field: value})
        )
        assert response.status_code == 200
        assert response.context["form"].has_error(field)

    def test_publishing_figures_is_chosen_here(self, organization, admin_client):
        assert not organization.publishes_figures
        response = admin_client.post(
            manage(organization, "settings/"),
            settings_data(organization, publishes_figures="on", figures_min_responses=20),
        )
        assert response.status_code == 302
        organization.refresh_from_db()
        assert organization.publishes_figures
        assert organization.figures_min_responses == 20

    def test_a_logo_is_stored_and_served(self, organization, admin_client, client):
        response = admin_client.post(
            manage(organization, "settings/"), {**settings_data(organization), "logo": image_file()}
        )
        assert response.status_code == 302
        organization.refresh_from_db()
        assert organization.logo.name.startswith("logos/")
        served = client.get(f"/o/{organization.slug}/logo/")
        assert served["Content-Type"] == "image/png"
        header = admin_client.get(manage(organization, "")).content.decode()
        assert f'src="/o/{organization.slug}/logo/?v=' in header

    def test_a_file_that_is_not_an_image_is_refused(self, organization, admin_client):
        fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
        response = admin_client.post(
            manage(organization, "settings/"), {**settings_data(organization), "logo": fake}
        )
        assert response.status_code == 200
        assert response.context["form"].has_error("logo", "invalid_image")
        organization.refresh_from_db()
        assert not organization.logo

    def test_an_image_of_another_format_is_refused(self, organization, admin_client):
        gif = image_file("logo.gif", "GIF")
        response = admin_client.post(
            manage(organization, "settings/"), {**settings_data(organization), "logo": gif}
        )
        assert response.status_code == 200
        assert response.context["form"].has_error("logo", "invalid_image")

    def test_an_oversized_logo_is_refused_with_its_size(
        self, organization, admin_client, in_english
    ):
        big = SimpleUploadedFile("logo.png", b"\0" * (LOGO_MAX_BYTES + 200_000))
        response = admin_client.post(
            manage(organization, "settings/"), {**settings_data(organization), "logo": big}
        )
        assert response.status_code == 200
        [error] = response.context["form"].errors["logo"]
        assert "1.2 MB" in error
        assert "at most 1 MB" in error


class TestTouchpointForm:
    @pytest.fixture
    def data(self, organization):
        return {
            "kind": "place",
            "name_bg": "Площадка",
            "category": CategoryFactory(organization=organization).pk,
            "is_active": "on",
        }

    def test_create(self, organization, admin_client, data):
        response = admin_client.post(manage(organization, "touchpoints/add/"), data)
        assert response.status_code == 302
        with scopes_disabled():
            touchpoint = Touchpoint.objects.get(name_bg="Площадка")
        assert touchpoint.organization == organization
        assert response.url == manage(organization, f"touchpoints/{touchpoint.pk}/")

    @pytest.mark.parametrize("field", ["category", "area", "department", "place", "questionnaire"])
    def test_another_organizations_row_is_an_invalid_choice(
        self, organization, other_organization, admin_client, data, field
    ):
        foreign = TouchpointFactory(organization=other_organization)
        ids = {
            "category": foreign.category_id,
            "area": foreign.area_id,
            "department": DepartmentFactory(organization=other_organization).pk,
            "place": foreign.pk,
            "questionnaire": _foreign_questionnaire(other_organization, foreign),
        }
        kind = "employee" if field == "place" else "place"
        response = admin_client.post(
            manage(organization, "touchpoints/add/"), {**data, "kind": kind, field: ids[field]}
        )
        assert response.status_code == 200
        assert response.context["form"].has_error(field, "invalid_choice")

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"latitude": "north"}, "latitude"),
            ({"latitude": "91", "longitude": "25"}, "latitude"),
            ({"latitude": "42", "longitude": "181"}, "longitude"),
            ({"kind": "robot"}, "kind"),
            ({"category": "abc"}, "category"),
            ({"name_bg": ""}, "name_bg"),
        ],
    )
    def test_wrong_values_are_refused(self, organization, admin_client, data, changes, field):
        response = admin_client.post(manage(organization, "touchpoints/add/"), {**data, **changes})
        assert response.status_code == 200
        assert response.context["form"].has_error(field)

    def test_half_a_coordinate_is_refused(self, organization, admin_client, data, in_english):
        response = admin_client.post(
            manage(organization, "touchpoints/add/"), {**data, "latitude": "42.1"}
        )
        assert "both the latitude and the longitude" in response.content.decode()

    def test_a_place_has_no_workplace(self, organization, admin_client, data):
        workplace = TouchpointFactory(organization=organization)
        response = admin_client.post(
            manage(organization, "touchpoints/add/"), {**data, "place": workplace.pk}
        )
        assert response.context["form"].has_error("place")

    def test_editing_keeps_the_code(self, organization, admin_client, data):
        touchpoint = TouchpointFactory(organization=organization)
        response = admin_client.post(
            manage(organization, f"touchpoints/{touchpoint.pk}/edit/"), data
        )
        assert response.status_code == 302
        with scopes_disabled():
            saved = Touchpoint.objects.get(pk=touchpoint.pk)
        assert (saved.name_bg, saved.code) == ("Площадка", touchpoint.code)


def _foreign_questionnaire(organization, touchpoint):
    from tests.factories import make_questionnaire

    return make_questionnaire(organization=organization, category=touchpoint.category).pk


class TestStructureForms:
    def test_an_area_cannot_go_inside_its_own_subtree(self, organization, admin_client):
        region = AreaFactory(organization=organization)
        town = AreaFactory(organization=organization, parent=region)
        response = admin_client.post(
            manage(organization, f"areas/{region.pk}/"),
            {"name_bg": "Област", "kind": "region", "parent": town.pk},
        )
        assert response.context["form"].has_error("parent", "invalid_choice")

    def test_an_area_under_another_organizations_area_is_refused(
        self, organization, other_organization, admin_client
    ):
        foreign = AreaFactory(organization=other_organization)
        response = admin_client.post(
            manage(organization, "areas/add/"),
            {"name_bg": "Село", "kind": "settlement", "parent": foreign.pk},
        )
        assert response.context["form"].has_error("parent", "invalid_choice")

    def test_moving_an_area_moves_its_subtree(self, organization, admin_client):
        region, other_region = (AreaFactory(organization=organization) for _ in range(2))
        town = AreaFactory(organization=organization, parent=region)
        district = AreaFactory(organization=organization, parent=town)
        response = admin_client.post(
            manage(organization, f"areas/{town.pk}/"),
            {"name_bg": "Град", "kind": "settlement", "parent": other_region.pk},
        )
        assert response.status_code == 302
        with scopes_disabled():
            assert Area.objects.get(pk=district.pk).path == (
                f"/{other_region.pk}/{town.pk}/{district.pk}/"
            )

    def test_a_category_short_name_is_unique_within_the_organization(
        self, organization, other_organization, admin_client
    ):
        CategoryFactory(organization=organization, slug="parks")
        CategoryFactory(organization=other_organization, slug="schools")
        data = {"name_bg": "Паркове", "icon": "park", "position": 0}
        taken = admin_client.post(
            manage(organization, "categories/add/"), {**data, "slug": "parks"}
        )
        assert taken.context["form"].has_error("slug")
        free = admin_client.post(
            manage(organization, "categories/add/"), {**data, "slug": "schools"}
        )
        assert free.status_code == 302
        with scopes_disabled():
            assert Category.objects.filter(slug="schools").count() == 2

    def test_an_unknown_icon_is_refused(self, organization, admin_client):
        response = admin_client.post(
            manage(organization, "categories/add/"),
            {"name_bg": "Х", "slug": "x", "icon": "../../etc/passwd", "position": 0},
        )
        assert response.context["form"].has_error("icon")

    def test_a_department_e_mail_must_be_an_address(self, organization, admin_client):
        response = admin_client.post(
            manage(organization, "departments/add/"), {"name_bg": "Д", "email": "not-an-address"}
        )
        assert response.context["form"].has_error("email")

    def test_editing_another_organizations_department_is_404(
        self, organization, other_organization, admin_client
    ):
        foreign = DepartmentFactory(organization=other_organization)
        response = admin_client.post(
            manage(organization, f"departments/{foreign.pk}/"), {"name_bg": "Хакнато"}
        )
        assert response.status_code == 404
        with scopes_disabled():
            assert foreign.__class__.objects.get(pk=foreign.pk).name_bg != "Хакнато"


def test_organization_is_not_a_form_field(organization, admin_client):
    """The organisation comes from the URL, never from the posted data."""
    other = Organization.objects.create(slug="x", name_bg="Х", registry_prefix="X")
    admin_client.post(
        manage(organization, "departments/add/"), {"name_bg": "Д", "organization": other.pk}
    )
    with scopes_disabled():
        assert other.departments.count() == 0
        assert organization.departments.filter(name_bg="Д").exists()
