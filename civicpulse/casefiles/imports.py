"""Case files from a CSV file (the document system's export, or a desk's spreadsheet): read
and checked whole, previewed with each problem by line and column, imported all or nothing.

Idempotent by number: a row whose number is already registered is left as it is, so the
same file (or a daily export that overlaps yesterday's) can be imported again. The columns
are the ones `casefiles_csv` writes, in Bulgarian or English, so an export imports back.
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope

from civicpulse.casefiles.access_codes import access_code_hash, access_code_new
from civicpulse.casefiles.models import (
    AdministrativeService,
    CaseFile,
    CaseFileEvent,
    CaseFileSource,
    CaseFileStatus,
    DelayReason,
)
from civicpulse.casefiles.numbering import EXTERNAL_NUMBER
from civicpulse.casefiles.services import CLOCK_SKEW
from civicpulse.core.csv_tables import (
    FORMULA_STARTS,
    ImportFile,
    Problem,
    csv_file_decode,
    csv_table_read,
    spreadsheet_unquoted,
    text_key,
)
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Department, Organization, User

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
FIELDS = (
    "number", "service", "sector", "status", "registered_at", "due_at", "completed_at",
    "delay_reason", "delay_note", "external_id", "applicant_name", "applicant_email",
)  # fmt: skip
REQUIRED = ("number", "service", "registered_at")
PERSONAL_TEXT = ("applicant_name",)
TEXT_LIMITS = {"delay_note": 1000, "external_id": 100, "applicant_name": 200}
DATE_FORMATS = (
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
)  # fmt: skip


def column_label(name: str) -> str:
    if name == "service":
        return capfirst(_("service code"))
    return capfirst(str(CaseFile._meta.get_field(name).verbose_name))


@functools.cache
def _known_headers() -> dict[str, str]:
    headers = {text_key(name): name for name in FIELDS}
    for language in ("bg", "en"):
        with translation.override(language):
            headers |= {text_key(column_label(name)): name for name in FIELDS}
    return headers


@functools.cache
def _choice_words() -> dict[str, dict[str, str]]:
    words = {"status": {}, "delay_reason": {}}
    for name, choices in (("status", CaseFileStatus), ("delay_reason", DelayReason)):
        words[name] |= {text_key(value): value for value in choices.values}
        for language in ("bg", "en"):
            with translation.override(language):
                words[name] |= {text_key(str(label)): value for value, label in choices.choices}
    return words


def casefile_import_read(*, data: bytes) -> ImportFile:
    """The uploaded bytes as text, refused when they are not a readable table of files."""
    imported = csv_file_decode(data=data, max_bytes=MAX_BYTES)
    _read_table(imported.text)
    return imported


def _read_table(text: str):
    table = csv_table_read(
        text,
        known_headers=_known_headers(),
        max_rows=MAX_ROWS,
        column_label=column_label,
        no_known_column=_(
            "The first line must name the columns, e.g. %(example)s. No known column was found."
        )
        % {"example": ", ".join(column_label(name) for name in REQUIRED)},
    )
    missing = [name for name in REQUIRED if name not in table.fields]
    if missing:
        raise RuleViolation(
            _("The file needs the columns %(columns)s.")
            % {"columns": ", ".join(f"“{column_label(name)}”" for name in missing)}
        )
    return table


@dataclass
class PlannedFile:
    line: int
    values: dict = field(default_factory=dict)


@dataclass
class CaseFileImportPlan:
    new: list[PlannedFile]
    existing: list[int]  # lines whose number is already registered
    errors: list[Problem]
    ignored_columns: list[str]

    @property
    def can_apply(self) -> bool:
        return not self.errors and bool(self.new)


class _CellError(Exception):
    pass


class _Checker:
    def __init__(self, organization: Organization, labels: dict[str, str], now: datetime):
        self.organization = organization
        self.labels = labels
        self.now = now
        self.errors: list[Problem] = []
        self.new: list[PlannedFile] = []
        self.existing: list[int] = []
        self.services = {}
        for service in AdministrativeService.objects.filter(organization=organization):
            self.services[text_key(service.code)] = service
        self.sectors: dict[str, list[Department]] = {}
        for sector in Department.objects.filter(organization=organization):
            for name in {sector.name_bg, sector.name_en} - {""}:
                self.sectors.setdefault(text_key(name), []).append(sector)
        files = CaseFile.objects.filter(organization=organization)
        self.numbers = set(files.values_list("number", flat=True))
        self.external_ids = set(files.exclude(external_id="").values_list("external_id", flat=True))
        self.seen_numbers: dict[str, int] = {}
        self.seen_external_ids: dict[str, int] = {}

    def error(self, line: int, name: str, message: str) -> None:
        self.errors.append(Problem(line, self.labels.get(name, ""), message))

    def check(self, line: int, cells: dict[str, str]) -> None:
        errors_before = len(self.errors)
        values = {}
        for name in FIELDS:
            raw = cells.get(name, "").strip()
            text = " ".join(spreadsheet_unquoted(raw).split())
            try:
                if name in PERSONAL_TEXT and raw.startswith(FORMULA_STARTS):
                    # A formula typed into a name; the export's quoted "'=..." is plain text.
                    raise _CellError(_("A name cannot start with “%(sign)s”.") % {"sign": raw[0]})
                values[name] = getattr(self, f"parse_{name}", self.parse_text)(name, text)
            except _CellError as problem:
                self.error(line, name, str(problem))
        if len(self.errors) > errors_before:
            return
        number = values["number"]
        if number in self.numbers:
            self.existing.append(line)  # idempotent: registered before, left as it is
            return
        if number in self.seen_numbers:
            self.error(
                line,
                "number",
                _("The number is already on line %(line)s.") % {"line": self.seen_numbers[number]},
            )
            return
        self.seen_numbers[number] = line
        external_id = values["external_id"]
        if external_id and (
            external_id in self.external_ids or external_id in self.seen_external_ids
        ):
            self.error(line, "external_id", _("Another file has this document-system id."))
            return
        if external_id:
            self.seen_external_ids[external_id] = line
        if self.check_together(line, values):
            self.new.append(PlannedFile(line, values))

    def check_together(self, line: int, values: dict) -> bool:
        registered, due, completed = (
            values["registered_at"], values["due_at"], values["completed_at"]
        )  # fmt: skip
        status = values["status"] or CaseFileStatus.SUBMITTED
        values["status"] = status
        problems = []
        if due is not None and due < registered:
            problems.append(("due_at", _("The deadline cannot come before registration.")))
        if status in CaseFileStatus.done() and completed is None:
            problems.append(("completed_at", _("A file that is done needs the date it was done.")))
        if status not in CaseFileStatus.done() and completed is not None:
            problems.append(
                (
                    "completed_at",
                    _("Only a file that is ready, completed or refused has this date."),
                )
            )
        if completed is not None and completed < registered:
            problems.append(("completed_at", _("This date comes before registration.")))
        for name, message in problems:
            self.error(line, name, message)
        return not problems

    # ------------------------------------------------------------------ cells

    def parse_text(self, name: str, text: str) -> str:
        limit = TEXT_LIMITS.get(name)
        if limit and len(text) > limit:
            raise _CellError(
                _("Too long: %(length)s characters, at most %(limit)s.")
                % {"length": len(text), "limit": limit}
            )
        return text

    def parse_number(self, name: str, text: str) -> str:
        if not text:
            raise _CellError(_("The file number is missing."))
        if not EXTERNAL_NUMBER.match(text):
            raise _CellError(
                _("Up to 40 letters, digits, dashes, slashes or dots, without spaces.")
            )
        return text

    def parse_service(self, name: str, text: str) -> AdministrativeService:
        if not text:
            raise _CellError(_("The service code is missing."))
        service = self.services.get(text_key(text))
        if service is None:
            raise _CellError(
                _("No service has the code “%(code)s”. Add it to the catalogue first.")
                % {"code": text[:40]}
            )
        return service

    def parse_sector(self, name: str, text: str) -> Department | None:
        if not text:
            return None
        found = self.sectors.get(text_key(text), [])
        if len(found) != 1:
            raise _CellError(
                _("No sector is called “%(name)s”.") % {"name": text[:60]}
                if not found
                else _("Two sectors are called “%(name)s”.") % {"name": text[:60]}
            )
        return found[0]

    def parse_choice(self, name: str, text: str) -> str:
        if not text:
            return ""
        value = _choice_words()[name].get(text_key(text))
        if value is None:
            choices = CaseFileStatus if name == "status" else DelayReason
            raise _CellError(
                _("Write one of: %(choices)s.")
                % {"choices": ", ".join(str(label) for label in choices.labels)}
            )
        return value

    parse_status = parse_delay_reason = parse_choice

    def parse_date(self, name: str, text: str) -> datetime | None:
        if not text:
            if name == "registered_at":
                raise _CellError(_("The registration date is missing."))
            return None
        for format in DATE_FORMATS:
            try:
                moment = datetime.strptime(text.removesuffix(" г.").strip(), format)
            except ValueError:
                continue
            moment = timezone.make_aware(moment)
            if moment > self.now + CLOCK_SKEW:
                raise _CellError(_("This date is in the future."))
            return moment
        raise _CellError(
            _("Write the date as 12.03.2025 or 2025-03-12; a time may follow, e.g. 14:30.")
        )

    parse_registered_at = parse_due_at = parse_completed_at = parse_date

    def parse_applicant_email(self, name: str, text: str) -> str:
        if text:
            try:
                validate_email(text)
            except ValidationError:
                raise _CellError(_("This is not an e-mail address.")) from None
        return text


def casefile_import_plan(
    *, organization: Organization, text: str, now: datetime | None = None
) -> CaseFileImportPlan:
    """What the file would add, with every problem found; nothing is written. Dates without
    a time zone are read in the organisation's."""
    table = _read_table(text)
    with timezone.override(organization.time_zone), scope(organization=organization):
        checker = _Checker(organization, table.labels(), now or timezone.now())
        for line, cells in table.rows:
            named = {
                name: cells[index] if index < len(cells) else ""
                for index, name in enumerate(table.fields)
                if name in FIELDS
            }
            checker.check(line, named)
    return CaseFileImportPlan(
        new=checker.new,
        existing=checker.existing,
        errors=checker.errors,
        ignored_columns=table.ignored_columns(),
    )


