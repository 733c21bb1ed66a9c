"""What the public register shows: published cases, searched, filtered and suggested.

A case is published when it is registered, not hidden by moderation and its sender did
not choose "do not publish" (Case.is_published); these selectors say the same in SQL.
Every text they search is the published one (Case.search_text), so redacted words are
never found.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from civicpulse.cases.models import Case, CaseKind, CaseStatus, Publication, Stage
from civicpulse.cases.search import cases_matching
from civicpulse.core.models import Area, Category, Organization
from civicpulse.core.text_search import search_terms

SIMILAR_LIMIT = 5
SIMILAR_RECENT_DAYS = 90  # closed cases stay suggestions this long after registration
NEARBY_METRES = 500
_METRES_PER_DEGREE = 111_320  # of latitude, and of longitude at the equator


def published_cases_anywhere() -> QuerySet[Case]:
    """Published cases of every organisation: only inside scopes_disabled, to ask which
    organisations have any."""
    return (
        Case.objects.filter(registered_at__isnull=False)
        .exclude(is_hidden=True)
        .exclude(publication=Publication.PRIVATE)
    )


def published_cases(*, organization: Organization) -> QuerySet[Case]:
    """The organisation's published cases, newest first, with what a list shows."""
    return (
        published_cases_anywhere()
        .filter(organization=organization)
        .select_related("kind", "category", "area", "status", "department")
        .order_by("-registered_at", "-pk")
    )


def published_case(*, organization: Organization, number: str) -> Case | None:
    return published_cases(organization=organization).filter(number=number).first()


@dataclass(frozen=True)
class RegisterFilters:
    query: str = ""
    kind: CaseKind | None = None
    category: Category | None = None
    status: CaseStatus | None = None
    area: Area | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    by_relevance: bool = False


def register_search(*, organization: Organization, filters: RegisterFilters) -> QuerySet[Case]:
    """Published cases that match the filters; all must hold. An area takes in its parts.
    Dates are whole days in the organisation's time zone, both ends included."""
    cases = published_cases(organization=organization)
    if filters.kind is not None:
        cases = cases.filter(kind=filters.kind)
    if filters.category is not None:
        cases = cases.filter(category=filters.category)
    if filters.status is not None:
        cases = cases.filter(status=filters.status)
    if filters.area is not None:
        cases = cases.filter(area__path__startswith=filters.area.path)
    zone = ZoneInfo(organization.time_zone)
    if filters.registered_from is not None:
        cases = cases.filter(
            registered_at__gte=datetime.combine(filters.registered_from, time.min, zone)
        )
    if filters.registered_to is not None:
        next_day = filters.registered_to + timedelta(days=1)
        cases = cases.filter(registered_at__lt=datetime.combine(next_day, time.min, zone))
    ranked = filters.by_relevance and bool(filters.query.strip())
    cases = cases_matching(cases, filters.query, rank=ranked)
    if ranked:
        cases = cases.order_by("search_rank", "-registered_at", "-pk")
    return cases


@dataclass(frozen=True)
class SimilarCase:
    case: Case
    metres: float | None  # from the given point, when both are known


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Haversine: exact enough at the scale of a neighbourhood.
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _near(cases: QuerySet[Case], latitude: float, longitude: float) -> QuerySet[Case]:
    """A box of NEARBY_METRES around the point, which an index on the columns can use;
    the exact distance is measured afterwards."""
    dlat = NEARBY_METRES / _METRES_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(latitude)), 0.01)
    return cases.filter(
        latitude__range=(Decimal(f"{latitude - dlat:.6f}"), Decimal(f"{latitude + dlat:.6f}")),
        longitude__range=(Decimal(f"{longitude - dlon:.6f}"), Decimal(f"{longitude + dlon:.6f}")),
    )


def similar_cases(
    *,
    organization: Organization,
    query: str = "",
    category: Category | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> list[SimilarCase]:
    """Up to SIMILAR_LIMIT published cases that may already be what a citizen is writing
    about: open, or registered in the last SIMILAR_RECENT_DAYS. Candidates are the cases
    whose text matches and, given a point, those within NEARBY_METRES (of the category,
    when one is given). Nearby ones come first, then those of the same category, then by
    how well the text matches, the nearest and then the newest first among equals."""
    recent = timezone.now() - timedelta(days=SIMILAR_RECENT_DAYS)
    candidates = published_cases(organization=organization).filter(
        Q(status__stage__in=Stage.open()) | Q(registered_at__gte=recent)
    )
    found: dict[int, Case] = {}
    ranks: dict[int, int] = {}
    if search_terms(query):
        matches = cases_matching(candidates, query, rank=True)
        for position, case in enumerate(matches.order_by("search_rank", "-registered_at")[:20]):
            found[case.pk], ranks[case.pk] = case, position
    distances: dict[int, float] = {}
    if latitude is not None and longitude is not None:
        nearby = _near(candidates, latitude, longitude)
        if category is not None:
            nearby = nearby.filter(category=category)
        for case in [*nearby[:50], *found.values()]:
            if case.latitude is None or case.longitude is None:
                continue
            metres = _metres(latitude, longitude, float(case.latitude), float(case.longitude))
            if metres <= NEARBY_METRES:
                found[case.pk], distances[case.pk] = case, metres

    def order(case: Case):
        return (
            case.pk not in distances,
            category is None or case.category_id != category.pk,
            ranks.get(case.pk, len(ranks)),
            distances.get(case.pk, 0),
            -case.registered_at.timestamp(),
        )

    chosen = sorted(found.values(), key=order)[:SIMILAR_LIMIT]
    return [SimilarCase(case=case, metres=distances.get(case.pk)) for case in chosen]
