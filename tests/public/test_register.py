"""The public register: list, search and filters, lookup by number, a case's page, photos,
"me too", and the similar cases the filing form asks for."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from civicpulse.cases.models import (
    CaseEvent,
    CasePhoto,
    CaseStatus,
    CaseSupport,
    EventAction,
    Publication,
    Stage,
)
from civicpulse.public.register_views import SUPPORTER_COOKIE
from tests.cases.register_data import register_case
from tests.factories import AreaFactory, CategoryFactory
from tests.feedback.images import jpeg_with_gps


def _list(organization, **params):
    return reverse("public:case_register", kwargs={"slug": organization.slug}), params


def _detail(case):
    return reverse(
        "public:case_detail", kwargs={"slug": case.organization.slug, "number": case.number}
    )


def _support(case):
    return reverse(
        "public:case_support", kwargs={"slug": case.organization.slug, "number": case.number}
    )


def _similar(organization):
    return reverse("public:case_similar", kwargs={"slug": organization.slug})


def _numbers(page: str) -> list[str]:
    return re.findall(r"<dd>([A-Z]+-\d{4}-\d{5})</dd>", page)


@pytest.fixture
def register(organization):
    """Published cases of several kinds, states, areas and dates, and some not published."""
    now = timezone.now()
    town = AreaFactory(organization=organization, name_bg="Стара Загора", name_en="Stara Zagora")
    with scope(organization=organization):
        district = AreaFactory(organization=organization, parent=town, name_bg="Казански")
    roads = CategoryFactory(organization=organization, slug="roads", name_bg="Пътища")
    parks = CategoryFactory(organization=organization, slug="parks", name_bg="Паркове")
    cases = {
        "holes": register_case(
            organization,
            title="Дупки по улиците",
            description="Опасни дупки на кръстовището.",
            category=roads,
            area=district,
            at=now - timedelta(days=40),
        ),
        "light": register_case(
            organization,
            title="Не работи осветлението",
            description="Паркът е тъмен вечер.",
            kind="complaint",
            category=parks,
            area=town,
            stage=Stage.ANSWERED,
            answer="Лампите са сменени.",
            publication=Publication.ANONYMOUS,
            at=now - timedelta(days=5),
        ),
        "bench": register_case(
            organization,
            title="Счупена пейка",
            description="Пейката в парка е счупена.",
            category=parks,
            at=now - timedelta(days=1),
        ),
        "private": register_case(
            organization, title="Шумни съседи", publication=Publication.PRIVATE
        ),
        "hidden": register_case(organization, title="Скрит сигнал", is_hidden=True),
        "draft": register_case(organization, title="Непотвърден сигнал", registered=False),
    }
    return cases


def test_the_list_shows_published_cases_newest_first(client, organization, register):
    url, _ = _list(organization)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert _numbers(page) == [register[k].number for k in ("bench", "light", "holes")]
    for hidden in ("Шумни съседи", "Скрит сигнал", "Непотвърден сигнал"):
        assert hidden not in page
    assert 'role="status"' in page and "3 " in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "дупка"}, ["holes"]),
        ({"q": "ПАРКА"}, ["bench", "light"]),
        ({"q": "лампи"}, ["light"]),  # in the answer
        ({"kind": "complaint"}, ["light"]),
        ({"category": "parks"}, ["bench", "light"]),
        ({"q": "парк", "category": "parks", "kind": "signal"}, ["bench"]),
        ({"q": "съседи"}, []),  # private
        ({"q": "скрит"}, []),  # hidden
    ],
)
def test_search_and_filters(client, organization, register, params, expected):
    url, _ = _list(organization)
    page = client.get(url, params).content.decode()
    assert _numbers(page) == [register[k].number for k in expected]


def test_filters_by_state_area_and_period(client, organization, register):
    url, _ = _list(organization)
    with scope(organization=organization):
        answered = CaseStatus.objects.get(stage=Stage.ANSWERED)
        town = register["light"].area
    page = client.get(url, {"state": answered.pk}).content.decode()
    assert _numbers(page) == [register["light"].number]
    # An area takes in its parts: the district of the holes is inside the town.
    page = client.get(url, {"area": town.pk}).content.decode()
    assert _numbers(page) == [register["light"].number, register["holes"].number]
    today = timezone.localdate()
    period = {"registered_from": str(today - timedelta(days=10)), "registered_to": str(today)}
    page = client.get(url, period).content.decode()
    assert _numbers(page) == [register["bench"].number, register["light"].number]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "no-such-kind"},
        {"state": "abc"},
        {"area": "999999"},
        {"registered_from": "not a date"},
        {"registered_from": "2026-05-01", "registered_to": "2026-04-01"},
        {"q": "дупка" * 2000},
        {"page": "-1"},
        {"page": "x" * 500},
        {"sort": "<script>"},
    ],
)
def test_bad_filters_get_a_clear_message_and_keep_what_was_typed(
    client, organization, register, params
):
    url, _ = _list(organization)
    response = client.get(url, params)
    page = response.content.decode()
    assert response.status_code == 200
    if "page" not in params:
        assert 'class="errors" role="alert"' in page
        assert 'aria-invalid="true"' in page
    assert "<script>" not in page


def test_the_other_organisations_cases_are_not_in_the_list(
    client, organization, other_organization, register
):
    theirs = register_case(other_organization, title="Дупка в Кюстендил")
    url, _ = _list(organization)
    page = client.get(url, {"q": "дупка"}).content.decode()
    assert theirs.number not in page
    assert (
        client.get(_detail(theirs).replace(other_organization.slug, organization.slug)).status_code
        == 404
    )


def test_the_list_is_paginated_and_keeps_the_search(client, organization):
    for n in range(23):
        register_case(organization, title=f"Дупка номер {n}", description="Моля.")
    url, _ = _list(organization)
    first = client.get(url, {"q": "дупка"}).content.decode()
    assert len(_numbers(first)) == 20
    assert "q=%D0%B4%D1%83%D0%BF%D0%BA%D0%B0&amp;page=2" in first
    second = client.get(url, {"q": "дупка", "page": 2}).content.decode()
    assert len(_numbers(second)) == 3


def test_the_list_costs_a_fixed_number_of_queries(client, organization):
    for n in range(15):
        register_case(organization, title=f"Дупка номер {n}", description="Моля.")
    url, _ = _list(organization)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"q": "дупка"}).status_code == 200
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]


def test_lookup_by_number_goes_straight_to_the_case(client, organization, register):
    url, _ = _list(organization)
    number = register["holes"].number
    for params in ({"number": number}, {"number": f"  {number.lower()} "}, {"q": number}):
        response = client.get(url, params)
        assert response.status_code == 302
        assert response["Location"] == _detail(register["holes"])


@pytest.mark.parametrize("which", ["private", "hidden", "unknown", "garbage"])
def test_lookup_of_a_number_not_published_says_so(client, organization, register, which):
    number = {
        "private": register["private"].number,
        "hidden": register["hidden"].number,
        "unknown": "SZ-1999-00001",
        "garbage": "<b>x</b>",
    }[which]
    url, _ = _list(organization)
    client.cookies["django_language"] = "en"
    response = client.get(url, {"number": number})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="lookup-error"' in page
    assert "No published case has the number" in page
    assert "<b>x</b>" not in page


def test_the_case_page(client, organization, register):
    case = register["light"]
    client.cookies["django_language"] = "en"
    page = client.get(_detail(case)).content.decode()
    assert case.title in page and case.description in page and case.answer in page
    assert case.number in page
    assert "Мария" not in page  # anonymous
    assert "Stara Zagora" in page or "Стара Загора" in page


def test_the_case_page_shows_the_name_only_when_named(client, organization, register):
    page = client.get(_detail(register["holes"])).content.decode()
    assert "Мария Иванова" in page
    assert "maria.ivanova@example.org" not in page and "765 4321" not in page


@pytest.mark.parametrize("which", ["private", "hidden"])
def test_unpublished_cases_have_no_page(client, organization, register, which):
    assert client.get(_detail(register[which])).status_code == 404


def test_redacted_texts_replace_the_originals(client, organization):
    case = register_case(
        organization,
        title="Петров хвърля боклук",
        redacted_title="Изхвърляне на боклук",
        description="Иван Петров от бл. 5.",
        redacted_description="Живущ в блока изхвърля боклук.",
        answer="Глобихме Петров.",
        redacted_answer="Наложена е санкция.",
        stage=Stage.ANSWERED,
    )
    url, _ = _list(organization)
    for page in (
        client.get(url).content.decode(),
        client.get(url, {"q": "боклук"}).content.decode(),
        client.get(_detail(case)).content.decode(),
        client.get(_similar(organization), {"q": "боклук"}).content.decode(),
    ):
        assert "Петров" not in page
        assert "боклук" in page
    assert client.get(url, {"q": "петров"}).content.decode().count(case.number) == 0


def test_the_public_history_shows_steps_without_their_texts(client, organization, register):
    case = register["light"]
    with scope(organization=organization):
        for action, text in [
            (EventAction.NOTE, "Вътрешна бележка за служители"),
            (EventAction.REPLIED, "Отговорът на подателя: мой телефон 0888"),
            (EventAction.ANSWERED, "Лампите са сменени, г-жо Иванова."),
        ]:
            CaseEvent.objects.create(
                organization=organization,
                case=case,
                at=timezone.now(),
                action=action,
                is_public=action != EventAction.NOTE,
                text=text,
            )
    client.cookies["django_language"] = "en"
    page = client.get(_detail(case)).content.decode()
    assert "Registered" in page and "Answered" in page
    assert "Вътрешна бележка" not in page and "0888" not in page and "г-жо" not in page


def _photo(case, *, hidden=False):
    with scope(organization=case.organization):
        photo = CasePhoto(organization=case.organization, case=case, is_hidden=hidden)
        photo.image.save("photo.jpg", ContentFile(jpeg_with_gps()), save=True)
        return photo


def _photo_url(case, photo):
    return reverse(
        "public:case_photo",
        kwargs={"slug": case.organization.slug, "number": case.number, "photo": photo.pk},
    )


def test_photos_are_served_unless_hidden(client, organization, register):
    case = register["holes"]
    shown, hidden = _photo(case), _photo(case, hidden=True)
    page = client.get(_detail(case)).content.decode()
    assert _photo_url(case, shown) in page and _photo_url(case, hidden) not in page
    response = client.get(_photo_url(case, shown))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(_photo_url(case, hidden)).status_code == 404
    # A photo of another case, asked for under this one's number, is not found.
    other = _photo(register["bench"])
    assert client.get(_photo_url(register["bench"], other)).status_code == 200
    assert client.get(_photo_url(case, other)).status_code == 404


@pytest.mark.parametrize("which", ["private", "hidden"])
def test_photos_of_unpublished_cases_are_refused(client, organization, register, which):
    photo = _photo(register[which])
    assert client.get(_photo_url(register[which], photo)).status_code == 404


def test_me_too_counts_a_browser_once(client, organization, register):
    case = register["holes"]
    response = client.post(_support(case))
    assert response.status_code == 303
    assert response["Location"] == _detail(case) + "?supported=new#support"
    cookie = response.cookies[SUPPORTER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 3e7
    again = client.post(_support(case))
    assert again["Location"].endswith("?supported=again#support")
    case.refresh_from_db()
    assert case.supporters == 1
    with scope(organization=organization):
        support = CaseSupport.objects.get(case=case)
    assert cookie.value not in support.supporter and len(support.supporter) == 64
    client.cookies["django_language"] = "en"
    page = client.get(response["Location"]).content.decode()
    assert "1 person says this concerns them too." in page
    assert "You have said this concerns you too." in page


def test_me_too_from_another_browser_counts_again(client, organization, register):
    from django.test import Client

    case = register["holes"]
    client.post(_support(case))
    Client().post(_support(case))
    case.refresh_from_db()
    assert case.supporters == 2


def test_the_supporter_hash_differs_between_organisations(
    client, organization, other_organization, register
):
    theirs = register_case(other_organization, title="Дупка")
    client.post(_support(register["holes"]))
    client.post(_support(theirs))
    with scope(organization=organization):
        ours = CaseSupport.objects.get().supporter
    with scope(organization=other_organization):
        their = CaseSupport.objects.get().supporter
    assert ours != their


def test_me_too_needs_csrf_and_a_post(organization, register):
    from django.test import Client

    case = register["holes"]
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_support(case)).status_code == 403
    assert strict.get(_support(case)).status_code == 405
    page = strict.get(_detail(case)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert strict.post(_support(case), {"csrfmiddlewaretoken": token}).status_code == 303


@pytest.mark.parametrize("which", ["private", "hidden", "draft"])
def test_me_too_on_unpublished_cases_is_not_found(client, organization, register, which):
    case = register[which]
    if not case.number:
        return
    assert client.post(_support(case)).status_code == 404


def test_a_forged_supporter_cookie_is_replaced(client, organization, register):
    client.cookies[SUPPORTER_COOKIE] = "x"
    response = client.post(_support(register["holes"]))
    assert response.cookies[SUPPORTER_COOKIE].value != "x"


def test_similar_cases_by_text(client, organization, register):
    response = client.get(_similar(organization), {"q": "дупките"})
    page = response.content.decode()
    assert response.status_code == 200
    assert register["holes"].number in page and "<ul" in page
    assert "public" in response["Cache-Control"]


def test_similar_cases_nearby_come_first(client, organization, register):
    with scope(organization=organization):
        parks = register["bench"].category
    near = register_case(
        organization,
        title="Счупена люлка",
        category=parks,
        latitude="42.425800",
        longitude="25.634500",
    )
    far = register_case(
        organization,
        title="Счупена люлка",
        category=parks,
        latitude="42.445800",
        longitude="25.634500",
    )
    page = client.get(
        _similar(organization),
        {"q": "счупена", "category": "parks", "lat": "42.4260", "lon": "25.6346"},
    ).content.decode()
    numbers = re.findall(r"[A-Z]+-\d{4}-\d{5}", page)
    assert numbers[0] == near.number
    assert far.number in numbers
    assert "m" in page


def test_similar_cases_leave_out_old_closed_ones(client, organization):
    old = register_case(
        organization,
        title="Стара дупка",
        stage=Stage.CLOSED,
        at=timezone.now() - timedelta(days=200),
    )
    old_open = register_case(
        organization, title="Стара дупка", at=timezone.now() - timedelta(days=200)
    )
    page = client.get(_similar(organization), {"q": "дупка"}).content.decode()
    assert old.number not in page and old_open.number in page


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "нищо такова"},
        {"lat": "abc", "lon": "1"},
        {"lat": "nan", "lon": "inf"},
        {"lat": "95", "lon": "25"},
        {"q": '"*) OR NEAR(', "category": "<script>"},
        {"q": "x" * 10_000},
    ],
)
def test_similar_cases_are_empty_when_nothing_fits(client, organization, register, params):
    response = client.get(_similar(organization), params)
    assert response.status_code == 200
    assert response.content == b""


def test_an_unknown_or_inactive_organisation_has_no_register(client, organization, register):
    assert client.get("/o/no-such-town/signals/").status_code == 404
    organization.is_active = False
    organization.save()
    url, _ = _list(organization)
    assert client.get(url).status_code == 404
    assert client.get(_detail(register["holes"])).status_code == 404


def test_the_home_and_thanks_pages_link_to_a_register_with_cases(client, organization, touchpoint):
    url, _ = _list(organization)
    thanks = f"/q/{touchpoint.code}/thanks"
    assert url not in client.get("/").content.decode()
    assert url not in client.get(thanks).content.decode()
    register_case(organization)
    assert f'href="{url}"' in client.get("/").content.decode()
    assert f'href="{url}"' in client.get(thanks).content.decode()


def test_a_case_with_coordinates_links_to_a_map_site(client, organization, register, settings):
    settings.MAP_LINK_URL = "https://maps.example/?lat={lat}&lon={lon}"
    placed = register_case(
        organization, title="Дупка на моста", latitude="42.425800", longitude="25.634500"
    )
    page = client.get(_detail(placed)).content.decode()
    assert 'href="https://maps.example/?lat=42.425800&amp;lon=25.634500"' in page
    assert "maps.example" not in client.get(_detail(register["holes"])).content.decode()
