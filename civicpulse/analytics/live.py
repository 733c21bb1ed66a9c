"""What lets an open dashboard notice new figures: a number that grows when responses of
the organisation are folded into the rollups."""

from civicpulse.analytics.models import RollupWatermark
from civicpulse.core.models import Organization
from civicpulse.feedback.models import Response


def live_mark(organization: Organization) -> int:
    """The highest id of the organisation's responses already in the rollups (two indexed
    lookups: the global watermark, then the organisation's latest response below it)."""
    folded = RollupWatermark.objects.filter(pk=1).values_list("last_response_id", flat=True)
    upto = folded.first() or 0
    latest = (
        Response.objects.filter(organization=organization, pk__lte=upto)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest or 0
