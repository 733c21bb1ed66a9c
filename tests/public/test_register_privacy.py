"""No public page or endpoint of the register shows what the sender did not consent to.

Every public URL is walked (the TABLE below) over cases with each publication choice, a
hidden one, an unconfirmed draft and a redacted one. Whatever comes back, on any status,
must hold no sender's e-mail or phone, no name but a `named` sender's, no trace of the
cases that are not published, and none of the words that moderation took out.

Later public endpoints (Open311, feeds) are added as rows of TABLE: a name, and a function
from the World to the requests to make.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django_scopes import scope

from civicpulse.cases.models import Case, CasePhoto, Publication, Stage
from tests.cases.register_data import register_case
from tests.factories import AreaFactory, CategoryFactory
from tests.feedback.images import jpeg_with_gps


@dataclass
class Sender:
    name: str
    email: str
    phone: str


@dataclass
class World:
    organization: object
    cases: dict[str, Case]
    photos: dict[str, CasePhoto]
    senders: dict[str, Sender]

    @property
    def published(self) -> list[Case]:
        return [self.cases[key] for key in ("named", "anonymous", "redacted")]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    params: dict | None = None

    @property
    def asked(self) -> str:
        # What the request itself carries: echoing it back is no leak.
        return " ".join([self.path, *map(str, (self.params or {}).values())])


# Each case's words are its own, so a leak says which case it came from.
CASES = {
    "named": {
        "publication": Publication.NAMED,
        "title": "Дупка Алфа",
        "description": "Ямата алфа.",
    },
    "anonymous": {
        "publication": Publication.ANONYMOUS,
        "title": "Дупка Бета",
        "description": "Ямата бета.",
    },
    "private": {
        "publication": Publication.PRIVATE,
        "title": "Дупка Гама",
        "description": "Тайнагама ямата.",
    },
    "hidden": {
        "publication": Publication.NAMED,
        "is_hidden": True,
        "title": "Дупка Делта",
        "description": "Скритаделта ямата.",
    },
    "draft": {
        "publication": Publication.NAMED,
        "registered": False,
        "title": "Дупка Епсилон",
        "description": "Черновaепсилон ямата.",
    },
    "redacted": {
        "publication": Publication.NAMED,
        "title": "Дупка пред Цанкова",
        "redacted_title": "Дупка пред блок",
        "description": "Цанкова от бл. 4 паркира на тротоара, тел. 0877 111 222.",
        "redacted_description": "Автомобил паркира на тротоара.",
        "answer": "Санкционирахме Цанкова.",
        "redacted_answer": "Наложена е санкция.",
        "stage": Stage.ANSWERED,
    },
}
# Words only the unpublished cases and the redacted originals have.
SECRET_WORDS = ["Гама", "Тайнагама", "Делта", "Скритаделта", "Епсилон", "Черновaепсилон", "Цанков"]
SEARCHES = ["дупка", "ямата", "тротоара", *SECRET_WORDS, "0877", "example.org"]


def _sender(key: str) -> Sender:
    return Sender(
        name=f"Подател{key.capitalize()} Иванов",
        email=f"sender.{key}@example.org",
        phone=f"+359 88 {sum(map(ord, key)) % 1000:03d} 4321",
    )


@pytest.fixture
def world(organization) -> World:
    area = AreaFactory(organization=organization, name_bg="Център")
    category = CategoryFactory(organization=organization, slug="roads")
    cases, photos, senders = {}, {}, {}
    for key, fields in CASES.items():
        sender = senders[key] = _sender(key)
        cases[key] = register_case(
            organization,
            **fields,
            area=area,
            category=category,
            latitude="42.425800",
            longitude="25.634500",
            address="ул. Цар Симеон 1",
            sender_name=sender.name,
            sender_email=sender.email,
            sender_phone=sender.phone,
        )
        with scope(organization=organization):
            photo = CasePhoto(organization=organization, case=cases[key])
            photo.image.save(f"{key}.jpg", ContentFile(jpeg_with_gps()), save=True)
            photos[key] = photo
    return World(organization, cases, photos, senders)


def _slug(world):
    return {"slug": world.organization.slug}


def _case_kwargs(world, case):
    return {**_slug(world), "number": case.number}


def _numbered(world) -> list[Case]:
    return [case for case in world.cases.values() if case.number]


def _list(world):
    return reverse("public:case_register", kwargs=_slug(world))


# name -> the requests to make. Add a row for every new public endpoint.
TABLE: dict[str, Callable[[World], list[Request]]] = {
    "register list": lambda w: [Request("get", _list(w))],
    "register search": lambda w: [Request("get", _list(w), {"q": q}) for q in SEARCHES],
    "register filters": lambda w: [
        Request("get", _list(w), params)
        for params in (
            {"kind": "signal"},
            {"category": "roads"},
            {"area": str(w.cases["named"].area_id)},
            {"registered_from": "2000-01-01", "registered_to": "2100-01-01"},
            {"q": "дупка", "sort": "relevance"},
            {"state": str(w.cases["redacted"].status_id)},
        )
    ],
    "register lookup": lambda w: [
        Request("get", _list(w), {"number": case.number}) for case in _numbered(w)
    ],
    "case page": lambda w: [
        Request("get", reverse("public:case_detail", kwargs=_case_kwargs(w, case)))
        for case in _numbered(w)
    ],
    "case photo": lambda w: [
        Request(
            "get",
            reverse(
                "public:case_photo",
                kwargs={**_case_kwargs(w, case), "photo": w.photos[key].pk},
            ),
        )
        for key, case in w.cases.items()
        if case.number
    ],
    "me too": lambda w: [
        Request("post", reverse("public:case_support", kwargs=_case_kwargs(w, case)))
        for case in _numbered(w)
    ],
    "similar cases": lambda w: [
        Request("get", reverse("public:case_similar", kwargs=_slug(w)), params)
        for params in (
            *({"q": q} for q in SEARCHES),
            {"lat": "42.4258", "lon": "25.6345"},
            {"lat": "42.4258", "lon": "25.6345", "category": "roads", "q": "дупка"},
        )
    ],
}


def _forbidden(world: World) -> dict[str, str]:
    """What must never be shown, with why."""
    forbidden = {}
    for key, sender in world.senders.items():
        forbidden[sender.email] = f"e-mail of {key}"
        forbidden[sender.phone] = f"phone of {key}"
        forbidden[sender.phone.replace(" ", "")] = f"phone of {key}"
        case = world.cases[key]
        if not (case.is_published and case.publication == Publication.NAMED):
            forbidden[sender.name] = f"name of the {key} case's sender"
            forbidden[sender.name.split()[0]] = f"name of the {key} case's sender"
    for key in ("private", "hidden", "draft"):
        case = world.cases[key]
        forbidden[case.title] = f"the {key} case"
        forbidden[case.tracking_key] = f"tracking key of {key}"
        if case.number:
            forbidden[case.number] = f"the {key} case's number"
    for case in world.cases.values():
        forbidden[case.tracking_key] = "a tracking key"
    for word in SECRET_WORDS:
        forbidden[word] = "a word that is not published"
    forbidden["0877 111 222"] = "a phone taken out by moderation"
    return forbidden


@pytest.mark.parametrize("endpoint", TABLE)
def test_no_public_endpoint_shows_what_is_not_published(client, world, endpoint):
    forbidden = _forbidden(world)
    requests = TABLE[endpoint](world)
    assert requests
    for request in requests:
        call = getattr(client, request.method)
        response = call(request.path, request.params or {}, follow=True)
        assert response.status_code in (200, 404), (request, response.status_code)
        content = b"".join(response) if response.streaming else response.content
        shown = content.decode("utf-8", errors="ignore") + "".join(
            f"{name}: {value}\n" for name, value in response.items()
        )
        shown += "".join(morsel.OutputString() for morsel in response.cookies.values())
        asked = request.asked
        leaks = {
            why: text
            for text, why in forbidden.items()
            if text in shown and text not in asked and text.lower() not in asked.lower()
        }
        assert not leaks, (endpoint, request, leaks)


def test_the_named_sender_is_shown_and_the_published_cases_are_found(client, world):
    # The walk above would also pass on empty pages: these must show something.
    page = client.get(_list(world), {"q": "дупка"}).content.decode()
    for case in world.published:
        assert case.number in page
    named = world.cases["named"]
    detail = reverse("public:case_detail", kwargs=_case_kwargs(world, named))
    assert world.senders["named"].name in client.get(detail).content.decode()
    for key in ("private", "hidden"):
        url = reverse("public:case_detail", kwargs=_case_kwargs(world, world.cases[key]))
        assert client.get(url).status_code == 404


def test_every_register_url_is_in_the_table():
    from civicpulse.public import urls

    names = {p.name for p in urls.urlpatterns if p.name and p.name.startswith("case_")}
    walked = {"case_register", "case_detail", "case_photo", "case_support", "case_similar"}
    # The sender's own pages carry a secret and are tested with filing and tracking
    # (tests/public/test_case_filing.py, test_case_tracking.py); the form shows no case.
    senders_own = {
        "case_confirm",
        "case_track",
        "case_track_photo",
        "case_reply",
        "case_reopen",
        "case_rate",
        "case_new",
        "case_sent",
    }
    assert names - walked <= senders_own, names
