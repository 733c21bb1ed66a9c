"""Reading case files: the back office's filtered list, and the citizen's lookup."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from civicpulse.casefiles.models import AdministrativeService, CaseFile, CaseFileStatus
from civicpulse.core.models import Department, Membership, Organization, Role


@dataclass(frozen=True)
class CaseFileFilters:
    service: AdministrativeService | None = None
    sector: Department | None = None
    status: str = ""
    overdue: bool = False
    since: datetime | None = None  # registered at or after
    until: datetime | None = None  # registered before
    number: str = ""  # a part of the number or the document system's id


def casefile_sectors_visible_to(*, membership: Membership) -> list[int] | None:
    """The sectors whose files a department head with a departments scope sees; None for
    everyone else (all files)."""
    if membership.role != Role.DEPARTMENT_HEAD:
        return None
    return list(membership.departments.values_list("pk", flat=True)) or None


def casefile_search(
    *,
    organization: Organization,
    filters: CaseFileFilters,
    sector_ids: list[int] | None = None,
    now: datetime | None = None,
) -> QuerySet[CaseFile]:
    files = CaseFile.objects.filter(organization=organization).select_related("service", "sector")
    if sector_ids is not None:
        files = files.filter(sector_id__in=sector_ids)
    if filters.service is not None:
        files = files.filter(service=filters.service)
    if filters.sector is not None:
        files = files.filter(sector=filters.sector)
    if filters.status:
        files = files.filter(status=filters.status)
    if filters.overdue:
        files = files.filter(status__in=CaseFileStatus.open(), due_at__lt=now or timezone.now())
    if filters.since is not None:
        files = files.filter(registered_at__gte=filters.since)
    if filters.until is not None:
        files = files.filter(registered_at__lt=filters.until)
    if filters.number:
        term = filters.number.strip()
        files = files.filter(number__icontains=term) | files.filter(external_id=term)
    return files.order_by("-registered_at", "-pk")


def administrative_services(*, organization: Organization, active_only: bool = False):
    services = AdministrativeService.objects.filter(organization=organization).select_related(
        "sector"
    )
    return services.filter(is_active=True) if active_only else services


def casefile_existing(*, organization: Organization, number: str, external_id: str):
    """The file a repeated registration means: the one with its document-system id, else the
    one with its number; None for a new file."""
    files = CaseFile.objects.filter(organization=organization).select_related("service", "sector")
    if external_id and (found := files.filter(external_id=external_id).first()):
        return found
    if number:
        return files.filter(number=number.strip()).first()
    return None
