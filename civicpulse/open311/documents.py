"""The specification's documents, as plain values for civicpulse.open311.formats: the
discovery file, services, a service definition, service requests and tokens.

Only what the public register may show goes in: published texts, and never the sender's
name, e-mail or phone.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from civicpulse.cases.filing import DRAFT_VALID
from civicpulse.cases.models import Case, CaseKind, Publication, Stage
from civicpulse.core.models import Category, Organization
from civicpulse.open311.formats import MIME_TYPES, Many

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When the endpoints or the service definitions last changed: raise it with them, so
# clients refresh what they cache.
CHANGESET = "2026-11-22T00:00:00Z"
PUBLICATION_ATTRIBUTE = "publication"
OPEN311_PUBLICATION = Publication.ANONYMOUS  # when the client does not ask the sender


def w3c(moment: datetime | None, organization: Organization) -> str | None:
    """ISO 8601 as the W3C note has it, in the jurisdiction's time with its offset."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(organization.time_zone)).isoformat(timespec="seconds")


def endpoint_url() -> str:
    discovery = reverse("open311:discovery", kwargs={"format": "xml"})
    return settings.SITE_URL + discovery.rsplit("/", 1)[0]


def discovery_document(organization: Organization | None) -> dict:
    if organization is None:
        contact = _("Each jurisdiction answers for its own requests; this server is %(url)s.")
        contact %= {"url": settings.SITE_URL}
    else:
        contact = _("%(organization)s answers for its requests, at %(url)s.")
        contact %= {"organization": organization.name, "url": settings.SITE_URL}
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": _(
            "Reading needs no key. To post requests, ask the jurisdiction for a key: its "
            "administrators make one for each client in the back office, under API clients."
        ),
        "endpoints": Many(
            "endpoint",
            [
                {
                    "specification": SPECIFICATION,
                    "url": endpoint_url(),
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": Many("format", MIME_TYPES),
                }
            ],
        ),
    }


def _keywords(category: Category) -> str:
    words = []
    for word in (category.slug, category.name_bg, category.name_en):
        word = " ".join(word.replace(",", " ").split())
        if word and word not in words:
            words.append(word)
    return ", ".join(words)


def services_document(
    categories: list[Category], *, kind: CaseKind | None, registers_at_once: bool
) -> Many:
    """Each category as a service. `type` tells what a post returns: a trusted client's
    gets its service_request_id at once (realtime); anyone else's a token (batch), since
    the sender must first confirm by e-mail."""
    return Many(
        "service",
        [
            {
                "service_code": category.slug,
                "service_name": category.name,
                "description": _("A signal about %(category)s") % {"category": category.name},
                "metadata": True,
                "type": "realtime" if registers_at_once else "batch",
                "keywords": _keywords(category),
                "group": kind.name if kind is not None else "",
            }
            for category in categories
        ],
    )


def service_definition_document(category: Category) -> dict:
    """The one attribute: how the sender lets the public register show the case."""
    publication = {
        "variable": True,
        "code": PUBLICATION_ATTRIBUTE,
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": _("One of the keys; without it: %(default)s.")
        % {"default": OPEN311_PUBLICATION.label},
        "order": 1,
        "description": _(
            "How may the public register show this signal? Ask the sender: the choice is theirs."
        ),
        "values": Many(
            "value", [{"key": key, "name": str(label)} for key, label in Publication.choices]
        ),
    }
    return {"service_code": category.slug, "attributes": Many("attribute", [publication])}


def _is_open(case: Case) -> bool:
    return case.status is None or case.status.stage in Stage.open()


def _status_notes(case: Case) -> str:
    if case.published_answer:
        return case.published_answer
    stage = case.status.stage if case.status else ""
    if stage == Stage.DUPLICATE and case.duplicate_of is not None:
        return _("Duplicate of %(number)s.") % {"number": case.duplicate_of.number}
    if stage == Stage.FORWARDED and case.forwarded_to:
        return _("Forwarded to %(institution)s.") % {"institution": case.forwarded_to}
    return case.status.name if case.status else ""


def _updated(case: Case) -> datetime:
    # "For requests with status=closed, this will be the date the request was closed."
    if not _is_open(case):
        return case.closed_at or case.answered_at or case.updated_at
    return case.updated_at


def _description(case: Case) -> str:
    # The subject leads, unless the description already begins with it (as when a
    # client's description gave the subject its first line).
    title, text = case.published_title.strip(), case.published_description.strip()
    return text if text.startswith(title) else f"{title}\n\n{text}"


def _media_url(case: Case) -> str:
    """The first photo the register shows, through the public register's photo URL."""
    shown = getattr(case, "shown", None)
    if not shown:
        return ""
    path = reverse(
        "public:case_photo",
        kwargs={"slug": case.organization.slug, "number": case.number, "photo": shown[0].pk},
    )
    return settings.SITE_URL + path


def _coordinate(value) -> float | None:
    return None if value is None else float(value)


def service_request_entry(case: Case, organization: Organization) -> dict:
    """One published case in the specification's fields and order."""
    if case.status is not None and case.status.stage == Stage.FORWARDED and case.forwarded_to:
        agency = case.forwarded_to
    else:
        agency = case.department.name if case.department else ""
    return {
        "service_request_id": case.number,
        "status": "open" if _is_open(case) else "closed",
        "status_notes": _status_notes(case),
        "service_name": case.category.name if case.category else case.kind.name,
        "service_code": case.category.slug if case.category else "",
        "description": _description(case),
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": w3c(case.registered_at, organization),
        "updated_datetime": w3c(_updated(case), organization),
        "expected_datetime": w3c(case.due_at, organization),
        "address": case.address,
        "address_id": "",
        "zipcode": "",
        "lat": _coordinate(case.latitude),
        "long": _coordinate(case.longitude),
        "media_url": _media_url(case),
    }


def service_requests_document(cases: list[Case], organization: Organization) -> Many:
    return Many("request", [service_request_entry(case, organization) for case in cases])


def token_document(case: Case) -> Many:
    return Many("request", [{"service_request_id": case.number, "token": case.request_token}])


def posted_document(case: Case, organization: Organization) -> Many:
    """The answer to a post: the number if it is registered, else the token to ask with."""
    if case.is_registered:
        notice = _("Registered. The answer is due by %(due)s.") % {
            "due": w3c(case.due_at, organization)
        }
        entry = {"service_request_id": case.number, "service_notice": notice}
    else:
        notice = _(
            "We e-mailed the sender a link to confirm the request; it is registered once they "
            "confirm it within %(hours)s hours. Ask for its number with the token."
        ) % {"hours": int(DRAFT_VALID.total_seconds() // 3600)}
        entry = {"token": case.request_token, "service_notice": notice}
    return Many("request", [entry])
