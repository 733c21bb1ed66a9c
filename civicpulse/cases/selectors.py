"""Reading cases for the back office: what a member may see, the officers' queues and filters.

A department head sees only the cases within their scope, as with touchpoints
(civicpulse.core.scoping.narrowed_to_scope). Unconfirmed drafts are not cases yet: the
back office never lists them.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicpulse.cases.models import Case, CaseKind, CaseStatus, RoutingRule, Stage
from civicpulse.core.models import Area, Category, Department, Membership, User
from civicpulse.core.permissions import PERMISSIONS
from civicpulse.core.scoping import narrowed_to_scope

DUE_SOON_DAYS = 3  # "due soon": the deadline falls within this many days


def cases_visible_to(*, membership: Membership) -> QuerySet[Case]:
    """The organisation's registered cases, narrowed by a department head's scope."""
    return cases_in_scope_of(membership=membership).filter(registered_at__isnull=False)


def cases_in_scope_of(*, membership: Membership) -> QuerySet[Case]:
    """The organisation's cases, drafts too, narrowed by a department head's scope."""
    cases = Case.objects.filter(organization_id=membership.organization_id)
    return narrowed_to_scope(cases, membership=membership)


def case_is_in_scope_of(*, membership: Membership, case: Case) -> bool:
    return cases_in_scope_of(membership=membership).filter(pk=case.pk).exists()


def _open() -> Q:
    return Q(status__stage__in=Stage.open())


# The queues an officer works through, in the order of the tabs: (key, label, condition).
# A condition is a function (membership, now) → Q.
QUEUES = (
    (
        "triage",
        _("To triage"),
        lambda m, now: Q(status__stage=Stage.RECEIVED, department__isnull=True),
    ),
    ("mine", _("Mine"), lambda m, now: _open() & Q(officer_id=m.user_id)),
    (
        "departments",
        _("My departments"),
        lambda m, now: _open() & Q(department__in=m.departments.all()),
    ),
    (
        "due_soon",
        _("Due soon"),
        lambda m, now: _open() & Q(due_at__gte=now, due_at__lt=now + timedelta(DUE_SOON_DAYS)),
    ),
    ("overdue", _("Overdue"), lambda m, now: _open() & Q(due_at__lt=now)),
    ("reopen", _("Reopen requests"), lambda m, now: Q(reopen_requested_at__isnull=False)),
    ("all", _("All"), lambda m, now: Q()),
)
QUEUE_KEYS = tuple(key for key, _label, _condition in QUEUES)


def queues_for(membership: Membership) -> list[tuple[str, str]]:
    """The tabs this member has: "my departments" only for one who has departments."""
    has_departments = membership.departments.exists()
    return [
        (key, label) for key, label, _condition in QUEUES if key != "departments" or has_departments
    ]


def queue_counts(*, membership: Membership, now: datetime) -> dict[str, int]:
    """How many visible cases each queue holds, counted in one query."""
    counts = cases_visible_to(membership=membership).aggregate(
        **{key: Count("pk", filter=condition(membership, now)) for key, _label, condition in QUEUES}
    )
    return {key: counts[key] or 0 for key in QUEUE_KEYS}


class Sort:
    """The list's orders: a key in the query string → the columns, soonest deadline first."""

    CHOICES = (
        ("due", _("Deadline, soonest first")),
        ("-registered", _("Newest first")),
        ("registered", _("Oldest first")),
        ("number", _("Registry number")),
        ("-updated", _("Last changed")),
    )
    ORDER = {
        "due": ("due_at", "pk"),
        "-registered": ("-registered_at", "-pk"),
        "registered": ("registered_at", "pk"),
        "number": ("year", "sequence"),
        "-updated": ("-updated_at", "-pk"),
    }
    DEFAULT = "due"


@dataclass(frozen=True)
class CaseFilters:
    queue: str = "all"
    kind: CaseKind | None = None
    category: Category | None = None
    area: Area | None = None
    status: CaseStatus | None = None
    department: Department | None = None
    officer: User | None = None
    registered_from: date | None = None
    registered_until: date | None = None
    text: str = ""  # a registry number, or words of the subject or description
    sort: str = Sort.DEFAULT


def _day_start(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def case_search(
    *, membership: Membership, filters: CaseFilters, now: datetime | None = None
) -> QuerySet[Case]:
    """The visible cases of one queue that match the filters, with what a row shows."""
    now = now or timezone.now()
    conditions = {key: condition for key, _label, condition in QUEUES}
    condition = conditions.get(filters.queue, conditions["all"])
    cases = (
        cases_visible_to(membership=membership)
        .filter(condition(membership, now))
        .select_related("kind", "status", "department", "officer")
    )
    exact = {
        "kind": filters.kind,
        "category": filters.category,
        "status": filters.status,
        "department": filters.department,
        "officer": filters.officer,
    }
    cases = cases.filter(**{field: value for field, value in exact.items() if value is not None})
    if filters.area is not None:
        cases = cases.filter(area__path__startswith=filters.area.path)
    zone = membership.organization.time_zone
    if filters.registered_from:
        cases = cases.filter(registered_at__gte=_day_start(filters.registered_from, zone))
    if filters.registered_until:
        next_day = filters.registered_until + timedelta(days=1)
        cases = cases.filter(registered_at__lt=_day_start(next_day, zone))
    text = filters.text.strip()
    if text:
        cases = cases.filter(
            Q(number__iexact=text) | Q(title__icontains=text) | Q(description__icontains=text)
        )
    return cases.order_by(*Sort.ORDER.get(filters.sort, Sort.ORDER[Sort.DEFAULT]))


def routing_rules_matching(case: Case) -> QuerySet[RoutingRule]:
    """The rules whose every condition the case meets (an empty condition matches anything)."""
    rules = RoutingRule.objects.filter(
        organization_id=case.organization_id, department__is_active=True
    ).select_related("department")
    rules = rules.filter(Q(kind__isnull=True) | Q(kind_id=case.kind_id))
    rules = rules.filter(Q(category__isnull=True) | Q(category_id=case.category_id))
    if case.area_id is None:
        return rules.filter(area__isnull=True)
    # The case's area and every area above it: the ids in its path.
    area_ids = [int(pk) for pk in case.area.path.strip("/").split("/") if pk]
    return rules.filter(Q(area__isnull=True) | Q(area_id__in=area_ids))


def handling_officers(*, organization_id: int) -> QuerySet[User]:
    """The members who may be given cases: the roles that handle them."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization_id=organization_id,
            memberships__role__in=PERMISSIONS["cases.handle"],
        )
        .distinct()
        .order_by("full_name", "email")
    )
