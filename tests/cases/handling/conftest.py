"""An organisation with the default kinds and states, two departments, a member in every
role (the head runs the roads department), and registered cases made to order."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.models import Case, CaseKind, CaseStatus
from civicpulse.cases.registry import case_register
from civicpulse.core.models import Membership, Role
from tests.factories import AreaFactory, CategoryFactory, DepartmentFactory


@dataclass
class Desk:
    organization: object
    roads: object
    parks: object
    people: dict  # role name → user
    town: object
    district: object
    potholes: object  # a category

    def case(self, *, language="bg", days_ago=0, **fields) -> Case:
        """A registered case of kind "signal", registered `days_ago` days ago."""
        with scopes_disabled():
            kind = CaseKind.objects.get(
                organization=self.organization, slug=fields.pop("kind", "signal")
            )
            case = Case.objects.create(
                organization=self.organization,
                kind=kind,
                title=fields.pop("title", "Дупка на улица Цар Симеон"),
                description=fields.pop("description", "Голяма дупка пред номер 12."),
                sender_name=fields.pop("sender_name", "Мария Иванова"),
                sender_email=fields.pop("sender_email", "maria@example.org"),
                sender_phone="+359 88 765 4321",
                language=language,
                **fields,
            )
            with scope(organization=self.organization):
                return case_register(case=case, now=timezone.now() - timedelta(days=days_ago))

    def status(self, stage) -> CaseStatus:
        with scopes_disabled():
            return CaseStatus.objects.filter(organization=self.organization, stage=stage).first()


@pytest.fixture(autouse=True)
def in_english():
    """The services' refusals are read in English here; e-mails still go out in each
    case's own language."""
    with translation.override("en"):
        yield


@pytest.fixture
def desk(organization, member_factory):
    return make_desk(organization, member_factory)


def make_desk(organization, member_factory) -> Desk:
    cases_install_defaults(organization=organization)
    roads = DepartmentFactory(
        organization=organization, name_bg="Пътища", name_en="Roads", email="roads@example.bg"
    )
    parks = DepartmentFactory(
        organization=organization, name_bg="Паркове", name_en="Parks", email="parks@example.bg"
    )
    town = AreaFactory(organization=organization, name_bg="Стара Загора", name_en="Stara Zagora")
    district = AreaFactory(
        organization=organization,
        parent=town,
        kind="district",
        name_bg="Железник",
        name_en="Zheleznik",
    )
    people = {
        "admin": member_factory(organization, Role.ADMINISTRATOR),
        "officer": member_factory(organization, Role.CASE_OFFICER),
        "officer2": member_factory(organization, Role.CASE_OFFICER),
        "head": member_factory(organization, Role.DEPARTMENT_HEAD),
        "leader": member_factory(organization, Role.LEADER),
        "viewer": member_factory(organization, Role.VIEWER),
    }
    with scopes_disabled():
        Membership.objects.get(user=people["head"]).departments.set([roads])
    return Desk(
        organization=organization,
        roads=roads,
        parks=parks,
        people=people,
        town=town,
        district=district,
        potholes=CategoryFactory(organization=organization, name_bg="Дупки", name_en="Potholes"),
    )
