from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.analytics.models import Intervention
from civicpulse.casefiles.models import AdministrativeService
from civicpulse.casefiles.services import casefile_register
from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.models import AnswerTemplate, Case, CasePhoto, RoutingRule
from civicpulse.cases.registry import case_register
from civicpulse.core.api_clients import api_client_create
from civicpulse.core.models import Job, JobStatus, Role, User
from civicpulse.feedback.abuse import response_flag
from civicpulse.feedback.campaigns import campaign_create
from civicpulse.feedback.kiosks import kiosk_create
from civicpulse.feedback.models import TouchpointKind
from civicpulse.feedback.responses import response_record
from tests.casefiles.fixtures import sectors, services  # noqa: F401
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    DepartmentFactory,
    MembershipFactory,
    TouchpointFactory,
    UserFactory,
    make_questionnaire,
)


@dataclass
class World:
    """Two organisations with a member in every role, and one of each object in the first."""

    organization: object
    other_organization: object
    members: dict[Role, User]  # one user per role in `organization`
    strangers: dict[Role, User]  # one user per role in `other_organization` only
    ids: dict[str, int]  # pk of each object in `organization`, by URL placeholder

    def url(self, name: str, about: str | None = None, *, organization=None) -> str:
        """The URL `name`; `about` names the object whose id it carries, e.g. "touchpoint"."""
        kwargs = {"organization": (organization or self.organization).slug}
        if about:
            kwargs["pk"] = self.ids[about]
        return reverse(f"backoffice:{name}", kwargs=kwargs)


@pytest.fixture
def world(organization, other_organization, member_factory):
    members = {role: member_factory(organization, role) for role in Role}
    strangers = {role: member_factory(other_organization, role) for role in Role}
    colleague = MembershipFactory(organization=organization, role=Role.VIEWER)
    touchpoint = TouchpointFactory(organization=organization)
    questionnaire = make_questionnaire(organization=organization, category=touchpoint.category)
    employee = TouchpointFactory(
        organization=organization, kind=TouchpointKind.EMPLOYEE, place=touchpoint
    )
    with scopes_disabled():
        campaign = campaign_create(
            organization=organization,
            title_bg="Годишна анкета",
            questionnaire=questionnaire,
            starts_at=timezone.now() - timedelta(days=1),
            ends_at=timezone.now() + timedelta(days=30),
        )
        job = Job.objects.create(
            organization=organization, name="tests.failing", status=JobStatus.FAILED, attempts=5
        )
        path = default_storage.save("posters/isolation.pdf", ContentFile(b"%PDF-1.4"))
        job_with_file = Job.objects.create(
            organization=organization,
            name="tests.printing",
            status=JobStatus.SUCCEEDED,
            result={"path": path, "count": 1},
        )
        with scope(organization=organization):
            flagged = response_record(touchpoint=touchpoint, answers={"overall": 0})
            response_flag(response=flagged, reason="honeypot")
            with_photo = response_record(touchpoint=touchpoint, answers={"overall": 7})
            with_photo.photo.save("r.jpg", ContentFile(b"\xff\xd8"), save=True)
            kiosk, _code = kiosk_create(
                organization=organization, name="Desk", touchpoint=touchpoint
            )
            service = AdministrativeService.objects.create(
                organization=organization, code="GS-01", name_bg="Скица", days=14
            )
            case_file, _code = casefile_register(organization=organization, service=service)
            api_client, _key = api_client_create(organization=organization, name="Деловодство")
            intervention = Intervention.objects.create(
                organization=organization,
                touchpoint=touchpoint,
                title="Нова настилка",
                started_on=date(2026, 5, 1),
            )
        case_ids = case_objects(organization)
    return World(
        organization=organization,
        other_organization=other_organization,
        members=members,
        strangers=strangers,
        ids={
            "member": colleague.pk,
            "area": touchpoint.area_id,
            "department": DepartmentFactory(organization=organization).pk,
            "category": touchpoint.category_id,
            "touchpoint": touchpoint.pk,
            "questionnaire": questionnaire.pk,
            "job": job.pk,
            "job_with_file": job_with_file.pk,
            "flagged_response": flagged.pk,
            "response_photo": with_photo.pk,
            "kiosk": kiosk.pk,
            "employee": employee.pk,
            "campaign": campaign.pk,
            **case_ids,
            "casefile": case_file.pk,
            "casefile_service": service.pk,
            "api_client": api_client.pk,
            "intervention": intervention.pk,
        },
    )


def case_objects(organization) -> dict[str, int]:
    """A registered case with a photo, and one row of each case set-up (World.ids)."""
    cases_install_defaults(organization=organization)
    with scope(organization=organization):
        kind = organization.case_kinds.get(slug="signal")
        case = Case.objects.create(
            organization=organization,
            kind=kind,
            title="Счупена пейка",
            description="Пейката е счупена.",
            sender_name="Мария Иванова",
            sender_email="maria@example.org",
            sender_phone="+359 88 765 4321",
        )
        case = case_register(case=case)
        photo = CasePhoto.objects.create(
            organization=organization, case=case, image=ContentFile(b"\xff\xd8", name="c.jpg")
        )
        department = DepartmentFactory(organization=organization)
        rule = RoutingRule.objects.create(organization=organization, department=department)
        template = AnswerTemplate.objects.create(
            organization=organization, name_bg="Благодарност", text_bg="Благодарим."
        )
    return {
        "case": case.pk,
        "case_photo": photo.pk,
        "case_kind": kind.pk,
        "case_status": case.status_id,
        "routing_rule": rule.pk,
        "answer_template": template.pk,
    }


@pytest.fixture
def admin_client(organization, member_factory, login):
    """A client signed in as an administrator of `organization`."""
    user = member_factory(organization, Role.ADMINISTRATOR)
    client = login(user)
    client.user = user
    return client


@pytest.fixture
def structure(organization):
    """A small tree and lists: region ⊃ town ⊃ district, and a village; two of each list."""
    region = AreaFactory(organization=organization, kind="region", name_bg="Област")
    town = AreaFactory(organization=organization, parent=region, name_bg="Град")
    district = AreaFactory(organization=organization, parent=town, kind="district")
    village = AreaFactory(organization=organization, parent=region, name_bg="Село")
    return {
        "region": region,
        "town": town,
        "district": district,
        "village": village,
        "parks": CategoryFactory(organization=organization, icon="park"),
        "schools": CategoryFactory(organization=organization, icon="school"),
        "green": DepartmentFactory(organization=organization),
        "education": DepartmentFactory(organization=organization),
    }


@pytest.fixture
def stranger(other_organization):
    """An administrator of the other organisation, and nothing else."""
    user = UserFactory()
    MembershipFactory(user=user, organization=other_organization, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def in_english(client):
    """The client reads pages in English, for tests that check the wording of a message
    (Bulgarian, the default, changes whenever a translation is improved)."""
    client.cookies["django_language"] = "en"
    return client
