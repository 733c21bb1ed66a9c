"""Case files in the back office: registering at the desk with a receipt, a file's page and
status changes, filters, the import, the catalogue and the timeliness figures."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from civicpulse.casefiles.access_codes import access_code_matches, access_code_normalise
from civicpulse.casefiles.models import AdministrativeService, CaseFile
from civicpulse.casefiles.services import casefile_register
from civicpulse.core.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(organization, name, **kwargs):
    return reverse(f"backoffice:{name}", kwargs={"organization": organization.slug, **kwargs})


@pytest.fixture
def officer(organization, member_factory, login, in_english):
    user = member_factory(organization, Role.CASE_OFFICER)
    client = login(user)
    client.user = user
    return client


def register(organization, service, **kwargs):
    with scope(organization=organization):
        return casefile_register(organization=organization, service=service, **kwargs)


def test_register_at_the_desk_shows_the_code_once_on_a_receipt(officer, organization, services):
    response = officer.post(
        url(organization, "casefile_register"),
        {"service": services["heirs"].pk, "applicant_name": "Мария Петрова"},
    )
    assert response.status_code == 302
    receipt = officer.get(response.url)
    html = receipt.content.decode()
    with scope(organization=organization):
        case_file = CaseFile.objects.get()
    assert case_file.number in html
    code = html.split("<code>")[1].split("</code>")[0]
    assert access_code_matches(case_file=case_file, code=access_code_normalise(code))
    assert "/o/stara-zagora/files/" in html
    again = officer.get(response.url).content.decode()
    assert code not in again and "shown once" in again


def test_a_bad_registration_keeps_what_was_typed(officer, organization, services):
    response = officer.post(
        url(organization, "casefile_register"),
        {"service": services["heirs"].pk, "number": "SZ-2025-F00001", "applicant_name": "Иван"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "given by civicpulse itself" in html
    assert 'value="Иван"' in html


def test_personal_data_only_for_those_who_manage_files(
    officer, client, organization, services, member_factory
):
    case_file, _code = register(
        organization, services["heirs"], applicant_name="Мария Петрова", applicant_email="m@x.bg"
    )
    detail = url(organization, "casefile_detail", pk=case_file.pk)
    assert "Мария Петрова" in officer.get(detail).content.decode()
    for role in (Role.VIEWER, Role.LEADER):
        client.force_login(member_factory(organization, role))
        html = client.get(detail).content.decode()
        assert "Мария" not in html and "m@x.bg" not in html
        assert client.post(detail, {"status": "in_progress"}).status_code == 403
        export = client.get(url(organization, "casefile_export")).content.decode("utf-8-sig")
        assert "Мария" not in export
    client.force_login(officer.user)
    export = client.get(url(organization, "casefile_export")).content.decode("utf-8-sig")
    assert "Мария Петрова" in export


def test_a_status_change_with_the_reason_for_a_late_file(officer, organization, services):
    case_file, _code = register(
        organization, services["heirs"], registered_at=timezone.now() - timedelta(days=20)
    )
    detail = url(organization, "casefile_detail", pk=case_file.pk)
    refused = officer.post(detail, {"status": "completed", "note": "Готово", "is_public": "on"})
    assert refused.status_code == 200
    assert "give the reason for the delay" in refused.content.decode()
    done = officer.post(
        detail, {"status": "completed", "delay_reason": "workload", "is_public": "on"}
    )
    assert done.status_code == 302
    case_file.refresh_from_db()
    assert case_file.status == "completed" and case_file.delay_reason == "workload"
    page = officer.get(detail).content.decode()
    assert "Workload" in page and officer.user.full_name in page


def test_a_new_access_code_from_the_files_page(officer, organization, services):
    case_file, old = register(organization, services["heirs"])
    response = officer.post(url(organization, "casefile_access_code", pk=case_file.pk))
    html = officer.get(response.url).content.decode()
    new = access_code_normalise(html.split("<code>")[1].split("</code>")[0])
    assert new != old
    case_file.refresh_from_db()
    assert access_code_matches(case_file=case_file, code=new)


def test_list_filters(officer, organization, services):
    register(
        organization,
        services["heirs"],
        number="OLD-1",
        registered_at=timezone.now() - timedelta(days=30),
    )
    register(organization, services["sketch"], number="NEW-1")
    listing = url(organization, "casefile_list")
    overdue = officer.get(listing, {"overdue": "on"}).content.decode()
    assert "OLD-1" in overdue and "NEW-1" not in overdue
    by_service = officer.get(listing, {"service": services["sketch"].pk}).content.decode()
    assert "NEW-1" in by_service and "OLD-1" not in by_service
    by_number = officer.get(listing, {"number": "old"}).content.decode()
    assert "OLD-1" in by_number and "NEW-1" not in by_number
    assert officer.get(listing, {"service": "junk", "since": "nonsense"}).status_code == 200


def test_the_list_takes_a_fixed_number_of_queries(
    officer, organization, services, django_assert_max_num_queries
):
    for n in range(30):
        register(organization, services["heirs"], number=f"Q-{n}")
    with django_assert_max_num_queries(14):
        assert officer.get(url(organization, "casefile_list")).status_code == 200


def test_a_department_head_sees_only_their_sectors(client, organization, services, sectors):
    civil, _code = register(organization, services["heirs"], number="CIV-1")
    register(organization, services["sketch"], number="BLD-1")
    head = UserFactory()
    membership = MembershipFactory(user=head, organization=organization, role=Role.DEPARTMENT_HEAD)
    membership.departments.add(sectors["building"])
    client.force_login(head)
    listing = client.get(url(organization, "casefile_list")).content.decode()
    assert "BLD-1" in listing and "CIV-1" not in listing
    assert client.get(url(organization, "casefile_detail", pk=civil.pk)).status_code == 404
    figures = client.get(url(organization, "casefile_figures")).content.decode()
    assert "Гражданско" not in figures


IMPORT_CSV = (
    "number,service,registered_at,status,completed_at\n"
    "94-01,GS-01,12.03.2025,completed,13.03.2025\n"
    "94-02,NOPE,12.03.2025,,\n"
)


def upload(client, organization, text, name="files.csv"):
    return client.post(
        url(organization, "casefile_import"),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


def test_import_preview_shows_errors_then_imports_a_corrected_file(officer, organization, services):
    assert upload(officer, organization, IMPORT_CSV).status_code == 302
    preview = officer.get(url(organization, "casefile_import_confirm")).content.decode()
    assert "NOPE" in preview and "<td>service</td>" in preview and '"number">3<' in preview
    assert 'name="confirm"' not in preview
    fixed = IMPORT_CSV.replace("NOPE", "TS-02")
    upload(officer, organization, fixed)
    preview = officer.get(url(organization, "casefile_import_confirm"))
    token = preview.content.decode().split('name="token" value="')[1].split('"')[0]
    done = officer.post(
        url(organization, "casefile_import_confirm"), {"token": token, "confirm": ""}
    )
    assert done.status_code == 302
    with scope(organization=organization):
        assert CaseFile.objects.count() == 2
    # A second confirmation (a resubmitted form) imports nothing twice.
    again = officer.post(url(organization, "casefile_import_confirm"), {"token": token})
    assert again.status_code == 302
    codes = officer.get(url(organization, "casefile_import_codes"))
    rows = list(csv.reader(io.StringIO(codes.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["94-01", "94-02"]
    assert officer.get(url(organization, "casefile_import_codes")).status_code == 302  # once


def test_an_unreadable_upload_is_refused_on_the_form(officer, organization, services):
    response = upload(officer, organization, "\x00\x01", name="x.xlsx")
    assert response.status_code == 200
    assert "not a text file" in response.content.decode()


def test_the_catalogue(officer, organization, services, sectors):
    create = url(organization, "casefile_service_create")
    duplicate = officer.post(create, {"code": "gs-01", "name_bg": "Друго", "days": 5})
    assert duplicate.status_code == 200
    assert "Another service has this code." in duplicate.content.decode()
    made = officer.post(
        create,
        {"code": "GS-09", "name_bg": "Удостоверение за идентичност на имена", "days": 7,
         "sector": sectors["civil"].pk, "is_active": "on"},
    )  # fmt: skip
    assert made.status_code == 302
    with scope(organization=organization):
        assert AdministrativeService.objects.get(code="GS-09").sector == sectors["civil"]
    listing = officer.get(url(organization, "casefile_service_list")).content.decode()
    assert "GS-09" in listing


def test_the_figures_page_and_its_csv(officer, organization, services):
    register(organization, services["heirs"], registered_at=timezone.now() - timedelta(days=30))
    page = officer.get(url(organization, "casefile_figures"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Civil status" in html and "Reason not given" in html
    export = officer.get(url(organization, "casefile_figures_export"), {"since": "2000-01-01"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Sector" and rows[-1][0] == "All sectors"
    assert rows[-1][3] == "1" and rows[-1][9] == "1"  # registered, overdue now