def casefile_import_csv(
    *, organization: Organization, text: str, actor: User | None = None
) -> tuple[CaseFileImportPlan, list[tuple[str, str]]]:
    """Registers the file's new rows in one transaction, or nothing when any row is wrong.
    Returns the plan and (number, access code) for each new file, the codes' only showing.

    Rows bring their own state (status, completion, reason for delay): the import records
    it as one step of the history, at the completion time, rather than replaying it."""
    with scope(organization=organization), transaction.atomic():
        plan = casefile_import_plan(organization=organization, text=text)
        if plan.errors:
            raise RuleViolation(
                ngettext(
                    "The file has %(count)s error; nothing was imported.",
                    "The file has %(count)s errors; nothing was imported.",
                    len(plan.errors),
                )
                % {"count": len(plan.errors)}
            )
        codes, files = [], []
        for row in plan.new:
            values = row.values
            code = access_code_new()
            service = values["service"]
            files.append(
                CaseFile(
                    organization=organization,
                    number=values["number"],
                    external_id=values["external_id"],
                    service=service,
                    sector=values["sector"] or service.sector,
                    status=values["status"],
                    registered_at=values["registered_at"],
                    due_at=values["due_at"] or values["registered_at"] + service.term,
                    completed_at=values["completed_at"],
                    delay_reason=values["delay_reason"],
                    delay_note=values["delay_note"],
                    access_code_hash=access_code_hash(
                        organization_id=organization.pk, number=values["number"], code=code
                    ),
                    applicant_name=values["applicant_name"],
                    applicant_email=values["applicant_email"],
                    source=CaseFileSource.IMPORT,
                )
            )
            codes.append((values["number"], code))
        CaseFile.objects.bulk_create(files, batch_size=500)
        # bulk_create gives ids on SQLite and PostgreSQL alike.
        events = []
        for case_file in files:
            events.append(
                _event(case_file, CaseFileStatus.SUBMITTED, case_file.registered_at, actor)
            )
            if case_file.status != CaseFileStatus.SUBMITTED:
                at = case_file.completed_at or case_file.registered_at
                events.append(_event(case_file, case_file.status, at, actor))
        CaseFileEvent.objects.bulk_create(events, batch_size=1000)
    return plan, codes


def _event(case_file: CaseFile, status: str, at: datetime, actor: User | None) -> CaseFileEvent:
    return CaseFileEvent(
        organization_id=case_file.organization_id,
        case_file=case_file,
        at=at,
        status=status,
        actor=actor,
        delay_reason=case_file.delay_reason if status != CaseFileStatus.SUBMITTED else "",
        note=_("Imported from a CSV file."),
        is_public=True,
    )
