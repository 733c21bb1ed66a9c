"""The document system's REST API for case files: keys, organisations, input, idempotency."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.api import throttling
from civicpulse.api.parsers import MAX_BODY_BYTES
from civicpulse.api.throttling import ApiClientThrottle
from civicpulse.casefiles.access_codes import access_code_matches, access_code_normalise
from civicpulse.casefiles.models import CaseFile
from civicpulse.casefiles.services import casefile_register
from civicpulse.core.models import ApiClient
from tests.casefiles.fixtures import make_service, sofia

pytestmark = pytest.mark.django_db
LIST = "/api/v1/casefiles/"


def make_client(organization, **extra) -> tuple[ApiClient, str]:
    client = ApiClient(organization=organization, name="Деловодна система", **extra)
    key = client.new_key()
    with scopes_disabled():
        client.save()
    return client, key


@pytest.fixture
def key(organization, services):
    return make_client(organization)[1]


@pytest.fixture
def api(client, key):
    """Django's test client sending JSON with the organisation's key."""

    class Api:
        def __init__(self, key):
            self.key = key

        def headers(self):
            return {"HTTP_AUTHORIZATION": f"Api-Key {self.key}"} if self.key else {}

        def get(self, url, **params):
            return client.get(url, params, **self.headers())

        def post(self, url, body=None, raw=None):
            data = raw if raw is not None else json.dumps(body or {})
            return client.post(url, data, content_type="application/json", **self.headers())

        def patch(self, url, body):
            return client.patch(
                url, json.dumps(body), content_type="application/json", **self.headers()
            )

    return Api(key)


def detail(number):
    return reverse("api:casefile_detail", kwargs={"number": number})


# ------------------------------------------------------------------ authentication


@pytest.mark.parametrize(
    "header",
    [None, "Api-Key", "Api-Key wrong", "Api-Key abcdefgh.nope", "Bearer x", "Api-Key a b"],
)
def test_a_missing_or_wrong_key_gets_401(client, services, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(LIST, **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_an_inactive_client_or_organisation_gets_401(api, organization, key):
    with scopes_disabled():
        ApiClient.objects.update(is_active=False)
    assert api.get(LIST).status_code == 401
    with scopes_disabled():
        ApiClient.objects.update(is_active=True)
    organization.is_active = False
    organization.save()
    assert api.get(LIST).status_code == 401


def test_a_rotated_key_stops_working(api, organization, key):
    with scopes_disabled():
        client = ApiClient.objects.get()
        client.new_key()
        client.save()
    assert api.get(LIST).status_code == 401


# ------------------------------------------------------------------ registering


def test_register_gives_a_number_and_the_access_code_once(api, organization, services):
    response = api.post(LIST, {"service": "GS-01", "applicant_name": "Иван Петров"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("SZ-") and "-F0000" in body["number"]
    assert body["service"] == "GS-01"
    assert body["sector"]["name_bg"] == "Гражданско състояние"
    assert body["status"] == "submitted" and body["replayed"] is False
    assert [step["status"] for step in body["history"]] == ["submitted"]
    assert "applicant_name" not in body and "Иван" not in response.content.decode()
    with scope(organization=organization):
        case_file = CaseFile.objects.get(number=body["number"])
    assert case_file.applicant_name == "Иван Петров"
    assert case_file.client is not None and case_file.source == "api"
    code = access_code_normalise(body["access_code"])
    assert access_code_matches(case_file=case_file, code=code)
    # Reading it again never shows the code.
    assert "access_code" not in api.get(detail(body["number"])).json()


def test_a_repeated_post_returns_the_same_file(api, organization, services):
    body = {"service": "TS-02", "number": "94-00-123/12.03.2025", "external_id": "doc-77"}
    first = api.post(LIST, body)
    again = api.post(LIST, body)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again["Idempotent-Replay"] == "true"
    assert again.json()["replayed"] is True and again.json()["access_code"] is None
    assert again.json()["number"] == first.json()["number"]
    # The external id alone names the file too.
    assert api.post(LIST, {"service": "TS-02", "external_id": "doc-77"}).status_code == 200
    with scope(organization=organization):
        assert CaseFile.objects.count() == 1


def test_the_same_number_for_another_service_or_id_is_a_conflict(api, services):
    api.post(LIST, {"service": "TS-02", "number": "A-1", "external_id": "doc-1"})
    clash = api.post(LIST, {"service": "GS-01", "number": "A-1"})
    assert clash.status_code == 409
    assert clash.json()["number"] == "A-1"
    assert (
        api.post(LIST, {"service": "TS-02", "number": "A-1", "external_id": "doc-2"}).status_code
        == 409
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "service"),
        ({"service": "NOPE"}, "service"),
        ({"service": "GS-01", "sector": "abc"}, "sector"),
        ({"service": "GS-01", "sector": 999999}, "sector"),
        ({"service": "GS-01", "registered_at": "yesterday"}, "registered_at"),
        ({"service": "GS-01", "registered_at": "2999-01-01T00:00:00Z"}, "registered_at"),
        ({"service": "GS-01", "applicant_email": "not-an-email"}, "applicant_email"),
        ({"service": "GS-01", "number": "x" * 41}, "number"),
        ({"service": "GS-01", "number": "<script>alert(1)</script>"}, "number"),
        ({"service": "GS-01", "number": "SZ-2025-F00001"}, "number"),
        ({"service": "GS-01", "applicant_name": "x" * 201}, "applicant_name"),
        ({"service": "GS-01", "colour": "red"}, "colour"),
        ({"service": ["GS-01"]}, "service"),
        (
            {
                "service": "GS-01",
                "registered_at": "2025-03-02T10:00:00Z",
                "due_at": "2025-03-01T10:00:00Z",
            },
            "due_at",
        ),
    ],
)
def test_bad_input_gets_400_naming_the_field(api, services, body, field):
    response = api.post(LIST, body)
    assert response.status_code == 400
    payload = response.json()
    assert field in payload["errors"], payload
    assert payload["detail"]


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', "null"])
def test_a_body_that_is_not_an_object_gets_400(api, services, raw):
    response = api.post(LIST, raw=raw)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_an_oversized_body_gets_413(api, services):
    raw = json.dumps({"service": "GS-01", "applicant_name": "x" * (MAX_BODY_BYTES + 1)})
    assert api.post(LIST, raw=raw).status_code == 413


def test_a_form_post_is_refused(client, key, services):
    response = client.post(LIST, {"service": "GS-01"}, HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 415


# ------------------------------------------------------------------ status


def test_patch_moves_the_status_and_keeps_the_history(api, organization, services):
    number = api.post(LIST, {"service": "TS-02", "number": "B-7"}).json()["number"]
    moved = api.patch(detail(number), {"status": "awaiting_documents", "note": "Липсва скица"})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["delay_reason"] == "missing_documents"
    done = api.patch(detail(number), {"status": "ready", "is_public": True})
    body = done.json()
    assert body["status"] == "ready" and body["completed_at"]
    assert [step["status"] for step in body["history"]] == [
        "submitted",
        "awaiting_documents",
        "ready",
    ]
    assert body["history"][1]["note"] == "Липсва скица" and body["history"][1]["by"] == "client"


@pytest.mark.parametrize(
    "body",
    [
        {"status": "lost"},
        {"status": "submitted"},
        {"status": "in_progress", "delay_reason": "aliens"},
        {"status": "in_progress", "at": "2000-01-01T00:00:00Z"},
        {"status": "in_progress", "note": "x" * 1001},
        {"status": "in_progress", "extra": 1},
    ],
)
def test_bad_status_changes_get_400(api, services, body):
    number = api.post(LIST, {"service": "TS-02"}).json()["number"]
    response = api.patch(detail(number), body)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_a_late_completion_needs_a_reason(api, organization, services):
    with scope(organization=organization):
        casefile_register(
            organization=organization,
            service=services["heirs"],
            number="OLD-1",
            registered_at=sofia(2025, 1, 1),
        )
    refused = api.patch(detail("OLD-1"), {"status": "completed"})
    assert refused.status_code == 400
    assert "delay_reason" in refused.json()["errors"]
    done = api.patch(detail("OLD-1"), {"status": "completed", "delay_reason": "workload"})
    assert done.status_code == 200


def test_a_new_access_code(api, organization, services):
    first = api.post(LIST, {"service": "TS-02", "number": "C/1.2"}).json()
    url = reverse("api:casefile_access_code", kwargs={"number": "C/1.2"})
    assert detail("C/1.2") == "/api/v1/casefiles/C/1.2/"
    renewed = api.post(url)
    assert renewed.status_code == 200
    assert renewed.json()["access_code"] != first["access_code"]


# ------------------------------------------------------------------ lists and organisations


def test_lists_and_filters(api, organization, services):
    api.post(LIST, {"service": "TS-02", "number": "L-1", "external_id": "e1"})
    api.post(LIST, {"service": "GS-01", "number": "L-2"})
    assert api.get(LIST).json()["count"] == 2
    assert [f["number"] for f in api.get(LIST, service="gs-01").json()["results"]] == ["L-2"]
    assert api.get(LIST, external_id="e1").json()["results"][0]["number"] == "L-1"
    assert api.get(LIST, overdue="true").json()["count"] == 0
    assert api.get(LIST, status="refused").json()["count"] == 0
    assert api.get(LIST, status="nonsense").status_code == 400
    assert api.get(LIST, registered_after="soon").status_code == 400
    services_list = api.get("/api/v1/services/").json()
    assert {s["code"] for s in services_list["results"]} == {"GS-01", "TS-02", "TS-07"}
    assert "applicant_name" not in api.get(LIST).content.decode()


def test_a_key_of_one_organization_never_reaches_another(
    api, client, organization, other_organization, services
):
    api.post(LIST, {"service": "TS-02", "number": "MINE-1"})
    make_service(other_organization, "THEIRS")
    _their_client, their_key = make_client(other_organization)
    theirs = {"HTTP_AUTHORIZATION": f"Api-Key {their_key}"}
    assert client.get(LIST, **theirs).json()["count"] == 0
    assert client.get(detail("MINE-1"), **theirs).status_code == 404
    moved = client.patch(
        detail("MINE-1"),
        json.dumps({"status": "refused"}),
        content_type="application/json",
        **theirs,
    )
    assert moved.status_code == 404
    renew = reverse("api:casefile_access_code", kwargs={"number": "MINE-1"})
    assert client.post(renew, **theirs).status_code == 404
    # Our service codes are unknown to them, theirs to us.
    refused = client.post(
        LIST, json.dumps({"service": "TS-02"}), content_type="application/json", **theirs
    )
    assert refused.status_code == 400
    assert api.post(LIST, {"service": "THEIRS"}).status_code == 400
    assert [s["code"] for s in client.get("/api/v1/services/", **theirs).json()["results"]] == [
        "THEIRS"
    ]
    with scope(organization=organization):
        assert CaseFile.objects.get(number="MINE-1").status == "submitted"


def test_clients_are_throttled(api, services, monkeypatch):
    monkeypatch.setattr(ApiClientThrottle, "THROTTLE_RATES", {"api_client": "3/minute"})
    # Inside one window, whatever the clock says.
    moment = timezone.now().replace(second=10, microsecond=0)
    monkeypatch.setattr(throttling.timezone, "now", lambda: moment)
    statuses = [api.get(LIST).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


# ------------------------------------------------------------------ schema


def test_the_openapi_schema_lists_the_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/casefiles/",
        "/api/v1/casefiles/{number}/",
        "/api/v1/casefiles/{number}/access-code/",
        "/api/v1/services/",
        "/api/v1/figures/summary/",
        "/api/v1/figures/series/",
        "/api/v1/figures/by/{dimension}/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/casefiles/{number}/"]) >= {"get", "patch"}
    assert "ApiKey" in schema["components"]["securitySchemes"]


def test_the_schema_is_valid_openapi():
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    validate_schema(SchemaGenerator().get_schema(request=None, public=True))
