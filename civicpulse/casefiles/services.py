"""Writing case files: registering one, changing its status, a new access code, the catalogue.

Every function checks its own rules and raises RuleViolation(message, field=...) for bad
input, whoever calls it: a back-office form, the CSV import or the API.
"""

import re
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicpulse.casefiles.access_codes import access_code_hash, access_code_new
from civicpulse.casefiles.models import (
    AdministrativeService,
    CaseFile,
    CaseFileEvent,
    CaseFileSource,
    CaseFileStatus,
    DelayReason,
)
from civicpulse.casefiles.numbering import EXTERNAL_NUMBER, casefile_number_next
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import ApiClient, Department, Organization, User

S = CaseFileStatus
# Where a file may go from each status. Done files only move on to collection; refused
# and withdrawn files are final.
NEXT_STATUSES: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset(S) - {S.SUBMITTED},
    S.IN_PROGRESS: frozenset(S) - {S.SUBMITTED, S.IN_PROGRESS},
    S.AWAITING_DOCUMENTS: frozenset(S) - {S.SUBMITTED, S.AWAITING_DOCUMENTS},
    S.READY: frozenset({S.COMPLETED, S.WITHDRAWN}),
    S.COMPLETED: frozenset(),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
CLOCK_SKEW = timedelta(minutes=5)  # a document system's clock may run a little ahead
MAX_NOTE = 1000
MAX_EXTERNAL_ID = 100


def casefile_status_choices(case_file: CaseFile) -> list[tuple[str, str]]:
    """The statuses the file may move to, in the catalogue's order."""
    allowed = NEXT_STATUSES[case_file.status]
    return [(value, label) for value, label in S.choices if value in allowed]


def _own_number_pattern(organization: Organization) -> re.Pattern:
    return re.compile(rf"^{re.escape(organization.registry_prefix)}-\d{{4}}-F\d+$")


def _checked_number(organization: Organization, number: str) -> str:
    number = (number or "").strip()
    if not EXTERNAL_NUMBER.match(number):
        raise RuleViolation(
            _(
                "A file number has up to 40 letters, digits, dashes, slashes or dots, "
                "and no spaces."
            ),
            field="number",
        )
    if _own_number_pattern(organization).match(number):
        # Ours are given by the counter; taking one by hand would later collide.
        raise RuleViolation(
            _("Numbers like %(number)s are given by civicpulse itself; leave the number empty.")
            % {"number": number},
            field="number",
        )
    return number


