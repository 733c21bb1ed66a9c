"""Demo data for case files: a municipality's service catalogue and a year of files.

Volumes and timeliness follow the Stara Zagora sources (seeds 003 and 004): civil status is
the busiest sector and always on time; about 60 % of construction files run late, mostly for
documents the applicant has not brought; the other sectors are mostly on time. Written in
bulk: a year of 8,000 files takes a few seconds.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django_scopes import scope

from civicpulse.casefiles.access_codes import access_code_display, access_code_hash
from civicpulse.casefiles.models import (
    AdministrativeService,
    CaseFile,
    CaseFileCounter,
    CaseFileEvent,
    CaseFileSource,
    CaseFileStatus,
    DelayReason,
)
from civicpulse.casefiles.numbering import casefile_number
from civicpulse.core.models import Department, Organization
from civicpulse.demo.names import person_name
from civicpulse.feedback.models.touchpoints import CODE_ALPHABET

S, R = CaseFileStatus, DelayReason


@dataclass(frozen=True)
class SectorSpec:
    key: str
    name_bg: str
    name_en: str
    on_time: float  # the share done within the term
    late_days: float  # mean days past the term for a late file
    reasons: tuple[tuple[str, float], ...]  # why files are late, with weights


SECTORS = (
    SectorSpec("civil", "Гражданско състояние", "Civil status", 0.985, 2,
               ((R.WORKLOAD, 5), (R.TECHNICAL, 3), (R.MISSING_DOCUMENTS, 2))),
    SectorSpec("building", "Устройство на територията и строителство",
               "Spatial planning and construction", 0.40, 12,
               ((R.MISSING_DOCUMENTS, 80), (R.OTHER_INSTITUTION, 14), (R.WORKLOAD, 6))),
    SectorSpec("taxes", "Местни данъци и такси", "Local taxes and fees", 0.95, 3,
               ((R.WORKLOAD, 5), (R.TECHNICAL, 3), (R.MISSING_DOCUMENTS, 2))),
    SectorSpec("property", "Общинска собственост и стопанска политика",
               "Municipal property and economic policy", 0.85, 8,
               ((R.MISSING_DOCUMENTS, 5), (R.OTHER_INSTITUTION, 3), (R.WORKLOAD, 3), (R.OTHER, 1))),
)  # fmt: skip

# (code, name_bg, name_en, legal term in days, sector, share of the year's files)
SERVICES = (
    ("GS-01", "Удостоверение за наследници", "Certificate of heirs", 7, "civil", 9),
    ("GS-02", "Заверка на адресна карта за настоящ адрес", "Registration of a current address",
     3, "civil", 16),
    ("GS-03", "Удостоверение за постоянен адрес", "Certificate of permanent address", 3,
     "civil", 6),
    ("GS-04", "Удостоверение за семейно положение, съпруг/а и деца",
     "Certificate of marital status, spouse and children", 7, "civil", 5),
    ("GS-05", "Дубликат на удостоверение за раждане", "Duplicate birth certificate", 7, "civil", 4),
    ("UT-01", "Скица на поземлен имот", "Sketch of a land plot", 14, "building", 10),
    ("UT-02", "Виза за проектиране", "Design permit (visa)", 14, "building", 3),
    ("UT-03", "Одобряване на инвестиционен проект", "Approval of an investment project", 30,
     "building", 3),
    ("UT-04", "Разрешение за строеж", "Building permit", 30, "building", 4),
    ("UT-05", "Удостоверение за търпимост на строеж", "Certificate of tolerance of a building",
     30, "building", 2),
    ("MDT-01", "Удостоверение за данъчна оценка", "Certificate of tax assessment", 7, "taxes",
     14),
    ("MDT-02", "Удостоверение за липса на задължения", "Certificate of no outstanding local taxes",
     7, "taxes", 9),
    ("OS-01", "Удостоверение за актуване или неактуване на имот",
     "Certificate of a property's municipal ownership", 14, "property", 3),
    ("OS-02", "Разрешение за поставяне на преместваем обект",
     "Permit for a movable structure", 30, "property", 2),
)  # fmt: skip

MISSING_NOTES = (
    "Липсва нотариален акт за имота.",
    "Липсва пълномощно от всички съсобственици.",
    "Необходима е актуална скица от кадастъра.",
    "Липсва становище от ВиК и ЕВН.",
    "Проектът трябва да бъде допълнен с част „Конструкции“.",
)
REFUSED_SHARE = 0.02
WITHDRAWN_SHARE = 0.01
COLLECTED_AFTER_DAYS = (0, 6)  # from ready to collected


def _sectors(organization) -> dict[str, Department]:
    sectors = {}
    for spec in SECTORS:
        sectors[spec.key], _created = Department.objects.get_or_create(
            organization=organization, name_bg=spec.name_bg, defaults={"name_en": spec.name_en}
        )
    return sectors


def _services(organization, sectors) -> list[tuple[AdministrativeService, SectorSpec, int]]:
    specs = {spec.key: spec for spec in SECTORS}
    made = []
    for code, name_bg, name_en, days, sector, weight in SERVICES:
        service, _created = AdministrativeService.objects.get_or_create(
            organization=organization,
            code=code,
            defaults={"name_bg": name_bg, "name_en": name_en, "days": days,
                      "sector": sectors[sector]},
        )  # fmt: skip
        made.append((service, specs[sector], weight))
    return made


def _working_moment(rng: random.Random, day, zone) -> datetime:
    minutes = rng.randint(8 * 60 + 30, 17 * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)


class _FileMaker:
    def __init__(self, organization, rng, now):
        self.organization = organization
        self.rng = rng
        self.now = now
        self.files: list[CaseFile] = []
        self.events: list[list[tuple]] = []  # per file: (at, status, reason, note)
        self.codes: list[str] = []

    def add(self, service: AdministrativeService, spec: SectorSpec, registered: datetime):
        rng = self.rng
        term = service.term
        due = registered + term
        steps = [(registered, S.SUBMITTED, "", "")]
        late = rng.random() > spec.on_time
        reason = ""
        if late:
            reason = rng.choices(*zip(*spec.reasons, strict=True))[0]
            done = due + timedelta(days=rng.expovariate(1 / spec.late_days) + 0.2)
        else:
            done = registered + term * rng.uniform(0.15, 0.98)
        started = registered + min(timedelta(hours=rng.uniform(1, 30)), (done - registered) / 3)
        outcome = rng.random()
        final = S.REFUSED if outcome < REFUSED_SHARE else S.READY
        withdrawn = REFUSED_SHARE <= outcome < REFUSED_SHARE + WITHDRAWN_SHARE
        if started < self.now:
            steps.append((started, S.IN_PROGRESS, "", ""))
        if reason == R.MISSING_DOCUMENTS:
            asked = started + (min(done, self.now) - started) * rng.uniform(0.1, 0.5)
            if asked < self.now:
                steps.append((asked, S.AWAITING_DOCUMENTS, reason, rng.choice(MISSING_NOTES)))
        completed_at = None
        if withdrawn:
            at = steps[-1][0] + timedelta(days=rng.uniform(0.5, 5))
            if at < self.now:
                steps.append((at, S.WITHDRAWN, "", "Оттеглено по молба на заявителя."))
        elif done < self.now:
            completed_at = done
            steps.append((done, final, reason if late else "", ""))
            collected = done + timedelta(days=rng.uniform(*COLLECTED_AFTER_DAYS))
            if final == S.READY and collected < self.now:
                steps.append((collected, S.COMPLETED, "", ""))
        elif late and reason and due < self.now and not any(s[2] for s in steps):
            # Open past its deadline: the sector has said why.
            steps.append((max(due, steps[-1][0]), steps[-1][1], reason, ""))
        status = steps[-1][1]
        name = person_name(rng)[0] if rng.random() < 0.7 else ""
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
        self.files.append(
            CaseFile(
                organization=self.organization,
                service=service,
                sector=service.sector,
                status=status,
                registered_at=registered,
                due_at=due,
                completed_at=completed_at,
                delay_reason=reason if (late and (completed_at or due < self.now)) else "",
                applicant_name=name,
                source=CaseFileSource.STAFF if rng.random() < 0.8 else CaseFileSource.API,
            )
        )
        self.events.append(steps)
        self.codes.append(code)


def casefiles_demo(
    organization: Organization,
    rng: random.Random,
    now: datetime,
    *,
    files_per_year: int = 8_000,
) -> dict:
    """The catalogue (14 services in four sectors, made if missing) and a year of files up to
    `now`, numbered `<PREFIX>-<YEAR>-F<NNNNN>` in order of registration. Returns counts and a
    few (number, access code) pairs for trying the citizen's status page."""
    zone = ZoneInfo(organization.time_zone)
    with scope(organization=organization), transaction.atomic():
        sectors = _sectors(organization)
        catalogue = _services(organization, sectors)
        weights = [weight for _service, _spec, weight in catalogue]
        per_day = files_per_year / 250  # working days in a year
        maker = _FileMaker(organization, rng, now)
        start = (now - timedelta(days=365)).astimezone(zone).date()
        for offset in range(366):
            day = start + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            # Busier in spring and autumn, quieter in August and around the new year.
            season = {8: 0.6, 12: 0.8, 1: 0.8, 3: 1.15, 4: 1.15, 10: 1.1}.get(day.month, 1.0)
            count = max(0, round(rng.gauss(per_day * season, (per_day * season) ** 0.5)))
            moments = sorted(_working_moment(rng, day, zone) for _ in range(count))
            for moment in moments:
                if moment >= now:
                    break
                service, spec, _weight = rng.choices(catalogue, weights=weights)[0]
                maker.add(service, spec, moment)
        _number(organization, maker.files)
        for case_file, code in zip(maker.files, maker.codes, strict=True):
            case_file.access_code_hash = access_code_hash(
                organization_id=organization.pk, number=case_file.number, code=code
            )
        CaseFile.objects.bulk_create(maker.files, batch_size=1000)
        events = [
            CaseFileEvent(
                organization=organization,
                case_file=case_file,
                at=at,
                status=status,
                delay_reason=reason,
                note=note,
                is_public=True,
            )
            for case_file, steps in zip(maker.files, maker.events, strict=True)
            for at, status, reason, note in steps
        ]
        CaseFileEvent.objects.bulk_create(events, batch_size=2000)
    samples = [
        (case_file.number, access_code_display(code))
        for case_file, code in zip(maker.files, maker.codes, strict=True)
        if case_file.status in S.open()
    ][-3:]
    return {"services": len(catalogue), "files": len(maker.files), "events": len(events),
            "samples": samples}  # fmt: skip


def _number(organization, files: list[CaseFile]) -> None:
    """Numbers in order of registration, continuing the organisation's counters."""
    zone = ZoneInfo(organization.time_zone)
    counters = {c.year: c for c in CaseFileCounter.objects.filter(organization=organization)}
    for case_file in sorted(files, key=lambda f: f.registered_at):
        year = case_file.registered_at.astimezone(zone).year
        counter = counters.get(year) or CaseFileCounter.objects.create(
            organization=organization, year=year
        )
        counters[year] = counter
        counter.last += 1
        case_file.year, case_file.sequence = year, counter.last
        case_file.number = casefile_number(organization.registry_prefix, year, counter.last)
    CaseFileCounter.objects.bulk_update(list(counters.values()), ["last"])
