"""GET discovery, services, a service definition, requests, a request and a token, in XML
and JSON, each checked field by field against the specification (tests/open311/spec.py)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from civicpulse.cases.models import Case, CasePhoto, CaseStatus, Publication, Source, Stage
from tests.factories import CategoryFactory
from tests.open311 import spec
from tests.open311.conftest import case_values

BASE = "/open311/v2"
FORMATS = ["json", "xml"]


def get(client, path, **query):
    return client.get(f"{BASE}/{path}", query)


def read(response, status=200):
    assert response.status_code == status, response.content[:500]
    return spec.document(response)


@pytest.mark.parametrize("format", FORMATS)
def test_discovery(client, portal, format):
    response = get(client, f"discovery.{format}")
    found_format, document = read(response)
    assert found_format == format
    assert spec.problems(document, spec.DISCOVERY, format) == []
    [endpoint] = document["endpoints"]
    assert endpoint["url"] == "https://signals.example.bg/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert response["Access-Control-Allow-Origin"] == "*"

    _f, named = read(get(client, f"discovery.{format}", jurisdiction_id=portal.slug))
    assert portal.name in named["contact"]


@pytest.mark.parametrize("format", FORMATS)
def test_services_are_the_active_categories(client, portal, roads, parks, format):
    CategoryFactory(organization=portal, slug="closed-down", is_active=False)
    response = get(client, f"services.{format}", jurisdiction_id=portal.slug)
    _f, services = read(response)
    assert spec.list_problems(services, spec.SERVICE, format) == []
    assert {s["service_code"] for s in services} == {"roads", "parks"}
    road = next(s for s in services if s["service_code"] == "roads")
    assert road["service_name"] == "Пътища"
    assert road["group"] == "Сигнал"  # what a posted request becomes
    assert road["keywords"] == "roads, Пътища, Roads"
    assert road["type"] == "batch"  # an unknown client's post waits for the e-mail confirmation
    assert road["metadata"] in (True, "true")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_services_in_english(client, portal, roads):
    with translation.override("en"):
        _f, services = read(
            client.get(
                f"{BASE}/services.json",
                {"jurisdiction_id": portal.slug},
                headers={"accept-language": "en"},
            )
        )
    assert services[0]["service_name"] == "Roads"
    assert services[0]["group"] == "Signal"


def test_a_trusted_client_s_services_are_realtime(client, portal, roads, make_client):
    _trusted, key = make_client(portal, trusted=True)
    _f, services = read(get(client, "services.json", jurisdiction_id=portal.slug, api_key=key))
    assert services[0]["type"] == "realtime"
    _untrusted, other_key = make_client(portal)
    _f, services = read(
        get(client, "services.json", jurisdiction_id=portal.slug, api_key=other_key)
    )
    assert services[0]["type"] == "batch"


@pytest.mark.parametrize("format", FORMATS)
def test_service_definition(client, portal, roads, format):
    _f, definition = read(get(client, f"services/roads.{format}", jurisdiction_id=portal.slug))
    assert spec.problems(definition, spec.SERVICE_DEFINITION, format) == []
    assert definition["service_code"] == "roads"
    [attribute] = definition["attributes"]
    assert attribute["code"] == "publication"
    assert [value["key"] for value in attribute["values"]] == ["named", "anonymous", "private"]


@pytest.mark.parametrize("format", FORMATS)
def test_an_unknown_or_another_jurisdiction_s_service_is_404(client, portal, other_portal, format):
    # other_portal has "roads"; portal has not
    response = get(client, f"services/roads.{format}", jurisdiction_id=portal.slug)
    _f, errors = read(response, 404)
    assert spec.list_problems(errors, spec.ERROR, format) == []
    assert errors[0]["code"] in (404, "404")
    assert "roads" in errors[0]["description"]


@pytest.mark.parametrize("format", FORMATS)
def test_jurisdiction_id_is_needed_with_several_organisations(client, portal, other_portal, format):
    _f, errors = read(get(client, f"services.{format}"), 400)
    assert spec.list_problems(errors, spec.ERROR, format) == []
    assert "jurisdiction_id" in errors[0]["description"]
    response = get(client, f"services.{format}", jurisdiction_id="<script>nowhere")
    _f, errors = read(response, 404)
    assert "<script>nowhere" in errors[0]["description"]
    if format == "xml":
        assert b"&lt;script&gt;nowhere" in response.content


def test_a_single_organisation_needs_no_jurisdiction_id(client, portal, roads):
    _f, services = read(get(client, "services.json"))
    assert [s["service_code"] for s in services] == ["roads"]


@pytest.mark.parametrize("format", FORMATS)
def test_requests_field_by_field(client, portal, roads, department, make_case, format):
    with scopes_disabled():
        answered = CaseStatus.objects.get(organization=portal, stage=Stage.ANSWERED)
    opened = make_case(portal, category=roads, department=department)
    closed = make_case(
        portal,
        category=roads,
        stage=Stage.ANSWERED,
        answer="Ремонтът е извършен.",
        answered_at=timezone.now(),
    )
    uncategorised = make_case(portal, kind="complaint", latitude=None, longitude=None)
    assert closed.status == answered

    _f, requests = read(get(client, f"requests.{format}", jurisdiction_id=portal.slug))
    assert spec.list_problems(requests, spec.REQUEST, format) == []
    by_id = {r["service_request_id"]: r for r in requests}
    assert set(by_id) == {opened.number, closed.number, uncategorised.number}

    first = by_id[opened.number]
    assert first["status"] == "open"
    assert first["status_notes"] == "Получен"
    assert first["service_code"] == "roads" and first["service_name"] == "Пътища"
    assert first["agency_responsible"] == "Дирекция Строителство"
    assert first["description"] == "Дупка на улица Цар Симеон\nДълбока е около 20 см."
    assert first["address"] == "ул. Цар Симеон Велики 100"
    assert float(first["lat"]) == 42.425 and float(first["long"]) == 25.634
    assert first["requested_datetime"].endswith(("+02:00", "+03:00"))  # Sofia's offset
    assert datetime.fromisoformat(first["requested_datetime"]) == opened.registered_at.replace(
        microsecond=0
    )
    assert datetime.fromisoformat(first["expected_datetime"]) == opened.due_at.replace(
        microsecond=0
    )

    second = by_id[closed.number]
    assert second["status"] == "closed"
    assert second["status_notes"] == "Ремонтът е извършен."
    assert datetime.fromisoformat(second["updated_datetime"]) == closed.answered_at.replace(
        microsecond=0
    )

    third = by_id[uncategorised.number]
    assert third["service_name"] == "Жалба" and third["service_code"] in (None, "")
    assert third["lat"] is None and third["long"] is None


def test_json_types(client, portal, roads, make_case):
    make_case(portal, category=roads)
    _f, [request] = read(get(client, "requests.json", jurisdiction_id=portal.slug))
    assert isinstance(request["lat"], float) and isinstance(request["long"], float)
    assert request["address_id"] is None and request["zipcode"] is None  # empty is null


def test_the_subject_leads_a_description_that_does_not_begin_with_it(client, portal, make_case):
    make_case(portal, title="Счупена пейка", description="До детската площадка.")
    _f, [request] = read(get(client, "requests.json", jurisdiction_id=portal.slug))
    assert request["description"] == "Счупена пейка\n\nДо детската площадка."


def test_moderated_texts_are_the_ones_shown(client, portal, make_case):
    make_case(
        portal,
        title="Иван Петров от № 5 пак пали боклук",
        description="Иван Петров от № 5 пак пали боклук",
        redacted_title="Палене на отпадъци",
        redacted_description="Палене на отпадъци в двора на жилищна сграда.",
        stage=Stage.ANSWERED,
        answer="Глобихме Иван Петров.",
        redacted_answer="Съставен е акт.",
    )
    _f, [request] = read(get(client, "requests.json", jurisdiction_id=portal.slug))
    assert "Иван Петров" not in json.dumps(request, ensure_ascii=False)
    assert request["status_notes"] == "Съставен е акт."


def test_duplicate_and_forwarded_explain_themselves(client, portal, make_case):
    original = make_case(portal)
    make_case(portal, stage=Stage.DUPLICATE, duplicate_of=original)
    make_case(portal, stage=Stage.FORWARDED, forwarded_to="РИОСВ Стара Загора")
    response = client.get(
        f"{BASE}/requests.json", {"jurisdiction_id": portal.slug}, headers={"accept-language": "en"}
    )
    _f, requests = read(response)
    notes = {r["status_notes"] for r in requests}
    assert f"Duplicate of {original.number}." in notes
    forwarded = next(r for r in requests if r["agency_responsible"] == "РИОСВ Стара Загора")
    assert forwarded["status"] == "closed"


@pytest.mark.parametrize("format", FORMATS)
def test_one_request(client, portal, roads, make_case, format):
    case = make_case(portal, category=roads)
    _f, requests = read(
        get(client, f"requests/{case.number}.{format}", jurisdiction_id=portal.slug)
    )
    assert spec.list_problems(requests, spec.REQUEST, format) == []
    assert [r["service_request_id"] for r in requests] == [case.number]
    _f, errors = read(
        get(client, f"requests/SZ-1999-00001.{format}", jurisdiction_id=portal.slug), 404
    )
    assert spec.list_problems(errors, spec.ERROR, format) == []


def test_an_old_request_is_found_by_its_number(client, portal, make_case):
    old = make_case(portal, registered_at=timezone.now() - timedelta(days=400))
    _f, listed = read(get(client, "requests.json", jurisdiction_id=portal.slug))
    assert listed == []  # outside the default 90 days
    _f, [found] = read(get(client, f"requests/{old.number}.json", jurisdiction_id=portal.slug))
    assert found["service_request_id"] == old.number


def test_filters(client, portal, roads, parks, make_case):
    now = timezone.now()
    road = make_case(portal, category=roads, registered_at=now - timedelta(days=2))
    park = make_case(portal, category=parks, registered_at=now - timedelta(days=20))
    closed = make_case(
        portal, category=parks, stage=Stage.CLOSED, registered_at=now - timedelta(days=40)
    )
    old = make_case(portal, category=roads, registered_at=now - timedelta(days=120))

    def numbers(**query):
        _f, requests = read(get(client, "requests.json", jurisdiction_id=portal.slug, **query))
        return [r["service_request_id"] for r in requests]

    assert numbers() == [road.number, park.number, closed.number]  # newest first, 90 days
    assert numbers(service_code="parks") == [park.number, closed.number]
    assert numbers(service_code="roads,parks") == [road.number, park.number, closed.number]
    assert numbers(service_code="nothing") == []
    assert numbers(status="closed") == [closed.number]
    assert numbers(status="open") == [road.number, park.number]
    assert numbers(status="open,closed") == [road.number, park.number, closed.number]
    # the numbers override every other filter, the 90 days too
    assert numbers(service_request_id=f"{old.number},{road.number}", status="closed") == [
        road.number,
        old.number,
    ]
    start = (now - timedelta(days=30)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert numbers(start_date=start) == [road.number, park.number]
    end = (now - timedelta(days=10)).isoformat(timespec="seconds")
    assert numbers(end_date=end) == [park.number, closed.number]
    assert numbers(
        start_date=(now - timedelta(days=150)).date().isoformat(),
        end_date=(now - timedelta(days=100)).date().isoformat(),
    ) == [old.number]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"start_date": "yesterday"}, "start_date"),
        ({"start_date": "2026-02-30T00:00:00Z"}, "start_date"),
        ({"end_date": "2026-01-01T00:00:00"}, "end_date"),  # no time zone
        ({"end_date": "20260101"}, "end_date"),
        ({"end_date": "2026-01-01T00:00:00+99:00"}, "end_date"),
        ({"start_date": "9999-12-31T00:00:00Z"}, "start_date"),
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2025-12-01T00:00:00Z"}, "end_date"),
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"}, "90 days"),
        ({"status": "pending"}, "status"),
        ({"service_request_id": ",".join(f"SZ-2026-{n:05d}" for n in range(1001))}, "1000"),
        ({"service_code": "x" * 30_000}, "service_code"),
    ],
)
@pytest.mark.parametrize("format", FORMATS)
def test_bad_filters_get_a_400_that_names_them(client, portal, query, says, format):
    with translation.override("en"):
        response = client.get(
            f"{BASE}/requests.{format}",
            {"jurisdiction_id": portal.slug, **query},
            headers={"accept-language": "en"},
        )
    _f, errors = read(response, 400)
    assert spec.list_problems(errors, spec.ERROR, format) == []
    assert says in errors[0]["description"]


def test_at_most_1000_requests(client, portal, roads):
    now = timezone.now()
    with scopes_disabled():
        Case.objects.bulk_create(
            Case(**case_values(portal, category=roads, registered_at=now - timedelta(minutes=n)))
            for n in range(1005)
        )
    _f, requests = read(get(client, "requests.json", jurisdiction_id=portal.slug))
    assert len(requests) == 1000
    times = [datetime.fromisoformat(r["requested_datetime"]) for r in requests]
    assert times == sorted(times, reverse=True)
    _f, requests = read(get(client, "requests.xml", jurisdiction_id=portal.slug))
    assert len(requests) == 1000


def test_the_list_takes_a_fixed_number_of_queries(client, portal, roads, department, make_case):
    for _ in range(3):
        make_case(portal, category=roads, department=department)
    with CaptureQueriesContext(connection) as few:
        read(get(client, "requests.json", jurisdiction_id=portal.slug))
    for _ in range(20):
        make_case(portal, category=roads, department=department)
    with CaptureQueriesContext(connection) as many:
        read(get(client, "requests.json", jurisdiction_id=portal.slug))
    assert len(many) == len(few) <= 4


@pytest.mark.parametrize("format", FORMATS)
def test_tokens(client, portal, make_case, format):
    draft = make_case(portal, source=Source.OPEN311)
    with scopes_disabled():  # not confirmed yet
        Case.objects.filter(pk=draft.pk).update(registered_at=None, number="")
    _f, answer = read(
        get(client, f"tokens/{draft.request_token}.{format}", jurisdiction_id=portal.slug)
    )
    assert spec.list_problems(answer, spec.TOKEN, format) == []
    assert answer[0]["token"] == draft.request_token
    assert answer[0]["service_request_id"] in (None, "")

    registered = make_case(portal, source=Source.OPEN311)
    _f, answer = read(
        get(client, f"tokens/{registered.request_token}.{format}", jurisdiction_id=portal.slug)
    )
    assert answer == [{"service_request_id": registered.number, "token": registered.request_token}]

    web = make_case(portal)  # only Open311 posts have tokens to ask with
    read(get(client, f"tokens/{web.request_token}.{format}", jurisdiction_id=portal.slug), 404)
    read(get(client, f"tokens/forged.{format}", jurisdiction_id=portal.slug), 404)


@pytest.mark.parametrize("format", FORMATS)
def test_wrong_methods_are_405(client, portal, format):
    for method, path in [
        ("delete", "requests"),
        ("post", "services"),
        ("put", "discovery"),
        ("post", "tokens/abc"),
        ("patch", "requests/SZ-2026-00001"),
    ]:
        response = getattr(client, method)(f"{BASE}/{path}.{format}")
        _f, errors = read(response, 405)
        assert spec.list_problems(errors, spec.ERROR, format) == []
        assert "GET" in response["Allow"]


def test_unknown_formats_and_resources(client, portal):
    response = client.get(f"{BASE}/services.html")
    _f, errors = read(response, 400)
    assert ".xml" in errors[0]["description"]
    _f, errors = read(client.get(f"{BASE}/services"), 404)
    _f, errors = read(client.get(f"{BASE}/nothing/here.json"), 404)
    assert spec.list_problems(errors, spec.ERROR, "json") == []


def test_cors_preflight_allows_reading_only(client, portal):
    response = client.options(f"{BASE}/requests.json")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in response["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("format", FORMATS)
def test_hostile_text_comes_back_as_text(client, portal, make_case, format):
    hostile = '<script>alert("x")</script> & ]]> \x0b\x1f <!-- --> 🚧'
    case = make_case(portal, title="XSS", description=f"XSS {hostile}", address="<b>&amp;</b>")
    response = get(client, f"requests/{case.number}.{format}", jurisdiction_id=portal.slug)
    assert response.status_code == 200
    body = response.content.decode()
    if format == "xml":
        assert "<script>" not in body
    _f, [request] = read(response)  # well-formed: it parses
    if format == "xml":
        assert "&lt;script&gt;" in body
        # characters XML cannot carry are left out; everything else comes back as sent
        assert request["description"] == 'XSS <script>alert("x")</script> & ]]>  <!-- --> 🚧'
    else:
        assert request["description"] == f"XSS {hostile}"
    assert request["address"] == "<b>&amp;</b>"


def test_inactive_organisation_is_not_found(client, portal, other_portal):
    with scopes_disabled():
        type(portal).objects.filter(pk=portal.pk).update(is_active=False)
    read(get(client, "requests.json", jurisdiction_id=portal.slug), 404)


def test_a_hidden_photo_never_becomes_media_url(client, portal, make_case):
    case = make_case(portal)
    with scopes_disabled():
        hidden = CasePhoto.objects.create(
            organization=portal, case=case, image="cases/hidden.jpg", position=0, is_hidden=True
        )
        shown = CasePhoto.objects.create(
            organization=portal, case=case, image="cases/shown.jpg", position=1
        )
    _f, [request] = read(get(client, f"requests/{case.number}.json", jurisdiction_id=portal.slug))
    assert request["media_url"] == (
        f"https://signals.example.bg/o/{portal.slug}/signals/{case.number}/photos/{shown.pk}/"
    )
    assert not request["media_url"].endswith(f"/photos/{hidden.pk}/")


def test_a_private_case_is_not_found(client, portal, make_case):
    case = make_case(portal, publication=Publication.PRIVATE)
    read(get(client, f"requests/{case.number}.json", jurisdiction_id=portal.slug), 404)


def test_requests_of_another_jurisdiction_never_show(client, portal, other_portal, make_case):
    mine = make_case(portal)
    theirs = make_case(other_portal)
    _f, requests = read(get(client, "requests.json", jurisdiction_id=portal.slug))
    assert [r["service_request_id"] for r in requests] == [mine.number]
    read(get(client, f"requests/{theirs.number}.json", jurisdiction_id=portal.slug), 404)
    _f, found = read(
        get(client, "requests.json", jurisdiction_id=portal.slug, service_request_id=theirs.number)
    )
    assert found == []
    read(get(client, f"tokens/{theirs.request_token}.json", jurisdiction_id=portal.slug), 404)


def test_head_is_answered_like_get(client, portal):
    response = client.head(f"{BASE}/services.json", {"jurisdiction_id": portal.slug})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