def _checked_text(value: str, *, field: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise RuleViolation(
            _("Write at most %(limit)s characters.") % {"limit": limit}, field=field
        )
    return value


def _checked_time(value: datetime | None, *, field: str, now: datetime) -> datetime:
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        raise RuleViolation(_("This time is in the future."), field=field)
    return value


def _checked_service(organization, service, *, allow_inactive: bool) -> AdministrativeService:
    if service is None or service.organization_id != organization.pk:
        raise RuleViolation(_("Choose a service of this organisation."), field="service")
    if not service.is_active and not allow_inactive:
        raise RuleViolation(_("This service is no longer offered."), field="service")
    return service


def casefile_register(
    *,
    organization: Organization,
    service: AdministrativeService,
    number: str = "",
    external_id: str = "",
    sector: Department | None = None,
    registered_at: datetime | None = None,
    due_at: datetime | None = None,
    applicant_name: str = "",
    applicant_email: str = "",
    source: str = CaseFileSource.STAFF,
    actor: User | None = None,
    client: ApiClient | None = None,
    allow_inactive_service: bool = False,
    now: datetime | None = None,
) -> tuple[CaseFile, str]:
    """Registers a file and returns it with its access code, which is never shown again.

    Without a number it gets the next `<PREFIX>-<YEAR>-F<NNNNN>`; with one (the document
    system's), that number must be new in the organisation, as must the external id. The
    sector is the service's unless given; the deadline is registration plus the service's
    days unless given, and never before registration.
    """
    now = now or timezone.now()
    service = _checked_service(organization, service, allow_inactive=allow_inactive_service)
    registered_at = _checked_time(registered_at, field="registered_at", now=now)
    sector = sector or service.sector
    if sector is not None and sector.organization_id != organization.pk:
        raise RuleViolation(_("Choose a sector of this organisation."), field="sector")
    if due_at is None:
        due_at = registered_at + service.term
    elif due_at < registered_at:
        raise RuleViolation(_("The deadline cannot come before registration."), field="due_at")
    external_id = _checked_text(external_id, field="external_id", limit=MAX_EXTERNAL_ID)
    applicant_name = _checked_text(applicant_name, field="applicant_name", limit=200)
    applicant_email = _checked_text(applicant_email, field="applicant_email", limit=254)
    number = _checked_number(organization, number) if number else ""
    code = access_code_new()
    try:
        with transaction.atomic():
            year = sequence = None
            if not number:
                number, year, sequence = casefile_number_next(
                    organization=organization, at=registered_at
                )
            elif CaseFile.objects.filter(organization=organization, number=number).exists():
                raise RuleViolation(
                    _("A file with the number %(number)s is already registered.")
                    % {"number": number},
                    field="number",
                )
            if (
                external_id
                and CaseFile.objects.filter(
                    organization=organization, external_id=external_id
                ).exists()
            ):
                raise RuleViolation(
                    _("A file with this document-system id is already registered."),
                    field="external_id",
                )
            case_file = CaseFile.objects.create(
                organization=organization,
                number=number,
                year=year,
                sequence=sequence,
                external_id=external_id,
                service=service,
                sector=sector,
                status=S.SUBMITTED,
                registered_at=registered_at,
                due_at=due_at,
                access_code_hash=access_code_hash(
                    organization_id=organization.pk, number=number, code=code
                ),
                applicant_name=applicant_name,
                applicant_email=applicant_email,
                source=source,
                client=client,
            )
            CaseFileEvent.objects.create(
                organization=organization,
                case_file=case_file,
                at=registered_at,
                status=S.SUBMITTED,
                actor=actor,
                client=client,
                is_public=True,
            )
    except IntegrityError:
        # Another request registered the same number or id between our check and insert.
        raise RuleViolation(
            _("A file with the number %(number)s is already registered.") % {"number": number},
            field="number",
        ) from None
    return case_file, code


def casefile_set_status(
    *,
    case_file: CaseFile,
    status: str,
    actor: User | None = None,
    client: ApiClient | None = None,
    note: str = "",
    delay_reason: str = "",
    delay_note: str | None = None,
    is_public: bool = True,
    at: datetime | None = None,
) -> CaseFile:
    """Moves the file to `status` (one NEXT_STATUSES allows) and adds it to the history.

    The same status again only records a note or a reason for delay. Reaching a done status
    (ready, completed, refused) stamps the completion time once. A file done after its
    deadline needs a reason for the delay; waiting for the applicant's documents records
    that reason unless another is given.
    """
    now = timezone.now()
    at = _checked_time(at, field="at", now=now)
    note = _checked_text(note, field="note", limit=MAX_NOTE)
    if status not in S.values:
        raise RuleViolation(_("Choose one of the statuses offered."), field="status")
    if delay_reason and delay_reason not in DelayReason.values:
        raise RuleViolation(_("Choose one of the reasons offered."), field="delay_reason")
    with transaction.atomic():
        locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        same = status == locked.status
        if same and not (note or delay_reason or delay_note):
            raise RuleViolation(
                _("The file is already “%(status)s”.") % {"status": locked.get_status_display()},
                field="status",
            )
        if not same and status not in NEXT_STATUSES[locked.status]:
            raise RuleViolation(
                _("A file that is “%(current)s” cannot become “%(status)s”.")
                % {"current": locked.get_status_display(), "status": S(status).label},
                field="status",
            )
        last = locked.events.order_by("-at", "-pk").values_list("at", flat=True).first()
        if at < (last or locked.registered_at):
            raise RuleViolation(_("This time comes before the file's last change."), field="at")
        if status == S.AWAITING_DOCUMENTS and not delay_reason and not locked.delay_reason:
            delay_reason = DelayReason.MISSING_DOCUMENTS
        reason = delay_reason or locked.delay_reason
        if status in S.done() and locked.completed_at is None:
            if at > locked.due_at and not reason:
                raise RuleViolation(
                    _("The file is done after its deadline: give the reason for the delay."),
                    field="delay_reason",
                )
            locked.completed_at = at
        locked.status = status
        locked.delay_reason = reason
        if delay_note is not None:
            locked.delay_note = _checked_text(delay_note, field="delay_note", limit=MAX_NOTE)
        locked.save(
            update_fields=["status", "completed_at", "delay_reason", "delay_note", "updated_at"]
        )
        CaseFileEvent.objects.create(
            organization=locked.organization,
            case_file=locked,
            at=at,
            status=status,
            actor=actor,
            client=client,
            delay_reason=delay_reason,
            note=note,
            is_public=is_public,
        )
    return locked


def casefile_access_code_renew(
    *, case_file: CaseFile, actor: User | None = None, client: ApiClient | None = None
) -> str:
    """A new access code for an applicant who lost theirs; the old one stops working."""
    code = access_code_new()
    with transaction.atomic():
        CaseFile.objects.filter(pk=case_file.pk).update(
            access_code_hash=access_code_hash(
                organization_id=case_file.organization_id, number=case_file.number, code=code
            ),
            updated_at=timezone.now(),
        )
        CaseFileEvent.objects.create(
            organization_id=case_file.organization_id,
            case_file=case_file,
            at=timezone.now(),
            status=case_file.status,
            actor=actor,
            client=client,
            note=_("A new access code was issued."),
            is_public=False,
        )
    case_file.refresh_from_db()
    return code


def administrative_service_save(*, service: AdministrativeService) -> AdministrativeService:
    """Saves a catalogue entry; its code must be new in the organisation and its sector its own."""
    clash = AdministrativeService.objects.filter(
        organization=service.organization, code__iexact=service.code
    ).exclude(pk=service.pk)
    if clash.exists():
        raise RuleViolation(_("Another service has this code."), field="code")
    if service.sector is not None and service.sector.organization_id != service.organization_id:
        raise RuleViolation(_("Choose a sector of this organisation."), field="sector")
    service.save()
    return service
