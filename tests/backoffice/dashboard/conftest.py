"""A town in Sofia's time zone with two areas, rated places, an employee and staff in every
role, for the dashboard pages' tests. Responses fall in last month, the `period=last-month`
filter's period, at 10:00 local time."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Role
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.responses import rated_definition, record
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    MembershipFactory,
    OrganizationFactory,
    TouchpointFactory,
    UserFactory,
    make_questionnaire,
)

ZONE = ZoneInfo("Europe/Sofia")
LAST_MONTH = {"period": "last-month"}


def last_month_start() -> date:
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


@dataclass
class Town:
    organization: object
    north: object
    south: object
    north_place: object
    south_place: object
    unlocated: object
    employee: object
    users: dict  # role → user; "head" is a department head of the north only

    def url(self, name: str, **kwargs) -> str:
        return reverse(
            f"backoffice:{name}", kwargs={"organization": self.organization.slug, **kwargs}
        )

    def record(self, touchpoint, *, day_offset: int = 0, hour: int = 10, **answers):
        at = local(last_month_start() + timedelta(days=day_offset), hour)
        return record(touchpoint, at=at, **answers)


@pytest.fixture
def town(db):
    organization = OrganizationFactory(
        slug="town-test", time_zone="Europe/Sofia", registry_prefix="TT", employee_min_responses=3
    )
    parks = CategoryFactory(organization=organization)
    make_questionnaire(organization=organization, category=parks, definition=rated_definition())
    north = AreaFactory(organization=organization, name_bg="Север", name_en="North")
    south = AreaFactory(organization=organization, name_bg="Юг", name_en="South")

    def place(area, name, **fields):
        return TouchpointFactory(
            organization=organization,
            category=parks,
            area=area,
            name_bg=name,
            name_en=name,
            **fields,
        )

    north_place = place(north, "Северен парк", latitude="42.700000", longitude="23.300000")
    south_place = place(south, "Южен парк", latitude="42.600000", longitude="23.400000")
    unlocated = place(north, "Парк без място", latitude=None, longitude=None)
    employee = place(north, "Иван Служител", kind=TouchpointKind.EMPLOYEE, place=north_place)
    users = {}
    for role in (Role.ADMINISTRATOR, Role.LEADER, Role.VIEWER):
        users[role] = UserFactory()
        MembershipFactory(user=users[role], organization=organization, role=role)
    users["head"] = UserFactory()
    head = MembershipFactory(
        user=users["head"], organization=organization, role=Role.DEPARTMENT_HEAD
    )
    head.areas.add(north)
    return Town(organization, north, south, north_place, south_place, unlocated, employee, users)


@pytest.fixture
def rated(town):
    """North: 3 responses, one with a comment; south: 2 with a secret comment; the employee:
    3 with a comment each (just at the threshold)."""
    town.record(town.north_place, day_offset=1, overall=9, comment="Чисто и подредено")
    town.record(town.north_place, day_offset=2, overall=4)
    town.record(town.north_place, day_offset=3, overall=7)
    town.record(town.south_place, day_offset=1, overall=2, comment="южна тайна")
    town.record(town.south_place, day_offset=4, overall=3, comment="южна тайна")
    for offset in range(3):
        town.record(town.employee, day_offset=offset, overall=8, comment="за служителя")
    rollups_catch_up()
    return town


@pytest.fixture
def as_role(client, town):
    def sign_in(role):
        client.force_login(town.users[role])
        client.cookies["django_language"] = "en"
        return client

    return sign_in


@pytest.fixture
def dashboard_client(client, organization, member_factory):
    """dashboard_client(role) → the test client signed in as a new member in that role."""

    def sign_in(role):
        client.force_login(member_factory(organization, role))
        client.cookies["django_language"] = "en"
        return client

    return sign_in


@pytest.fixture
def leader_client(dashboard_client):
    return dashboard_client(Role.LEADER)


@pytest.fixture
def head_client(dashboard_client):
    return dashboard_client(Role.DEPARTMENT_HEAD)


# The breakdown, compare and rankings pages' town: two areas under a region, two categories,
# places rated this period and the one before, and a head of the north.
HOSTILE = '<script>alert("x")</script>Парк'


def rate(touchpoint, scores, *, days_ago: int = 1):
    """Scores spread over the days up to `days_ago` + 19 days before now."""
    now = timezone.now()
    for index, score in enumerate(scores):
        record(touchpoint, at=now - timedelta(days=days_ago + index % 20, hours=1), overall=score)


@dataclass
class RatedTown:
    organization: object
    region: object
    north: object
    south: object
    parks: object
    schools: object
    park_north: object
    park_south: object
    school_south: object
    head: object  # a user heading the north only

    def url(self, name: str) -> str:
        return reverse(f"backoffice:{name}", kwargs={"organization": self.organization.slug})


def add_places(rated_town: RatedTown, count: int, *, area=None):
    """More rated places in the north, for query counts that must not grow with them."""
    for _ in range(count):
        place = TouchpointFactory(
            organization=rated_town.organization,
            area=area or rated_town.north,
            category=rated_town.parks,
        )
        rate(place, [6, 7, 8, 9, 5, 7, 8, 9, 10, 4, 8])
    rollups_catch_up()


@pytest.fixture
def rated_town(organization):
    region = AreaFactory(organization=organization, name_bg="Област", name_en="Region")
    north = AreaFactory(organization=organization, parent=region, name_bg="Север", name_en="North")
    south = AreaFactory(organization=organization, parent=region, name_bg="Юг", name_en="South")
    parks = CategoryFactory(organization=organization, name_bg="Паркове", name_en="Parks")
    schools = CategoryFactory(organization=organization, name_bg="Училища", name_en="Schools")
    for category in (parks, schools):
        make_questionnaire(
            organization=organization, category=category, definition=rated_definition()
        )
    park_north = TouchpointFactory(
        organization=organization,
        area=north,
        category=parks,
        name_bg="Северен парк",
        name_en="North park",
    )
    park_south = TouchpointFactory(
        organization=organization, area=south, category=parks, name_bg=HOSTILE, name_en=HOSTILE
    )
    school_south = TouchpointFactory(
        organization=organization,
        area=south,
        category=schools,
        name_bg="Южно училище",
        name_en="South school",
    )
    rate(park_north, [9] * 12 + [8] * 10 + [10] * 6 + [5] * 2)
    rate(park_north, [6, 7, 5, 8, 6, 4, 7], days_ago=35)
    rate(park_south, [7] * 10 + [6] * 8 + [3] * 3)
    rate(school_south, [2, 3, 4, 10, 5])
    rollups_catch_up()
    head = UserFactory()
    membership = MembershipFactory(user=head, organization=organization, role=Role.DEPARTMENT_HEAD)
    with scope(organization=organization):
        membership.areas.set([north])
    return RatedTown(
        organization,
        region,
        north,
        south,
        parks,
        schools,
        park_north,
        park_south,
        school_south,
        head,
    )


@pytest.fixture
def leader(organization, login, member_factory):
    """A client signed in as a leader, reading English."""
    client = login(member_factory(organization, Role.LEADER))
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def north_head(rated_town, login):
    client = login(rated_town.head)
    client.cookies["django_language"] = "en"
    return client
