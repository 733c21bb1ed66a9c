"""The public register in real Chromium: axe-core finds no WCAG 2.2 A/AA violation on the
list, a search's results and a case's page; and "me too" works by keyboard alone."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django_scopes import scope

from civicpulse.cases.models import CasePhoto, Publication, Stage
from tests.browser.axe import assert_accessible
from tests.browser.targets import focused, small_targets
from tests.cases.register_data import register_case
from tests.factories import AreaFactory, CategoryFactory
from tests.feedback.images import jpeg_with_gps

LOCALES = ["bg", "en"]
MOST_TABS = 60


@pytest.fixture
def published(organization):
    area = AreaFactory(organization=organization, name_bg="Казански", name_en="Kazanski")
    category = CategoryFactory(organization=organization, slug="roads", name_bg="Пътища")
    for n in range(3):
        register_case(
            organization,
            title=f"Счупена пейка {n}",
            description="Пейката е счупена.",
            area=area,
            category=category,
        )
    case = register_case(
        organization,
        title="Дупки по улицата",
        description="Дълбоки дупки пред блок 12.\nОпасно е за колите.",
        area=area,
        category=category,
        address="ул. Цар Симеон 12",
        stage=Stage.ANSWERED,
        answer="Дупките ще бъдат запълнени до края на месеца.",
        publication=Publication.NAMED,
    )
    with scope(organization=organization):
        photo = CasePhoto(organization=organization, case=case)
        photo.image.save("holes.jpg", ContentFile(jpeg_with_gps()), save=True)
    return case


def _register_url(live_server, organization) -> str:
    return live_server.url + reverse("public:case_register", kwargs={"slug": organization.slug})


def _case_url(live_server, case) -> str:
    kwargs = {"slug": case.organization.slug, "number": case.number}
    return live_server.url + reverse("public:case_detail", kwargs=kwargs)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_register_list(phone, live_server, organization, published, locale):
    page = phone(locale=locale, javascript=False)
    page.goto(_register_url(live_server, organization))
    assert page.locator("h1").is_visible()
    assert_accessible(page)
    assert small_targets(page) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_a_search_and_its_results(phone, live_server, organization, published, locale):
    page = phone(locale=locale)
    page.goto(_register_url(live_server, organization))
    page.locator("#id_q").fill("дупка")
    page.locator("#id_category").select_option("roads")
    page.locator(".register-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".register-cases > li").count() == 1
    assert page.locator("#result-count").inner_text().startswith("1 ")
    assert_accessible(page)


def test_a_search_with_errors(phone, live_server, organization, published):
    page = phone(locale="en")
    page.goto(_register_url(live_server, organization) + "?registered_from=soon&number=XX-1")
    assert page.locator(".errors").is_visible()
    assert page.locator("#lookup-error").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_case_page(phone, live_server, published, locale):
    page = phone(locale=locale)
    page.goto(_case_url(live_server, published))
    photo = page.locator(".case-photos img")
    photo.scroll_into_view_if_needed()  # loaded lazily
    photo.element_handle().wait_for_element_state("visible")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert_accessible(page)
    assert small_targets(page) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_me_too_by_keyboard(phone, live_server, published, javascript):
    page = phone(locale="en", javascript=javascript)
    page.goto(_case_url(live_server, published))
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        stop = focused(page)
        assert stop["outline"], f"no visible focus on {stop}"
        if stop["tag"] == "button" and "support" in (
            page.evaluate("() => document.activeElement.form && document.activeElement.form.action")
            or ""
        ):
            break
    else:
        raise AssertionError("Tab never reached the me-too button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "supported=new" in page.url
    assert page.locator("#support [role=status]").is_visible()
    assert "1 person says this concerns them too." in page.locator("#supporters-count").inner_text()
    assert_accessible(page)
    published.refresh_from_db()
    assert published.supporters == 1
