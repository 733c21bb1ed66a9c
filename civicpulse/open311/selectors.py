"""What Open311 reads: the jurisdiction, its services, and its published cases.

Each function takes the organisation and runs in its scope, so no query can reach
another jurisdiction's rows.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django_scopes import scope

from civicpulse.cases.models import Case, CaseKind, CasePhoto, Source, Stage
from civicpulse.cases.published import published_cases as register_cases
from civicpulse.core.models import Category, Organization
from civicpulse.open311.arguments import MOST_RESULTS, RequestsQuery
from civicpulse.open311.errors import Open311Error

OPEN311_KIND = "signal"  # the kind of case a posted request becomes (cases/defaults.py)
_QUOTED = 60  # characters of a wrong identifier repeated in an error


def _quoted(value: str) -> str:
    return value if len(value) <= _QUOTED else value[:_QUOTED] + "…"


def jurisdiction_find(jurisdiction_id: str | None) -> Organization:
    """The active organisation with this slug; the only one, if none is named and there is
    only one (the specification lets a single-jurisdiction server ignore the argument)."""
    jurisdiction_id = (jurisdiction_id or "").strip()
    if jurisdiction_id:
        found = Organization.objects.filter(slug=jurisdiction_id, is_active=True).first()
        if found is None:
            raise Open311Error(
                404,
                _("jurisdiction_id %(id)s was not found.") % {"id": _quoted(jurisdiction_id)},
            )
        return found
    active = list(Organization.objects.filter(is_active=True)[:2])
    if len(active) != 1:
        raise Open311Error(
            400,
            _("jurisdiction_id was not provided: this server serves several jurisdictions."),
        )
    return active[0]


def services_find(*, organization: Organization) -> list[Category]:
    with scope(organization=organization):
        return list(Category.objects.filter(organization=organization, is_active=True))


def service_find(*, organization: Organization, service_code: str) -> Category:
    with scope(organization=organization):
        found = Category.objects.filter(
            organization=organization, slug=service_code, is_active=True
        ).first()
    if found is None:
        raise Open311Error(
            404, _("service_code %(code)s was not found.") % {"code": _quoted(service_code)}
        )
    return found


def open311_kind(*, organization: Organization) -> CaseKind | None:
    with scope(organization=organization):
        return CaseKind.objects.filter(
            organization=organization, slug=OPEN311_KIND, is_active=True
        ).first()


def published_cases(*, organization: Organization) -> QuerySet:
    """The cases the public register shows (cases.published), with what Open311 reads of
    them; call inside the organisation's scope."""
    return (
        register_cases(organization=organization)
        .select_related("organization", "duplicate_of")
        .prefetch_related(
            Prefetch("photos", queryset=CasePhoto.objects.filter(is_hidden=False), to_attr="shown")
        )
    )


def _status_filter(statuses: list[str]) -> Q:
    is_open = Q(status__isnull=True) | Q(status__stage__in=Stage.open())
    if set(statuses) == {"open"}:
        return is_open
    if set(statuses) == {"closed"}:
        return ~is_open
    return Q()


def service_requests_find(*, organization: Organization, query: RequestsQuery) -> list[Case]:
    """Published cases as GET requests asks, newest first, at most MOST_RESULTS."""
    with scope(organization=organization):
        cases = published_cases(organization=organization)
        if query.numbers is not None:
            cases = cases.filter(number__in=query.numbers)
        else:
            cases = cases.filter(registered_at__gte=query.start, registered_at__lte=query.end)
            if query.service_codes is not None:
                cases = cases.filter(category__slug__in=query.service_codes)
            if query.statuses is not None:
                cases = cases.filter(_status_filter(query.statuses))
        return list(cases.order_by("-registered_at", "-pk")[:MOST_RESULTS])


def service_request_find(*, organization: Organization, number: str) -> Case:
    with scope(organization=organization):
        found = published_cases(organization=organization).filter(number=number).first()
    if found is None:
        raise Open311Error(
            404, _("service_request_id %(id)s was not found.") % {"id": _quoted(number)}
        )
    return found


def token_find(*, organization: Organization, token: str) -> Case:
    """The case an Open311 post made, by the token it was answered with."""
    with scope(organization=organization):
        found = (
            Case.objects.filter(organization=organization, source=Source.OPEN311)
            .filter(request_token=token)
            .only("pk", "number", "request_token", "registered_at")
            .first()
        )
    if found is None:
        raise Open311Error(404, _("token %(token)s was not found.") % {"token": _quoted(token)})
    return found
