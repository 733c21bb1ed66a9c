"""A department head's scope applied to any of the organisation's data."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from civicpulse.core.models import Membership, Role


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
        items = items.filter(reduce(or_, (Q(area__path__startswith=path) for path in area_paths)))
    return items
