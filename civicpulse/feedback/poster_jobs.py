"""Printing many posters at once: which touchpoints, and the background job that builds
their one PDF into storage."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civicpulse.core.jobs import JobContext, job
from civicpulse.core.models import Area, Organization
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.posters import posters_pdf

PROGRESS_EVERY = 25  # posters between two progress writes


def touchpoints_to_print(
    *,
    organization: Organization,
    area_id: int | None = None,
    category_id: int | None = None,
    kind: str = "",
) -> QuerySet[Touchpoint]:
    """The organisation's active touchpoints, narrowed to an area with its subtree, a
    category and a kind, in a stable order for the printer."""
    touchpoints = Touchpoint.objects.filter(organization=organization, is_active=True)
    if area_id:
        area = Area.objects.get(organization=organization, pk=area_id)
        touchpoints = touchpoints.filter(area__path__startswith=area.path)
    if category_id:
        touchpoints = touchpoints.filter(category_id=category_id)
    if kind:
        touchpoints = touchpoints.filter(kind=kind)
    return touchpoints.order_by("name_bg", "pk")


@job(title=_("Print posters"))
def print_posters(
    context: JobContext,
    *,
    poster_format: str,
    area_id: int | None = None,
    category_id: int | None = None,
    kind: str = "",
) -> dict:
    organization = context.organization
    touchpoints = list(
        touchpoints_to_print(
            organization=organization, area_id=area_id, category_id=category_id, kind=kind
        )
    )
    total = len(touchpoints)
    context.progress(0, total)

    def report(done: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            context.progress(done, total)

    pdf = posters_pdf(
        touchpoints, organization=organization, poster_format=poster_format, on_progress=report
    )
    path = default_storage.save(
        f"posters/{organization.slug}/{context.job.pk}.pdf", ContentFile(pdf)
    )
    return {"path": path, "count": total}
