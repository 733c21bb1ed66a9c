"""Clients signed in to the dashboard, reading it in English."""

import pytest

from civicpulse.core.models import Role


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
