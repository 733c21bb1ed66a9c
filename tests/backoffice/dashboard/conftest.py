"""A rated town for the dashboard pages: two areas, two categories, places rated this
period and the one before, and a department head who sees only the north."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Role
from tests.analytics.responses import rated_definition, record
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    MembershipFactory,
    TouchpointFactory,
    UserFactory,
    make_questionnaire,
)

HOSTILE = '<script>alert("x")</script>Парк'


def rate(touchpoint, scores, *, days_ago: int = 1):
    """Scores spread over the days up to `days_ago` + 19 days before now."""
    now = timezone.now()
    for index, score in enumerate(scores):
        record(touchpoint, at=now - timedelta(days=days_ago + index % 20, hours=1), overall=score)


@dataclass
class Town:
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


def add_places(town: Town, count: int, *, area=None):
    """More rated places in the north, for query counts that must not grow with them."""
    for _ in range(count):
        place = TouchpointFactory(
            organization=town.organization, area=area or town.north, category=town.parks
        )
        rate(place, [6, 7, 8, 9, 5, 7, 8, 9, 10, 4, 8])
    rollups_catch_up()


@pytest.fixture
def town(organization):
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
    return Town(
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
def head_client(town, login):
    client = login(town.head)
    client.cookies["django_language"] = "en"
    return client
