"""Downloading a touchpoint's QR code and posters, and printing many through a job."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django_scopes import scopes_disabled

from civicpulse.core.models import Job, JobStatus, Role
from civicpulse.feedback.models import TouchpointKind
from civicpulse.feedback.poster_jobs import print_posters
from tests.factories import AreaFactory, CategoryFactory, MembershipFactory, TouchpointFactory
from tests.feedback.qr_reading import decode_page, decode_png


def url(organization, name, **kwargs):
    return reverse(f"backoffice:{name}", kwargs={"organization": organization.slug, **kwargs})


@pytest.fixture
def place(organization):
    return TouchpointFactory(organization=organization)


@pytest.mark.parametrize(
    ("name", "query", "content_type", "filename"),
    [
        ("touchpoint_qr_svg", "", "image/svg+xml", "qr-{code}.svg"),
        ("touchpoint_qr_png", "", "image/png", "qr-{code}.png"),
        ("touchpoint_poster", "", "application/pdf", "a4-{code}.pdf"),
        ("touchpoint_poster", "?format=stickers", "application/pdf", "stickers-{code}.pdf"),
    ],
)
def test_staff_download_a_touchpoints_files_named_by_its_code(
    organization, place, client, member_factory, name, query, content_type, filename
):
    client.force_login(member_factory(organization, Role.VIEWER))
    response = client.get(url(organization, name, pk=place.pk) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    expected = filename.format(code=place.code)
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_the_downloads_scan_back_to_the_touchpoint(organization, place, admin_client):
    png = admin_client.get(url(organization, "touchpoint_qr_png", pk=place.pk)).content
    pdf = admin_client.get(url(organization, "touchpoint_poster", pk=place.pk)).content
    for (scanned,) in (decode_png(png), decode_page(pdf)):
        assert scanned.upper().endswith(f"/Q/{place.code}")


def test_an_employee_gets_a_desk_card_by_default_and_an_unknown_format_is_404(
    organization, admin_client
):
    employee = TouchpointFactory(organization=organization, kind=TouchpointKind.EMPLOYEE)
    poster = url(organization, "touchpoint_poster", pk=employee.pk)
    assert f"desk-card-{employee.code}.pdf" in admin_client.get(poster)["Content-Disposition"]
    assert admin_client.get(poster + "?format=a0").status_code == 404
    page = admin_client.get(url(organization, "touchpoint_detail", pk=employee.pk)).content
    assert b"?format=badges" in page and b"?format=stickers" not in page


def test_a_department_head_cannot_download_outside_their_scope(
    organization, place, client, member_factory
):
    head = member_factory(organization, Role.DEPARTMENT_HEAD)
    with scopes_disabled():
        head.memberships.get().categories.add(CategoryFactory(organization=organization))
    client.force_login(head)
    assert client.get(url(organization, "touchpoint_qr_png", pk=place.pk)).status_code == 404


def test_the_detail_page_links_the_downloads(organization, place, admin_client):
    page = admin_client.get(url(organization, "touchpoint_detail", pk=place.pk)).content.decode()
    for name in ("touchpoint_qr_svg", "touchpoint_qr_png", "touchpoint_poster"):
        assert url(organization, name, pk=place.pk) in page
    assert "?format=a5" in page


def test_printing_enqueues_a_job_and_shows_its_page(organization, place, admin_client):
    response = admin_client.post(
        url(organization, "poster_print"), {"poster_format": "a5", "area": place.area_id}
    )
    with scopes_disabled():
        job = Job.objects.get(organization=organization)
    assert response.status_code == 302
    assert response.url == url(organization, "job_detail", pk=job.pk)
    assert job.name == print_posters.job_name
    assert job.kwargs == {
        "poster_format": "a5",
        "area_id": place.area_id,
        "category_id": None,
        "kind": "",
    }
    assert job.created_by == admin_client.user


def test_printing_nothing_is_refused(organization, place, admin_client, in_english):
    empty_area = AreaFactory(organization=organization)
    response = admin_client.post(
        url(organization, "poster_print"), {"poster_format": "a4", "area": empty_area.pk}
    )
    assert response.status_code == 200
    assert "No active touchpoint matches this choice." in response.content.decode()
    with scopes_disabled():
        assert not Job.objects.exists()


def test_another_organisations_area_is_not_a_choice(
    organization, other_organization, place, admin_client
):
    foreign = AreaFactory(organization=other_organization)
    response = admin_client.post(
        url(organization, "poster_print"), {"poster_format": "a4", "area": foreign.pk}
    )
    assert response.status_code == 200
    assert "area" in response.context["form"].errors


def finished_print_job(organization, content=b"%PDF-1.4 posters"):
    path = default_storage.save(f"posters/{organization.slug}/test.pdf", ContentFile(content))
    with scopes_disabled():
        return Job.objects.create(
            organization=organization,
            name=print_posters.job_name,
            status=JobStatus.SUCCEEDED,
            result={"path": path, "count": 7},
        )


def test_a_finished_job_offers_its_pdf(organization, admin_client):
    job = finished_print_job(organization)
    page = admin_client.get(url(organization, "job_detail", pk=job.pk)).content.decode()
    assert url(organization, "job_file", pk=job.pk) in page
    response = admin_client.get(url(organization, "job_file", pk=job.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 posters"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_job_without_a_file_has_no_download(organization, admin_client):
    with scopes_disabled():
        job = Job.objects.create(organization=organization, name="tests.nothing")
    assert (
        url(organization, "job_file", pk=job.pk)
        not in admin_client.get(url(organization, "job_detail", pk=job.pk)).content.decode()
    )
    assert admin_client.get(url(organization, "job_file", pk=job.pk)).status_code == 404


def test_an_administrator_of_both_cannot_fetch_one_organisations_file_through_the_other(
    organization, other_organization, admin_client
):
    MembershipFactory(user=admin_client.user, organization=other_organization)
    job = finished_print_job(organization)
    assert admin_client.get(url(other_organization, "job_file", pk=job.pk)).status_code == 404
