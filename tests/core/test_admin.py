import pytest
from django.urls import reverse

from civicpulse.core.models import Role, User
from tests.factories import PASSWORD


@pytest.mark.parametrize("role", list(Role))
def test_organisation_staff_cannot_enter_the_django_admin(
    organization, member_factory, client, role
):
    user = member_factory(organization, role)
    user.is_staff = True  # even with the flag set by mistake
    user.save()
    client.login(username=user.email, password=PASSWORD)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_superusers_manage_every_organisation_in_the_admin(
    organization, other_organization, client
):
    User.objects.create_superuser("root@example.org", PASSWORD, full_name="Оператор")
    client.login(username="root@example.org", password=PASSWORD)
    for name in ("core_organization", "core_area", "core_membership", "feedback_touchpoint"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:core_organization_changelist")).content.decode()
    assert "Община Стара Загора" in page and "Община Кюстендил" in page


def test_an_organisation_created_in_the_admin_gets_the_default_categories(db, client):
    from django_scopes import scopes_disabled

    from civicpulse.cases.models import CaseKind, CaseStatus, Stage
    from civicpulse.core.models import Category, Organization

    User.objects.create_superuser("root@example.org", PASSWORD, full_name="Оператор")
    client.login(username="root@example.org", password=PASSWORD)
    response = client.post(
        reverse("admin:core_organization_add"),
        {
            "slug": "plovdiv",
            "name_bg": "Община Пловдив",
            "name_en": "Plovdiv Municipality",
            "kind": "municipality",
            "registry_prefix": "PD",
            "time_zone": "Europe/Sofia",
            "brand_colour": "#1f5f8b",
            "employee_min_responses": 5,
            "figures_min_responses": 10,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        organization = Organization.objects.get(slug="plovdiv")
        categories = Category.objects.filter(organization=organization)
        assert categories.count() == 11
        assert all(c.questionnaires.exists() for c in categories)
        assert CaseKind.objects.filter(organization=organization).count() == 5
        assert CaseStatus.objects.filter(organization=organization).count() == len(Stage)
