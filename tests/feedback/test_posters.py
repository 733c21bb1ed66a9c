"""Print-ready PDFs: every code on a page scans back, the text is there, long names fit."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_scopes import scopes_disabled
from PIL import Image
from reportlab.pdfbase.pdfmetrics import stringWidth

from civicpulse.core.jobs import job_enqueue
from civicpulse.core.models import Job, JobStatus
from civicpulse.feedback.models import TouchpointKind
from civicpulse.feedback.poster_drawing import BOLD, FONT_DIR, fit_text, register_fonts
from civicpulse.feedback.poster_jobs import print_posters
from civicpulse.feedback.posters import PosterFormat, per_page, posters_pdf
from tests.factories import AreaFactory, CategoryFactory, OrganizationFactory, TouchpointFactory
from tests.feedback.qr_reading import code_of, decode_page, page_text, pdf_pages

HOST = "glas.example.bg"
PAGE_FORMATS = [PosterFormat.A4, PosterFormat.A5, PosterFormat.A6, PosterFormat.DESK_CARD]


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = f"https://{HOST}"


def pdf_of(touchpoints, poster_format, organization=None):
    organization = organization or touchpoints[0].organization
    return posters_pdf(touchpoints, organization=organization, poster_format=poster_format)


@pytest.mark.parametrize("poster_format", PAGE_FORMATS)
def test_a_poster_page_scans_back_to_its_touchpoint(organization, poster_format):
    touchpoint = TouchpointFactory(organization=organization)
    pdf = pdf_of([touchpoint], poster_format)
    (url,) = decode_page(pdf)
    assert code_of(url, host=HOST) == touchpoint.code


@pytest.mark.parametrize(("poster_format", "per_sheet"), [("stickers", 12), ("badges", 8)])
def test_a_sheet_scans_back_every_code_on_it(organization, poster_format, per_sheet):
    touchpoints = [TouchpointFactory(organization=organization) for _ in range(per_sheet + 1)]
    pdf = pdf_of(touchpoints, poster_format)
    assert per_page(poster_format) == per_sheet
    assert len(pdf_pages(pdf)) == 2
    first = {code_of(url, host=HOST) for url in decode_page(pdf, 0, scale=3)}
    assert first == {touchpoint.code for touchpoint in touchpoints[:per_sheet]}
    second = [code_of(url, host=HOST) for url in decode_page(pdf, 1, scale=3)]
    assert second == [touchpoints[-1].code]
    text = page_text(pdf)
    assert touchpoints[0].code in text and f"{HOST}/q/{touchpoints[0].code}" in text


def test_a_poster_says_the_name_and_both_invitations(organization):
    touchpoint = TouchpointFactory(
        organization=organization, name_bg="Градска градина „Митрополит Методий Кусевич“"
    )
    text = page_text(pdf_of([touchpoint], "a4"))
    assert "Градска градина „Митрополит Методий Кусевич“" in text
    assert "Оценете това място за 30 секунди. Анонимно." in text
    assert "Rate this place in 30 seconds. Anonymous." in text
    assert f"{HOST}/q/{touchpoint.code}" in text
    assert organization.name_bg in text


def test_an_employees_card_asks_about_their_service(organization):
    employee = TouchpointFactory(
        organization=organization,
        kind=TouchpointKind.EMPLOYEE,
        name_bg="Мария Петрова",
        job_title_bg="Старши експерт",
    )
    for poster_format in ("desk-card", "badges"):
        text = page_text(pdf_of([employee], poster_format))
        assert "Мария Петрова" in text and "Старши експерт" in text
        assert "Оценете обслужването ми" in text and "Rate my service" in text


def test_the_logo_is_printed_when_the_organisation_has_one(organization):
    image = io.BytesIO()
    Image.new("RGB", (200, 80), "#c0392b").save(image, format="PNG")
    organization.logo.save("logo.png", ContentFile(image.getvalue()))
    touchpoint = TouchpointFactory(organization=organization)
    assert b"/Subtype /Image" in pdf_of([touchpoint], "a5")
    organization.logo.delete(save=True)
    assert b"/Subtype /Image" not in pdf_of([touchpoint], "a5")


def test_a_long_name_shrinks_and_wraps_within_its_width():
    register_fonts()
    name = "Детска площадка в междублоковото пространство на ж.к. „Три чучура – север“ " * 3
    block = fit_text(name, BOLD, width=300, largest=40, smallest=8, max_lines=2)
    assert len(block.lines) == 2 and block.size < 40
    assert all(stringWidth(line, BOLD, block.size) <= 300 for line in block.lines)
    assert block.lines[-1].endswith("…")


def test_a_long_name_still_leaves_a_scannable_poster(organization):
    touchpoint = TouchpointFactory(
        organization=organization, name_bg=("Много дълго име " * 20)[:200]
    )
    for poster_format in ("a6", "stickers"):
        (url,) = decode_page(pdf_of([touchpoint], poster_format), scale=3)
        assert code_of(url, host=HOST) == touchpoint.code


def test_the_fonts_travel_with_the_app():
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"} <= {
        path.name for path in FONT_DIR.iterdir()
    }


@pytest.fixture
def town_and_parks(organization):
    """Parks in a town (with a district inside it) and elsewhere, some not to be printed."""
    region = AreaFactory(organization=organization, kind="region")
    town = AreaFactory(organization=organization, parent=region)
    district = AreaFactory(organization=organization, parent=town, kind="district")
    village = AreaFactory(organization=organization, parent=region)
    parks = CategoryFactory(organization=organization)
    schools = CategoryFactory(organization=organization)

    def place(area, category=parks, **fields):
        return TouchpointFactory(organization=organization, area=area, category=category, **fields)

    wanted = [place(town), place(district), place(town, kind=TouchpointKind.EMPLOYEE)]
    place(village), place(town, category=schools), place(district, is_active=False)
    TouchpointFactory(organization=OrganizationFactory())
    return {"town": town, "parks": parks, "wanted": wanted}


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def finished(job_row) -> Job:
    with scopes_disabled():
        return Job.objects.get(pk=job_row.pk)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("poster_format", "pages"), [("a6", 3), ("stickers", 1)])
def test_the_print_job_makes_one_pdf_of_exactly_the_chosen_touchpoints(
    organization, town_and_parks, poster_format, pages
):
    with scopes_disabled():
        job_row = job_enqueue(
            print_posters,
            organization=organization,
            poster_format=poster_format,
            area_id=town_and_parks["town"].pk,
            category_id=town_and_parks["parks"].pk,
        )
    run_worker()

    job_row = finished(job_row)
    assert job_row.status == JobStatus.SUCCEEDED, job_row.last_error
    assert job_row.result["count"] == 3
    assert (job_row.progress_done, job_row.progress_total) == (3, 3)
    path = job_row.result["path"]
    assert path == f"posters/{organization.slug}/{job_row.pk}.pdf"
    with default_storage.open(path, "rb") as file:
        pdf = file.read()
    assert len(pdf_pages(pdf)) == pages
    codes = {
        code_of(url, host=HOST) for page in range(pages) for url in decode_page(pdf, page, scale=3)
    }
    assert codes == {touchpoint.code for touchpoint in town_and_parks["wanted"]}


@pytest.mark.django_db(transaction=True)
def test_the_print_job_can_take_one_kind_of_the_whole_organisation(organization, town_and_parks):
    with scopes_disabled():
        job_row = job_enqueue(
            print_posters, organization=organization, poster_format="badges", kind="employee"
        )
    run_worker()
    assert finished(job_row).result["count"] == 1
