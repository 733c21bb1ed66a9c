"""POST requests: the api_key, the specification's fields, the law's named sender, an
untrusted client's draft confirmed by e-mail (through a real SMTP server) and a trusted
client's case registered at once; rate limits; nothing stored from a refused post."""

import re

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

from civicpulse.cases.models import Case, CaseEvent, EventAction, Publication, Source
from civicpulse.open311 import submissions
from civicpulse.open311.documents import OPEN311_PUBLICATION
from tests.open311 import spec
from tests.open311.conftest import SITE

BASE = "/open311/v2"
FORMATS = ["json", "xml"]
POSTED = {
    "service_code": "roads",
    "lat": "42.4250",
    "long": "25.6340",
    "first_name": "Мирослава",
    "last_name": "Тайнова",
    "email": "miroslava.tainova@example.org",
    "phone": "+359 88 765 4321",
    "description": "Дупка на улица Цар Симеон\nДълбока е около 20 см.",
    "device_id": "tt222111",
    "account_id": "123456",
}


@pytest.fixture
def post(client, portal, roads):
    def send(format="json", *, key=None, status=200, **values):
        data = {"jurisdiction_id": portal.slug, **POSTED, **values}
        if key is not None:
            data["api_key"] = key
        data = {name: value for name, value in data.items() if value is not None}
        with translation.override("en"):
            response = client.post(
                f"{BASE}/requests.{format}", data, headers={"accept-language": "en"}
            )
        assert response.status_code == status, response.content[:600]
        return spec.document(response)[1], response

    return send


def stored() -> list[Case]:
    with scopes_disabled():
        return list(Case.objects.all())


def _link(message, path: str) -> str:
    found = re.search(rf"{re.escape(SITE)}({re.escape(path)}\S+)", message.get_content())
    assert found, message.get_content()
    return found.group(1)


@pytest.mark.parametrize("format", FORMATS)
def test_an_untrusted_client_s_request_waits_for_the_e_mail_confirmation(
    post, portal, make_client, mailbox, run_jobs, client, format
):
    _client, key = make_client(portal)
    answer, response = run_jobs(post, format, key=key)
    assert spec.check_posted(answer, format) == []
    assert "Access-Control-Allow-Origin" not in response
    [entry] = answer
    [case] = stored()
    assert entry["token"] == case.request_token and "service_request_id" not in entry
    assert not case.is_registered
    assert case.source == Source.OPEN311 and case.client_id == _client.pk
    assert case.kind.slug == "signal" and case.category.slug == "roads"
    assert case.title == "Дупка на улица Цар Симеон"
    assert case.sender_name == "Мирослава Тайнова"
    assert case.publication == OPEN311_PUBLICATION == Publication.ANONYMOUS
    assert case.language == "en"

    token_url = f"{BASE}/tokens/{case.request_token}.{format}"
    waiting = spec.document(client.get(token_url, {"jurisdiction_id": portal.slug}))[1]
    assert waiting[0]["service_request_id"] in (None, "")

    [confirm] = mailbox()
    assert confirm["To"] == "miroslava.tainova@example.org"
    confirmed = run_jobs(client.post, _link(confirm, "/signals/confirm/"))
    assert confirmed.status_code == 303
    with scopes_disabled():
        case.refresh_from_db()
    assert case.is_registered
    resolved = spec.document(client.get(token_url, {"jurisdiction_id": portal.slug}))[1]
    assert spec.list_problems(resolved, spec.TOKEN, format) == []
    assert resolved == [{"service_request_id": case.number, "token": case.request_token}]
    [_confirm, registered] = mailbox()
    assert case.number in registered["Subject"]


@pytest.mark.parametrize("format", FORMATS)
def test_a_trusted_client_s_request_is_registered_at_once(
    post, portal, make_client, mailbox, run_jobs, format
):
    _client, key = make_client(portal, trusted=True)
    answer, _response = run_jobs(post, format, key=key, **{"attribute[publication]": "named"})
    assert spec.check_posted(answer, format) == []
    [case] = stored()
    assert case.is_registered and case.publication == Publication.NAMED
    assert answer[0]["service_request_id"] == case.number and "token" not in answer[0]
    [registered] = mailbox()  # the acknowledgement, never a confirmation link
    assert case.number in registered["Subject"]
    assert "/signals/confirm/" not in registered.get_content()
    with scopes_disabled():
        actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == [EventAction.FILED, EventAction.REGISTERED]


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("which", ["none", "wrong", "forged", "another", "inactive"])
def test_keys_that_may_not_post(post, portal, other_portal, make_client, which, format):
    keys = {
        "none": None,
        "wrong": "12345678.not-the-secret",
        "forged": "x" * 500,
        "another": make_client(other_portal, trusted=True)[1],
        "inactive": make_client(portal, trusted=True, active=False)[1],
    }
    if which == "wrong":
        _real, key = make_client(portal)
        keys["wrong"] = key[:9] + "not-the-secret"
    errors, _response = post(format, key=keys[which], status=403)
    assert spec.list_problems(errors, spec.ERROR, format) == []
    assert "api_key" in errors[0]["description"]
    assert stored() == []


