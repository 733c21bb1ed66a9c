"""Aggregate figures through the REST API: keys, the client's own organisation, parameters
refused with 400, employees under the threshold left out, the dashboard's figures."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.analytics.breakdowns import period_cells
from civicpulse.analytics.filters import DashboardFilterForm
from civicpulse.core.models import Role
from tests.analytics.publishing import EMPLOYEE_NAME, SECRET_COMMENT, publishing
from tests.api.test_casefiles_api import make_client
from tests.factories import AreaFactory, MembershipFactory, OrganizationFactory, TouchpointFactory

pytestmark = pytest.mark.django_db
SUMMARY = "/api/v1/figures/summary/"
SERIES = "/api/v1/figures/series/"
XSS = '<script>alert("x")</script>'


def by(dimension):
    return f"/api/v1/figures/by/{dimension}/"


@pytest.fixture
def world():
    return publishing(publishes=False)  # the API does not depend on publishing


@pytest.fixture
def api(client, world):
    key = make_client(world.organization)[1]

    def get(url, key=key, **params):
        return client.get(url, params, HTTP_AUTHORIZATION=f"Api-Key {key}")

    return get


def two_months(world) -> dict:
    end = (world.last_month + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return {"since": world.month_before.isoformat(), "until": end.isoformat()}


def dashboard(world, params):
    membership = MembershipFactory(organization=world.organization, role=Role.ADMINISTRATOR)
    with scope(organization=world.organization):
        form = DashboardFilterForm(
            {"period": "custom", **params}, membership=membership, today=timezone.localdate()
        )
        assert form.is_valid()
        return period_cells(form.choice())


# ------------------------------------------------------------------ keys and organisations


@pytest.mark.parametrize("url", [SUMMARY, SERIES, by("category")])
def test_a_request_without_a_key_gets_401(client, world, url):
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Api-Key nope.nope").status_code == 401


def test_a_client_sees_only_its_own_organization(client, world, api):
    other = OrganizationFactory(slug="other")
    other_key = make_client(other)[1]
    mine = api(SUMMARY, **two_months(world)).json()
    theirs = api(SUMMARY, key=other_key, **two_months(world)).json()
    assert mine["responses"] > 0
    assert theirs["responses"] == 0
    # Another organisation's ids are not valid choices, for either client.
    response = api(SUMMARY, key=other_key, area=world.town.pk, category=world.parks.pk)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"area", "category"}
    foreign_area = AreaFactory(organization=other)
    assert api(SUMMARY, area=foreign_area.pk).status_code == 400
    foreign_place = TouchpointFactory(organization=other)
    assert api(SUMMARY, touchpoint=foreign_place.pk).status_code == 400


# ------------------------------------------------------------------ figures


def test_the_summary_equals_the_dashboards(api, world):
    params = two_months(world)
    body = api(SUMMARY, **params).json()
    total = dashboard(world, params).total()
    assert body["since"] == params["since"] and body["until"] == params["until"]
    assert (body["responses"], body["ratings"]) == (total.responses, total.scored)
    assert body["mean"]["value"] == pytest.approx(total.mean.value)
    assert body["mean"]["low"] == pytest.approx(total.mean.low)
    assert body["mean"]["n"] == total.scored
    assert body["satisfied"]["value"] == pytest.approx(total.satisfied.value)
    assert body["nps"]["value"] == pytest.approx(total.nps.value)


def test_a_breakdown_by_area_equals_the_dashboards(api, world):
    params = {**two_months(world), "category": world.parks.pk}
    body = api(by("area"), **params).json()
    rows = {row["key"]: row for row in body["rows"]}
    assert body["dimension"] == "area"
    with scope(organization=world.organization):
        expected = dashboard(world, params).by_area()
    for row in expected:
        assert rows[str(row.key)]["ratings"] == row.sums.scored
        assert rows[str(row.key)]["mean"]["value"] == pytest.approx(row.sums.mean.value)
    assert rows[str(world.town.pk)]["label"] == world.town.name_bg


@pytest.mark.parametrize("dimension", ["category", "area", "touchpoint", "channel", "language"])
def test_every_dimension_adds_up_to_the_summary(api, world, dimension):
    params = two_months(world)
    rows = api(by(dimension), **params).json()["rows"]
    assert sum(row["responses"] for row in rows) == api(SUMMARY, **params).json()["responses"]
    assert all(set(row) >= {"key", "label", "kind", "mean", "satisfied", "nps"} for row in rows)


def test_an_employee_appears_only_above_the_threshold(api, world):
    params = two_months(world)
    rows = api(by("touchpoint"), **params).json()["rows"]
    employee = next(row for row in rows if row["key"] == str(world.employee.pk))
    assert employee["kind"] == "employee" and employee["ratings"] == 12
    world.organization.employee_min_responses = 13
    with scopes_disabled():
        world.organization.save()
    for url in (by("touchpoint"), by("category"), SUMMARY, SERIES):
        text = api(url, **params).content.decode()
        assert EMPLOYEE_NAME not in text
    rows = api(by("touchpoint"), **params).json()["rows"]
    assert str(world.employee.pk) not in {row["key"] for row in rows}
    summary = api(SUMMARY, **params).json()
    assert summary["ratings"] == 2 * (12 + 11 + 10 + 3)  # the places only
    series = api(SERIES, unit="month", **params).json()
    assert sum(point["ratings"] for point in series["points"]) == summary["ratings"]
    narrowed = api(SUMMARY, touchpoint=world.employee.pk, **params).json()
    assert narrowed["responses"] == 0


def test_no_comment_is_ever_sent(api, world):
    params = two_months(world)
    for url in (SUMMARY, SERIES, *(by(d) for d in ("touchpoint", "category", "area"))):
        assert SECRET_COMMENT not in api(url, **params).content.decode()


def test_the_series_by_month(api, world):
    body = api(SERIES, unit="month", **two_months(world)).json()
    assert body["unit"] == "month"
    points = body["points"]
    assert [point["start"] for point in points] == [
        world.month_before.isoformat(),
        world.last_month.isoformat(),
    ]
    assert points[0]["end"] == (world.last_month - timedelta(days=1)).isoformat()
    assert all(point["ratings"] == 12 + 11 + 10 + 3 + 6 for point in points)


def test_the_series_picks_its_unit_by_default(api, world):
    body = api(SERIES, period="7d").json()
    assert body["unit"] == "day" and len(body["points"]) == 7


# ------------------------------------------------------------------ wrong parameters


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-13-45", "until": "2026-01-01"}, "since"),
        ({"since": "99999-01-01"}, "since"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "until"),
        ({"since": "1900-01-01", "until": "1900-02-01"}, "since"),
        ({"since": "2020-01-01", "until": "2025-12-31"}, "until"),
        ({"period": XSS}, "period"),
        ({"channel": XSS}, "channel"),
        ({"language": "xx"}, "language"),
        ({"area": "abc"}, "area"),
        ({"area": "9" * 30}, "area"),
        ({"category": "-1"}, "category"),
        ({"touchpoint": "1.5"}, "touchpoint"),
        ({"unit": "hour"}, "unit"),
        ({"unit": XSS}, "unit"),
        ({"period": "365d", "unit": "day"}, "unit"),
    ],
)
def test_a_wrong_parameter_gets_400_naming_it(api, world, params, field):
    for url in (SUMMARY, SERIES, by("category")):
        response = api(url, **params)
        assert response.status_code == 400, (url, params)
        body = response.json()
        assert field in body["errors"]
        assert body["detail"]
        assert "<script" not in response.content.decode()


def test_an_unknown_dimension_gets_400(api, world):
    response = api(by("employee-names"))
    assert response.status_code == 400
    assert "dimension" in response.json()["errors"]
    response = api(by("<b>x</b>"))
    assert response.status_code in (400, 404)
    assert "<b>" not in response.content.decode()


# ------------------------------------------------------------------ query counts


@pytest.mark.parametrize("url", [SUMMARY, SERIES, by("touchpoint"), by("area")])
def test_queries_do_not_grow_with_the_places(api, world, url, django_assert_max_num_queries):
    params = two_months(world)
    with django_assert_max_num_queries(12):
        assert api(url, **params).status_code == 200
    for _ in range(20):
        TouchpointFactory(organization=world.organization, category=world.parks, area=world.town)
    with django_assert_max_num_queries(12):
        assert api(url, **params).status_code == 200


def test_since_alone_runs_until_today(api, world):
    body = api(SUMMARY, since=world.month_before.isoformat()).json()
    assert body["since"] == world.month_before.isoformat()
    assert body["until"] == timezone.localdate().isoformat()
    assert body["ratings"] == 2 * (12 + 11 + 10 + 3 + 6)
