"""Which cases a member of staff may see."""

from django.db.models import QuerySet

from civicpulse.cases.models import Case
from civicpulse.core.models import Membership
from civicpulse.core.scoping import narrowed_to_scope


def cases_visible_to(*, membership: Membership) -> QuerySet[Case]:
    """The organisation's cases, narrowed by a department head's scope."""
    cases = Case.objects.filter(organization_id=membership.organization_id)
    return narrowed_to_scope(cases, membership=membership)
