"""A department head's scope applied to any of the organisation's data."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from civicpulse.core.models import Area, Membership, Role


def narrowed_to_scope(items: QuerySet, *, membership: Membership) -> QuerySet:
    """`items` (each with department, category and area) as a department head may see them.

    Each non-empty list of the scope (departments, categories, areas) must match, and the
    lists combine with AND; an area stands for its whole subtree. Other roles see them all.
    """
    if membership.role != Role.DEPARTMENT_HEAD:
        return items
    department_ids = list(membership.departments.values_list("pk", flat=True))
    category_ids = list(membership.categories.values_list("pk", flat=True))
    area_paths = list(membership.areas.values_list("path", flat=True))
    if department_ids:
        items = items.filter(department_id__in=department_ids)
    if category_ids:
        items = items.filter(category_id__in=category_ids)
    if area_paths:
        items = items.filter(within_areas(area_paths, field="area__path"))
    return items


def within_areas(paths: list[str], *, field: str = "path") -> Q:
    """Rows whose area (`field`, an Area.path) lies in one of these areas' subtrees."""
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def areas_in_scope(*, membership: Membership) -> QuerySet:
    """The organisation's areas, a department head limited to areas kept to their subtrees."""
    areas = Area.objects.filter(organization_id=membership.organization_id)
    if membership.role != Role.DEPARTMENT_HEAD:
        return areas
    paths = list(membership.areas.values_list("path", flat=True))
    return areas.filter(within_areas(paths)) if paths else areas
