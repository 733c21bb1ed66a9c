import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.models import Case, CaseKind, CaseStatus, Publication, Stage
from civicpulse.core.models import ApiClient
from tests.cases.portal import SITE  # the portal and mailbox fixtures come from there
from tests.factories import CategoryFactory, DepartmentFactory

# The sender's data in every case made here: no Open311 response may ever show any of it.
SENDER = {
    "sender_name": "Мирослава Тайнова",
    "sender_email": "miroslava.tainova@example.org",
    "sender_phone": "+359 88 765 4321",
}
_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def roads(portal):
    return CategoryFactory(organization=portal, slug="roads", name_bg="Пътища", name_en="Roads")


@pytest.fixture
def parks(portal):
    return CategoryFactory(organization=portal, slug="parks", name_bg="Паркове", name_en="Parks")


@pytest.fixture
def other_portal(other_organization):
    cases_install_defaults(organization=other_organization)
    CategoryFactory(organization=other_organization, slug="roads", name_bg="Улици")
    return other_organization


@pytest.fixture
def department(portal):
    return DepartmentFactory(organization=portal, name_bg="Дирекция Строителство")


def case_values(organization, *, stage=Stage.RECEIVED, registered_at=None, **fields) -> dict:
    """A registered, published case's fields, made directly (as the register would hold it)."""
    with scopes_disabled():
        kind = CaseKind.objects.get(organization=organization, slug=fields.pop("kind", "signal"))
        status = CaseStatus.objects.filter(organization=organization, stage=stage).first()
    registered_at = registered_at or timezone.now() - timedelta(days=1)
    number = f"{organization.registry_prefix}-{registered_at.year}-{next(_sequence):05d}"
    return {
        "organization": organization,
        "kind": kind,
        "status": status,
        "number": number,
        "registered_at": registered_at,
        "due_at": registered_at + timedelta(days=14),
        "title": "Дупка на улица Цар Симеон",
        "description": "Дупка на улица Цар Симеон\nДълбока е около 20 см.",
        "publication": Publication.ANONYMOUS,
        "latitude": Decimal("42.425000"),
        "longitude": Decimal("25.634000"),
        "address": "ул. Цар Симеон Велики 100",
        **SENDER,
        **fields,
    }


@pytest.fixture
def make_case():
    def make(organization, **fields) -> Case:
        with scopes_disabled():
            return Case.objects.create(**case_values(organization, **fields))

    return make


@pytest.fixture
def make_client():
    """make_client(organization, trusted=False, active=True) → (client, key)."""

    def make(organization, *, trusted=False, active=True):
        client = ApiClient(
            organization=organization,
            name="Градско приложение",
            is_trusted=trusted,
            is_active=active,
        )
        key = client.new_key()
        with scopes_disabled():
            client.save()
        return client, key

    return make
