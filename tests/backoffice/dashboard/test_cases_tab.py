"""The signals portal's figures on the dashboard: counts, on time, by department."""

from django.urls import reverse
from django_scopes import scope

from civicpulse.cases.models import Case
from civicpulse.core.models import Role
from tests.cases.portal import answered, registered
from tests.factories import DepartmentFactory


def test_the_cases_tab_counts_the_periods_cases_and_on_time_answers(client, portal, member_factory):
    roads = DepartmentFactory(organization=portal, name_bg="Пътища", name_en="Roads")
    first, second = registered(portal), registered(portal)
    answered(first)
    with scope(organization=portal):
        Case.objects.filter(pk__in=[first.pk, second.pk]).update(department=roads)
    client.force_login(member_factory(portal, Role.LEADER))
    url = reverse("backoffice:dashboard_cases", kwargs={"organization": portal.slug})
    page = client.get(f"{url}?period=7d", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Roads" in page
    assert "100 %" in page and "(1/1)" in page  # answered at once: on time
    csv = client.get(f"{url}?period=7d&export=csv&table=1").content.decode("utf-8-sig")
    assert csv.count("\n") >= 2
    png = client.get(f"{url}?period=7d&chart=on_time&format=png")
    assert png.content.startswith(b"\x89PNG")
