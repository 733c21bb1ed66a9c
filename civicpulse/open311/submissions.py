"""Posting a request (POST requests): the client's key, the specification's fields, rate
limits, then civicpulse.cases.filing.case_file, which keeps every rule about a case.

An untrusted client's request is a draft its sender confirms through the e-mailed link,
as on the portal; a trusted client's is registered at once (ApiClient.is_trusted).
"""

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from civicpulse.cases.filing import MAX_TITLE, case_file
from civicpulse.cases.models import Case, CaseEvent, EventAction, Source
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import ApiClient, Organization
from civicpulse.feedback.abuse import Limit, limits_count
from civicpulse.open311.documents import OPEN311_PUBLICATION, PUBLICATION_ATTRIBUTE
from civicpulse.open311.errors import Open311Error
from civicpulse.open311.selectors import OPEN311_KIND, open311_kind, service_find

CLIENT_MINUTE = Limit("open311-client-minute", seconds=60, most=60)
CLIENT_DAY = Limit("open311-client-day", seconds=86400, most=5000)
# Each untrusted post e-mails a confirmation link: no address gets a flood of them.
SENDER_HOUR = Limit("open311-sender-hour", seconds=3600, most=10)
MAX_MEDIA_URL = 2000

# case_file's fields, as the specification names them in an error.
_ARGUMENTS = {
    "sender_name": "first_name, last_name",
    "sender_email": "email",
    "sender_phone": "phone",
    "title": "description",
    "latitude": "lat",
    "longitude": "long",
    "address": "address_string",
    "category": "service_code",
    "kind": "service_code",
    "publication": f"attribute[{PUBLICATION_ATTRIBUTE}]",
    "client": "api_key",
}


def client_find(*, organization: Organization, api_key: str) -> ApiClient:
    """The active client of this jurisdiction whose key this is."""
    if not api_key:
        raise Open311Error(403, _("api_key was not provided: posting a request needs one."))
    client = ApiClient.for_key(api_key)
    if client is None or client.organization_id != organization.pk:
        raise Open311Error(403, _("Invalid api_key received: it is no key of this jurisdiction."))
    return client


def _title(description: str) -> str:
    """The description's first line, cut at a word if long: a prefix of the description."""
    first = next((line.strip() for line in description.splitlines() if line.strip()), "")
    if len(first) <= MAX_TITLE:
        return first
    cut = first[:MAX_TITLE]
    space = cut.rfind(" ")
    return cut[:space].rstrip() if space > MAX_TITLE // 2 else cut


def _place(values: Mapping) -> tuple[str, str, str]:
    latitude, longitude = values.get("lat", "").strip(), values.get("long", "").strip()
    address = values.get("address_string", "").strip()
    if latitude or longitude:
        if not (latitude and longitude):
            raise Open311Error(400, _("lat and long must be sent together."))
    elif not address:
        if values.get("address_id", "").strip():
            raise Open311Error(
                400, _("address_id is not supported here: send lat and long, or address_string.")
            )
        raise Open311Error(400, _("A location is required: lat and long, or address_string."))
    return latitude, longitude, address


def _media_url(values: Mapping) -> str:
    url = values.get("media_url", "").strip()
    if not url:
        return ""
    try:
        if len(url) > MAX_MEDIA_URL:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise Open311Error(400, _("media_url must be an http or https URL.")) from None
    return url


def _throttle(*, client: ApiClient, email: str, now: datetime) -> None:
    """Every attempt counts, a refused one too: a client that keeps posting stays refused."""
    limits = [(CLIENT_MINUTE, (client.pk,)), (CLIENT_DAY, (client.pk,))]
    if not client.is_trusted:
        limits.append((SENDER_HOUR, (email.strip().lower(),)))
    counts = limits_count(organization_id=client.organization_id, limits=limits, now=now)
    if counts[0] > CLIENT_MINUTE.most or counts[1] > CLIENT_DAY.most:
        raise Open311Error(
            429,
            _("Too many requests with this api_key. Wait a minute and post again."),
            retry_after=CLIENT_MINUTE.seconds,
        )
    if len(counts) > 2 and counts[2] > SENDER_HOUR.most:
        raise Open311Error(
            429,
            _("Too many requests from this e-mail address in an hour. Post again later."),
            retry_after=SENDER_HOUR.seconds,
        )


def _refusal(refused: RuleViolation) -> str:
    argument = _ARGUMENTS.get(refused.field, refused.field)
    text = f"{argument}: {refused.message}" if argument else str(refused.message)
    if refused.field == "sender_name":
        text += " " + _(
            "The Administrative Procedure Code (art. 111(4)) allows no proceedings on "
            "anonymous signals."
        )
    return text


def open311_request_submit(
    *,
    organization: Organization,
    api_key: str,
    values: Mapping,
    language: str,
    now: datetime | None = None,
) -> Case:
    """Files the posted request as a signal in the service's category; returns the case,
    a draft or, from a trusted client, registered. Raises Open311Error."""
    client = client_find(organization=organization, api_key=api_key)
    for name, value in values.items():
        # As Django's form fields do: no database stores it (PostgreSQL refuses it).
        if "\x00" in value:
            raise Open311Error(400, _("%(name)s contains a NUL character.") % {"name": name[:40]})
    service_code = values.get("service_code", "").strip()
    if not service_code:
        raise Open311Error(400, _("service_code was not provided."))
    category = service_find(organization=organization, service_code=service_code)
    if open311_kind(organization=organization) is None:
        raise Open311Error(400, _("This jurisdiction takes no signals at present."))
    latitude, longitude, address = _place(values)
    media_url = _media_url(values)
    description = values.get("description", "")
    email = values.get("email", "")
    now = now or timezone.now()
    _throttle(client=client, email=email, now=now)
    names = f"{values.get('first_name', '').strip()} {values.get('last_name', '').strip()}"
    try:
        case = case_file(
            organization=organization,
            kind_slug=OPEN311_KIND,
            title=_title(description),
            description=description,
            sender_name=names,
            sender_email=email,
            sender_phone=values.get("phone", ""),
            publication=values.get(f"attribute[{PUBLICATION_ATTRIBUTE}]", "").strip()
            or OPEN311_PUBLICATION,
            category_id=category.pk,
            latitude=latitude or None,
            longitude=longitude or None,
            address=address,
            language=language,
            source=Source.OPEN311,
            client=client,
            now=now,
        )
    except RuleViolation as refused:
        raise Open311Error(400, _refusal(refused)) from None
    if media_url:
        # Staff may look at it; nothing is fetched from another host, nor published.
        with scope(organization=organization):
            CaseEvent.objects.create(
                organization=organization,
                case=case,
                at=now,
                action=EventAction.NOTE,
                text=media_url,
                data={"media_url": media_url, "client": client.name},
            )
    return case
