from datetime import UTC, datetime

import pytest
from django_scopes import scope, scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.counters import ZoneCounters, counter_store
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    TouchpointFactory,
    UserFactory,
    make_questionnaire,
)


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate-limit counts kept in a file outlive a test's transaction; each test starts at 0."""
    yield
    store = counter_store()
    if isinstance(store, ZoneCounters):  # database counters go with the test's transaction
        store.purge(before=datetime.max.replace(tzinfo=UTC))


@pytest.fixture
def organization(db):
    return OrganizationFactory(
        slug="stara-zagora", name_bg="Община Стара Загора", registry_prefix="SZ"
    )


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(slug="kyustendil", name_bg="Община Кюстендил", registry_prefix="KN")


@pytest.fixture
def in_scope(organization):
    """Runs the test inside the organisation's scope, as a back-office request would."""
    with scope(organization=organization):
        yield organization


@pytest.fixture
def unscoped(db):
    with scopes_disabled():
        yield


@pytest.fixture
def member_factory(db):
    """member_factory(organization, role) → a signed-up user with that role."""

    def make(organization, role=Role.ADMINISTRATOR, **membership):
        user = UserFactory()
        MembershipFactory(user=user, organization=organization, role=role, **membership)
        return user

    return make


@pytest.fixture
def login(client):
    def sign_in(user):
        assert client.login(username=user.email, password=PASSWORD)
        return client

    return sign_in


@pytest.fixture
def touchpoint(organization):
    tp = TouchpointFactory(organization=organization)
    make_questionnaire(organization=organization, category=tp.category)
    return tp
