"""The Open311 GeoReport v2 resources. Each view reads its arguments, calls a selector or
service and returns a document; `resource` does the rest the specification asks of every
resource: the format from the extension, the methods, errors in its form, and reads open
to pages of any origin."""

from functools import wraps
from zoneinfo import ZoneInfo

from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from civicpulse.core.models import ApiClient
from civicpulse.open311.arguments import requests_query_read
from civicpulse.open311.documents import (
    discovery_document,
    posted_document,
    service_definition_document,
    service_requests_document,
    services_document,
    token_document,
)
from civicpulse.open311.errors import Open311Error
from civicpulse.open311.formats import CONTENT_TYPES, JSON, XML, document_response, errors_response
from civicpulse.open311.selectors import (
    jurisdiction_find,
    open311_kind,
    service_find,
    service_request_find,
    service_requests_find,
    services_find,
    token_find,
)
from civicpulse.open311.submissions import open311_request_submit

READS = ("GET", "HEAD")
RESOURCES = "discovery, services, services/<service_code>, requests, requests/<id>, tokens/<token>"


def _error(format: str, refused: Open311Error) -> HttpResponse:
    response = errors_response(format, refused.status, [refused.description])
    if refused.retry_after:
        response["Retry-After"] = str(refused.retry_after)
    return response


def resource(*methods: str):
    def decorate(view):
        @csrf_exempt  # posts carry an api_key, never a session cookie
        @wraps(view)
        def answer(request, format: str, **kwargs):
            allowed = ", ".join([*methods, "OPTIONS"])
            if format not in CONTENT_TYPES:
                response = errors_response(
                    XML,
                    400,
                    [
                        _("Unknown format %(format)s: end the URL in .xml or .json.")
                        % {"format": format[:10]}
                    ],
                )
            elif request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = allowed
            elif request.method not in methods:
                response = errors_response(
                    format,
                    405,
                    [
                        _("%(method)s is not allowed here; use %(allowed)s.")
                        % {"method": request.method[:10], "allowed": allowed}
                    ],
                )
                response["Allow"] = allowed
            else:
                try:
                    response = view(request, format, **kwargs)
                except Open311Error as refused:
                    response = _error(format, refused)
            if request.method in (*READS, "OPTIONS"):
                # Any page may read the register's data; only posts need a key.
                response["Access-Control-Allow-Origin"] = "*"
                if request.method == "OPTIONS":
                    response["Access-Control-Allow-Methods"] = ", ".join(READS)
            return response

        return answer

    return decorate


@resource(*READS)
def discovery(request, format):
    jurisdiction_id = request.GET.get("jurisdiction_id", "").strip()
    organization = jurisdiction_find(jurisdiction_id) if jurisdiction_id else None
    return document_response(format, "discovery", discovery_document(organization))


@resource(*READS)
def services(request, format):
    organization = jurisdiction_find(request.GET.get("jurisdiction_id"))
    # The key is not needed to read, but tells a trusted client its posts are realtime.
    client = ApiClient.for_key(request.GET.get("api_key", ""))
    registers_at_once = bool(
        client and client.is_trusted and client.organization_id == organization.pk
    )
    document = services_document(
        services_find(organization=organization),
        kind=open311_kind(organization=organization),
        registers_at_once=registers_at_once,
    )
    return document_response(format, "services", document)


@resource(*READS)
def service_definition(request, format, service_code):
    organization = jurisdiction_find(request.GET.get("jurisdiction_id"))
    category = service_find(organization=organization, service_code=service_code)
    return document_response(format, "service_definition", service_definition_document(category))


@resource(*READS, "POST")
def service_requests(request, format):
    if request.method == "POST":
        return _post(request, format)
    organization = jurisdiction_find(request.GET.get("jurisdiction_id"))
    query = requests_query_read(
        request.GET, now=timezone.now(), time_zone=ZoneInfo(organization.time_zone)
    )
    cases = service_requests_find(organization=organization, query=query)
    document = service_requests_document(cases, organization)
    return document_response(format, "service_requests", document)


def _post(request, format):
    try:
        values = request.POST
    except (SuspiciousOperation, MultiPartParserError):  # too big, too many fields, malformed
        raise Open311Error(400, _("The request body is too large or malformed.")) from None
    organization = jurisdiction_find(
        values.get("jurisdiction_id") or request.GET.get("jurisdiction_id")
    )
    case = open311_request_submit(
        organization=organization,
        api_key=values.get("api_key") or request.GET.get("api_key", ""),
        values=values,
        language=translation.get_language() or "",
    )
    return document_response(format, "service_requests", posted_document(case, organization))


@resource(*READS)
def service_request(request, format, service_request_id):
    organization = jurisdiction_find(request.GET.get("jurisdiction_id"))
    case = service_request_find(organization=organization, number=service_request_id)
    return document_response(
        format, "service_requests", service_requests_document([case], organization)
    )


@resource(*READS)
def token(request, format, token):
    organization = jurisdiction_find(request.GET.get("jurisdiction_id"))
    case = token_find(organization=organization, token=token)
    return document_response(format, "service_requests", token_document(case))


@csrf_exempt
def unknown(request, path):
    format = JSON if path.endswith(".json") else XML
    return errors_response(
        format,
        404,
        [
            _("No such resource. The resources are: %(resources)s; each ends in .xml or .json.")
            % {"resources": RESOURCES}
        ],
    )
