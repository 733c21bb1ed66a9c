"""The citizen's status check of a case file: number and access code, nothing more."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope

from civicpulse.casefiles.access_codes import access_code_display
from civicpulse.casefiles.lookup import LOOKUPS
from civicpulse.casefiles.services import casefile_register, casefile_set_status
from tests.casefiles.fixtures import make_service, sectors, services  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(organization, services):  # noqa: F811
    with scope(organization=organization):
        case_file, code = casefile_register(
            organization=organization,
            service=services["permit"],
            number="94-00-123/12.03.2025",
            registered_at=timezone.now() - timedelta(days=40),
            applicant_name="Иван Петров",
            applicant_email="ivan@example.org",
        )
        casefile_set_status(
            case_file=case_file,
            status="awaiting_documents",
            note="Моля, донесете нотариален акт.",
            at=timezone.now() - timedelta(days=35),
        )
        casefile_set_status(
            case_file=case_file,
            status="in_progress",
            note="Вътрешна бележка за колегите",
            is_public=False,
            at=timezone.now() - timedelta(days=34),
        )
    return case_file, code


def url(organization):
    return reverse("public:casefile_status", kwargs={"slug": organization.slug})


def check(client, organization, number, code, **headers):
    return client.post(url(organization) + "?lang=en", {"number": number, "code": code}, **headers)


def test_the_form_works_without_javascript(client, organization):
    page = client.get(url(organization) + "?lang=en")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="number">' in html and '<label for="code">' in html
    assert "<script" not in html
    assert "no-store" in page["Cache-Control"]


def test_the_right_code_shows_status_history_and_delay_in_plain_words(
    client, organization, registered
):
    _case_file, code = registered
    page = check(client, organization, " 94-00-123/12.03.2025 ", access_code_display(code).lower())
    assert page.status_code == 200
    html = page.content.decode()
    assert "94-00-123/12.03.2025" in html
    assert "Разрешение за строеж" in html or "Service TS-07" in html
    assert "In progress" in html
    assert "10 days past its deadline" in html
    assert "documents missing from the application" in html
    assert "Моля, донесете нотариален акт." in html
    assert "Вътрешна бележка" not in html  # not public
    assert "Иван" not in html and "ivan@example.org" not in html  # no personal data


@pytest.mark.parametrize("which", ["wrong code", "unknown number", "malformed code"])
def test_a_wrong_code_and_an_unknown_number_look_the_same(client, organization, registered, which):
    case_file, code = registered
    number, tried = {
        "wrong code": (case_file.number, "ABCD-EFGH"),
        "unknown number": ("94-00-999", code),
        "malformed code": (case_file.number, "<script>alert(1)</script>"),
    }[which]
    page = check(client, organization, number, tried)
    assert page.status_code == 404
    html = page.content.decode()
    assert "No file was found with this number and access code." in html
    assert "<script>alert(1)" not in html
    assert "Разрешение" not in html


def test_a_file_of_another_organization_is_not_found_here(
    client, organization, other_organization, registered
):
    case_file, code = registered
    make_service(other_organization, "X")
    page = check(client, other_organization, case_file.number, code)
    assert page.status_code == 404


def test_empty_fields_get_a_linked_error_summary_and_keep_the_number(client, organization):
    page = check(client, organization, "94-01", "")
    assert page.status_code == 400
    html = page.content.decode()
    assert 'href="#code"' in html and 'aria-invalid="true"' in html
    assert 'value="94-01"' in html


def test_checks_are_limited_per_client(client, organization, registered, monkeypatch):
    case_file, code = registered
    # Inside one window, whatever the clock says.
    moment = timezone.now().replace(minute=1, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    for _ in range(LOOKUPS.most):
        assert check(client, organization, case_file.number, "ABCDEFGH").status_code == 404
    refused = check(client, organization, case_file.number, code)
    assert refused.status_code == 429
    assert "Too many checks" in refused.content.decode()
    # Another client (another address) is not held back.
    other = check(client, organization, case_file.number, code, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_a_post_from_another_site_is_refused(client, organization, registered):
    case_file, code = registered
    page = check(client, organization, case_file.number, code, HTTP_ORIGIN="https://evil.example")
    assert page.status_code == 403


def test_an_unknown_or_inactive_organization_is_404(client, organization):
    assert client.get("/o/nowhere/files/").status_code == 404
    organization.is_active = False
    organization.save()
    assert client.get(url(organization)).status_code == 404


def test_the_page_is_in_bulgarian_by_default(client, organization):
    with translation.override("bg"):
        page = client.get(url(organization))
    assert page.status_code == 200
    assert 'lang="bg"' in page.content.decode()
