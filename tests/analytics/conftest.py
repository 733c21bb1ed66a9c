"""Fixtures of the analytics tests: an organisation in Sofia's time zone with rated places."""

from datetime import timedelta

import pytest

from civicpulse.analytics.rollups import rollups_catch_up
from tests.analytics.figures import NORTH, SOUTH, SOUTH_OTHER_CATEGORY, START, rate
from tests.analytics.responses import rated_definition
from tests.factories import AreaFactory, OrganizationFactory, TouchpointFactory, make_questionnaire


@pytest.fixture
def sofia(db):
    return OrganizationFactory(slug="sofia-test", time_zone="Europe/Sofia", registry_prefix="SF")


@pytest.fixture
def places(sofia):
    first = TouchpointFactory(organization=sofia)
    second = TouchpointFactory(organization=sofia, category=first.category)
    make_questionnaire(organization=sofia, category=first.category, definition=rated_definition())
    return [first, second]


@pytest.fixture
def elsewhere(sofia):
    """A rated place of another category."""
    touchpoint = TouchpointFactory(organization=sofia)
    make_questionnaire(
        organization=sofia, category=touchpoint.category, definition=rated_definition()
    )
    return touchpoint


@pytest.fixture
def town(sofia):
    """Two areas of a region, each with a park; the south also has a school."""
    region = AreaFactory(organization=sofia, name_bg="Област")
    north = AreaFactory(organization=sofia, parent=region, name_bg="Север")
    south = AreaFactory(organization=sofia, parent=region, name_bg="Юг")
    park_north = TouchpointFactory(organization=sofia, area=north)
    park_south = TouchpointFactory(organization=sofia, area=south, category=park_north.category)
    school = TouchpointFactory(organization=sofia, area=south)
    for category in (park_north.category, school.category):
        make_questionnaire(organization=sofia, category=category, definition=rated_definition())
    rate(park_north, NORTH)
    rate(park_south, SOUTH)
    rate(school, SOUTH_OTHER_CATEGORY)
    rate(park_north, [0, 1])  # the period before
    rate(park_north, [4], day=START - timedelta(days=3), spread_days=1)
    rollups_catch_up()
    return {
        "region": region,
        "north": north,
        "south": south,
        "parks": park_north.category,
        "schools": school.category,
    }
