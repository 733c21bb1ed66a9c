"""Which interventions a member sees, and what they may record one on."""

from django.db.models import Q, QuerySet

from civicpulse.analytics.models import Intervention
from civicpulse.core.models import Area, Membership
from civicpulse.core.scoping import areas_in_scope
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.selectors import touchpoints_visible_to


def intervention_areas(*, membership: Membership) -> QuerySet[Area]:
    """The areas a member may record an intervention on."""
    return areas_in_scope(membership=membership)


def intervention_touchpoints(*, membership: Membership) -> QuerySet[Touchpoint]:
    return touchpoints_visible_to(membership=membership)


def interventions_visible_to(*, membership: Membership) -> QuerySet[Intervention]:
    """The organisation's interventions on touchpoints and areas the member may see."""
    return (
        Intervention.objects.filter(organization_id=membership.organization_id)
        .filter(
            Q(touchpoint__in=intervention_touchpoints(membership=membership))
            | Q(area__in=intervention_areas(membership=membership))
        )
        .select_related("touchpoint", "area", "created_by")
    )
