"""Fixtures of the analytics tests: an organisation in Sofia's time zone with rated places."""

import pytest

from tests.analytics.responses import rated_definition
from tests.factories import OrganizationFactory, TouchpointFactory, make_questionnaire


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
