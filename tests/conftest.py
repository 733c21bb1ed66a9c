import socket
from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller
from django.utils import translation
from django_scopes import scope, scopes_disabled

from civicpulse.analytics import history
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

# The signals portal's fixtures (portal, mailbox), for the cases, public and browser tests.
pytest_plugins = ["tests.cases.portal"]


@pytest.fixture(autouse=True)
def fresh_history():
    """Each test starts with nothing kept of past figures: a rolled-back test's
    organisation id comes again in the next test, with different responses."""
    history.store.clear()
    yield
    history.store.clear()


@pytest.fixture
def history_off(settings):
    """Nothing of past figures is kept: every request reads all it shows, for tests that
    count a page's queries."""
    settings.ANALYTICS_HISTORY_ENTRIES = 0


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Bulgarian): a request in English leaves
    English active in the thread, and names then read in English in the next test."""
    translation.deactivate()
    yield
    translation.deactivate()


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


IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def run_jobs(settings, django_capture_on_commit_callbacks):
    """Background jobs run at once when the transaction commits, as a worker would."""
    settings.TASKS = IMMEDIATE_TASKS

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port: (its inbox, its port)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()
