"""Reads for the employees page: the rated employees a member may see, with their counts."""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from civicpulse.core.models import Department, Membership
from civicpulse.feedback.models import Touchpoint, TouchpointKind
from civicpulse.feedback.results import employee_results_shown_condition
from civicpulse.feedback.selectors import touchpoints_visible_to


@dataclass(frozen=True)
class EmployeeFilters:
    department: Department | None = None
    place: Touchpoint | None = None
    is_active: bool | None = None
    text: str = ""


def employee_search(*, membership: Membership, filters: EmployeeFilters) -> QuerySet[Touchpoint]:
    """Employees within the member's scope, each with `response_count` (flagged ones left
    out) and `results_shown` (whether the count reaches the organisation's threshold)."""
    employees = (
        touchpoints_visible_to(membership=membership)
        .filter(kind=TouchpointKind.EMPLOYEE)
        .annotate(response_count=Count("responses", filter=Q(responses__is_flagged=False)))
        # Fetched apart: joined, their columns would widen the GROUP BY over every response.
        .prefetch_related("department", "place")
        .annotate(
            results_shown=ExpressionWrapper(
                employee_results_shown_condition(
                    organization=membership.organization, count_field="response_count"
                ),
                output_field=BooleanField(),
            )
        )
    )
    if filters.department is not None:
        employees = employees.filter(department=filters.department)
    if filters.place is not None:
        employees = employees.filter(place=filters.place)
    if filters.is_active is not None:
        employees = employees.filter(is_active=filters.is_active)
    if text := filters.text.strip():
        employees = employees.filter(
            Q(name_bg__icontains=text)
            | Q(name_en__icontains=text)
            | Q(job_title_bg__icontains=text)
            | Q(job_title_en__icontains=text)
            | Q(code__icontains=text)
        )
    return employees.order_by("name_bg", "pk")


def workplaces(*, organization) -> QuerySet[Touchpoint]:
    """Places where at least one employee works, for the list's filter."""
    return Touchpoint.objects.filter(
        organization=organization,
        kind=TouchpointKind.PLACE,
        pk__in=Touchpoint.objects.filter(
            organization=organization, kind=TouchpointKind.EMPLOYEE, place__isnull=False
        ).values("place"),
    ).order_by("name_bg", "pk")