@pytest.mark.parametrize(
    ("values", "status", "says"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "potholes"}, 404, "potholes"),
        ({"jurisdiction_id": "nowhere"}, 404, "nowhere"),
        ({"lat": None, "long": None}, 400, "location"),
        ({"long": None}, 400, "lat and long"),
        ({"lat": None, "long": None, "address_id": "545483"}, 400, "address_id"),
        ({"lat": "91"}, 400, "lat"),
        ({"long": "NaN"}, 400, "long"),
        ({"lat": "1e999"}, 400, "lat"),
        ({"first_name": None, "last_name": None}, 400, "anonymous"),
        ({"last_name": ""}, 400, "first_name, last_name"),
        ({"email": None}, 400, "email"),
        ({"email": "not-an-address"}, 400, "email"),
        ({"phone": "call me"}, 400, "phone"),
        ({"description": ""}, 400, "description"),
        ({"description": "д" * 10_000}, 400, "description"),
        ({"attribute[publication]": "everyone"}, 400, "attribute[publication]"),
        ({"lat": "abc"}, 400, "lat"),
        ({"description": "Дупка\x00"}, 400, "description"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"media_url": "https://example.org/" + "a" * 3000}, 400, "media_url"),
    ],
)
def test_bad_posts_are_refused_by_argument_and_store_nothing(
    post, portal, make_client, values, status, says
):
    _client, key = make_client(portal)
    errors, _response = post(key=key, status=status, **values)
    assert spec.list_problems(errors, spec.ERROR, "json") == []
    assert says in errors[0]["description"]
    assert stored() == []


def test_an_address_without_a_pin_will_do(post, portal, make_client):
    _client, key = make_client(portal)
    post(key=key, lat=None, long=None, address_string="ул. Цар Симеон Велики 100")
    [case] = stored()
    assert case.address == "ул. Цар Симеон Велики 100" and case.latitude is None


def test_a_posted_media_url_is_kept_for_staff_only(post, portal, make_client, client):
    _trusted, key = make_client(portal, trusted=True)
    url = "https://photos.example.org/pothole.jpg"
    post(key=key, media_url=url)
    [case] = stored()
    with scopes_disabled():
        [note] = CaseEvent.objects.filter(case=case, action=EventAction.NOTE)
    assert note.text == url and not note.is_public
    shown = client.get(f"{BASE}/requests/{case.number}.json", {"jurisdiction_id": portal.slug})
    assert url not in shown.content.decode()


def test_the_jurisdiction_must_be_named_among_several(post, portal, other_portal, make_client):
    _client, key = make_client(portal)
    errors, _response = post(key=key, jurisdiction_id=None, status=400)
    assert "jurisdiction_id" in errors[0]["description"]


def test_a_body_too_large_is_a_400(post, portal, make_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    _client, key = make_client(portal)
    errors, _response = post(key=key, description="д" * 20_000, status=400)
    assert spec.list_problems(errors, spec.ERROR, "json") == []


def test_a_client_is_limited_per_minute(post, portal, make_client, monkeypatch):
    monkeypatch.setattr(submissions, "CLIENT_MINUTE", submissions.Limit("t-minute", 60, 3))
    _client, key = make_client(portal, trusted=True)
    for n in range(3):
        post(key=key, email=f"sender{n}@example.org")
    errors, response = post(key=key, email="sender9@example.org", status=429)
    assert response["Retry-After"] == "60"
    assert "api_key" in errors[0]["description"]
    assert len(stored()) == 3
    _other, other_key = make_client(portal, trusted=True)  # each key counts alone
    post(key=other_key)


def test_one_address_gets_few_confirmation_links(post, portal, make_client, monkeypatch):
    monkeypatch.setattr(submissions, "SENDER_HOUR", submissions.Limit("t-hour", 3600, 2))
    _client, key = make_client(portal)
    post(key=key)
    post(key=key, email="MIROSLAVA.tainova@example.org")
    errors, _response = post(key=key, status=429)
    assert "e-mail" in errors[0]["description"]
    post(key=key, email="someone.else@example.org")
    assert len(stored()) == 3


def test_hostile_text_is_stored_as_text(post, portal, make_client, client):
    _client, key = make_client(portal, trusted=True)
    hostile = '<script>alert("x")</script>\nи още'
    post(key=key, description=hostile)
    [case] = stored()
    assert case.description == hostile
    xml = client.get(f"{BASE}/requests/{case.number}.xml", {"jurisdiction_id": portal.slug})
    assert b"&lt;script&gt;" in xml.content and b"<script>" not in xml.content
