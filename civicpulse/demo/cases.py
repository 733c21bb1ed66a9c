"""A year of the demo municipality's signals portal: cases filed, routed, answered, late.

Volumes follow seed 003 (Stara Zagora's registry: 1,256 signals, 79 complaints, 85
proposals and 538 reception-day requests a year) and seed 002 (answers due in 14 days,
extendable, two officers chasing the departments). Each case gets the history it would
have had: filed, registered, routed, assigned, notes, extensions, the answer, the sender's
rating or reopen request, and closing. Written in bulk: a year is a few thousand cases.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from civicpulse.cases.models import (
    AnswerTemplate,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    EventAction,
    Publication,
    RegistryCounter,
    RoutingRule,
    Source,
    Stage,
)
from civicpulse.cases.registry import registry_number
from civicpulse.core.models import Area, AreaKind, Category, Department, Membership, Organization
from civicpulse.core.models import Role as MemberRole
from civicpulse.core.text_search import search_document
from civicpulse.demo.case_topics import (
    EXTENSION_REASONS,
    FORWARD_TO,
    INTERNAL_NOTES,
    REJECTION_REASONS,
    TOPICS,
    Topic,
)
from civicpulse.demo.municipality import MunicipalitySpec
from civicpulse.demo.names import person_name
from civicpulse.feedback.models import Touchpoint, TouchpointKind

PUBLICATION_SHARES = {
    Publication.NAMED: 0.55,
    Publication.ANONYMOUS: 0.33,
    Publication.PRIVATE: 0.12,
}
ENGLISH_SHARE = 0.03
# Departments that run late more often (seed 004: construction files wait for documents).
SLOW_DEPARTMENTS = {"works": 1.5, "mayors": 1.3}
EXTENSION_WHEN_LATE = 0.6
REJECTED_SHARE = 0.03
DUPLICATE_SHARE = 0.03
FORWARDED_SHARE = 0.02
RATED_SHARE = 0.3
REOPEN_SHARE = 0.03
CONFIRMATION_MINUTES = 40  # the mean time a sender takes to open the confirmation link
CLOSE_AFTER_DAYS = 10  # an answered case with no reopen request is closed after this
LINES = ("1", "2", "3", "4", "6", "8", "9", "12", "14", "15", "20", "21", "22", "33")


@dataclass
class _World:
    """What the generator draws from: the organisation's rows, by key."""

    kinds: dict[str, CaseKind]
    statuses: dict[str, CaseStatus]
    departments: dict[str, Department]
    categories: dict[str, Category]
    places: dict[str, list[Touchpoint]]
    districts: list[Area]
    officer: object
    head: object


def _departments(organization: Organization, spec: MunicipalitySpec) -> dict[str, Department]:
    """The organisation's departments by their key in the spec."""
    by_name = {d.name_bg: d for d in Department.objects.filter(organization=organization)}
    return {d.key: by_name[d.name_bg] for d in spec.departments}


def _world(organization: Organization, spec: MunicipalitySpec) -> _World:
    departments = _departments(organization, spec)
    places = defaultdict(list)
    for place in Touchpoint.objects.filter(
        organization=organization, kind=TouchpointKind.PLACE, is_active=True
    ).select_related("category", "area"):
        places[place.category.slug].append(place)
    statuses = {}
    for status in CaseStatus.objects.filter(organization=organization).order_by("-position"):
        statuses[status.stage] = status  # the first of each stage wins
    members = {
        m.role: m.user
        for m in Membership.objects.filter(organization=organization).select_related("user")
    }
    return _World(
        kinds={k.slug: k for k in CaseKind.objects.filter(organization=organization)},
        statuses=statuses,
        departments={topic: departments[key] for topic, key in spec.case_departments.items()},
        categories={c.slug: c for c in Category.objects.filter(organization=organization)},
        places=places,
        districts=list(
            Area.objects.filter(
                organization=organization, kind__in=[AreaKind.DISTRICT, AreaKind.SETTLEMENT]
            )
        ),
        officer=members.get(MemberRole.CASE_OFFICER),
        head=members.get(MemberRole.DEPARTMENT_HEAD),
    )


def demo_case_settings_create(*, organization: Organization, spec: MunicipalitySpec) -> None:
    """Routing rules (a category to its department, then a default) and answer templates."""
    by_key = _departments(organization, spec)
    categories = {c.slug: c for c in Category.objects.filter(organization=organization)}
    rules = [
        RoutingRule(
            organization=organization,
            category=categories[slug],
            department=by_key[key],
            position=n * 10,
        )
        for n, (slug, key) in enumerate(sorted(spec.category_departments.items()), start=1)
        if slug in categories
    ]
    rules.append(
        RoutingRule(organization=organization, department=by_key["services"], position=999)
    )
    RoutingRule.objects.bulk_create(rules)
    AnswerTemplate.objects.bulk_create(
        [
            AnswerTemplate(
                organization=organization,
                name_bg="Възложено за изпълнение",
                name_en="Passed on for repair",
                text_bg="Сигналът Ви е възложен на фирмата по поддръжка. Ще Ви уведомим, когато"
                " работата бъде извършена.",
                text_en="Your signal has been passed to the maintenance contractor. We will let"
                " you know when the work is done.",
            ),
            AnswerTemplate(
                organization=organization,
                name_bg="Извършена проверка",
                name_en="Inspected",
                text_bg="Извършена е проверка на място. Установено е следното: ",
                text_en="The site has been inspected. We found the following: ",
            ),
            AnswerTemplate(
                organization=organization,
                name_bg="Не е от компетентността на общината",
                name_en="Not the municipality's responsibility",
                text_bg="Въпросът не е от компетентността на общината. Сигналът е препратен"
                " по компетентност на: ",
                text_en="This is not the municipality's responsibility. Your signal has been"
                " forwarded to: ",
            ),
        ]
    )


class _CaseWriter:
    """Draws one case and its history at a time; keeps the registry's sequence per year."""

    def __init__(
        self, organization, world: _World, streets: tuple[str, ...], rng: random.Random, now
    ):
        self.organization = organization
        self.streets = streets
        self.last_change: dict[int, datetime] = {}  # id(case) → its last event
        self.filed_at: dict[int, datetime] = {}  # id(case) → when it was filed
        self.world = world
        self.rng = rng
        self.now = now
        self.zone = ZoneInfo(organization.time_zone)
        self.sequences: dict[int, int] = defaultdict(int)
        self.weights = [t.weight for t in TOPICS]
        self.events: list[CaseEvent] = []

    def _event(self, case, at, action, *, public=False, text="", actor=None, data=None):
        self.last_change[id(case)] = max(at, self.last_change.get(id(case), at))
        self.events.append(
            CaseEvent(
                organization=self.organization,
                case=case,
                at=at,
                action=action,
                is_public=public,
                text=text,
                actor=actor,
                data=data or {},
            )
        )

    def _filler(self, place: Touchpoint | None, language: str) -> dict[str, object]:
        """The values a topic's texts are filled with: one street, place… per case."""
        district = self.rng.choice(self.world.districts) if self.world.districts else None

        def name(row):
            return (row.name_en if language == "en" else row.name_bg) if row else ""

        return {
            "street": self.rng.choice(self.streets),
            "number": self.rng.randint(1, 120),
            "place": name(place),
            "district": name(district),
            "line": self.rng.choice(LINES),
        }

    def case(self, filed_at: datetime, registered_at: datetime) -> Case:
        rng, world = self.rng, self.world
        topic: Topic = rng.choices(TOPICS, weights=self.weights)[0]
        places = world.places.get(topic.category or "", [])
        place = rng.choice(places) if topic.where == "place" and places else None
        language = "en" if rng.random() < ENGLISH_SHARE else "bg"
        pick = 1 if language == "en" else 0
        variant = rng.randrange(len(topic.titles))
        description = topic.descriptions[min(variant, len(topic.descriptions) - 1)][pick]
        values = self._filler(place, language)
        name, latin = person_name(rng)
        publication = rng.choices(
            list(PUBLICATION_SHARES), weights=list(PUBLICATION_SHARES.values())
        )[0]
        year = registered_at.astimezone(self.zone).year
        self.sequences[year] += 1
        case = Case(
            organization=self.organization,
            kind=world.kinds[topic.kind],
            category=world.categories.get(topic.category or ""),
            area=place.area if place else None,
            touchpoint=place if place and rng.random() < 0.4 else None,
            latitude=place.latitude if place else None,
            longitude=place.longitude if place else None,
            address=place.address if place else "",
            title=topic.titles[variant][pick].format(**values),
            description=description.format(**values),
            sender_name=name,
            sender_email=f"{latin.lower().replace(' ', '.')}{rng.randint(1, 99)}@mail.example",
            sender_phone=f"+359 8{rng.choice('789')} {rng.randint(1_000_000, 9_999_999)}",
            publication=publication,
            language=language,
            source=Source.STAFF if rng.random() < 0.07 else Source.WEB,
            number=registry_number(self.organization.registry_prefix, year, self.sequences[year]),
            year=year,
            sequence=self.sequences[year],
            registered_at=registered_at,
            due_at=registered_at + timedelta(days=world.kinds[topic.kind].answer_days),
            supporters=int(rng.paretovariate(1.6)) - 1 if topic.kind == "signal" else 0,
        )
        self.filed_at[id(case)] = filed_at
        self._handle(case, topic, variant, language, filed_at)
        case.search_text = search_document(
            case.number, case.published_title, case.published_description, case.published_answer
        )
        return case

    def _handle(
        self, case: Case, topic: Topic, variant: int, language: str, filed_at: datetime
    ) -> None:
        """Routes, assigns and answers the case as far as `now` allows, writing its history."""
        rng, world, now = self.rng, self.world, self.now
        registered_at = case.registered_at
        officer = world.officer
        department = world.departments[topic.department]
        status = world.statuses
        case.status = status[Stage.RECEIVED]
        self._event(case, filed_at, EventAction.FILED)
        self._event(
            case, registered_at, EventAction.REGISTERED, public=True, data={"number": case.number}
        )
        routed_at = registered_at + timedelta(hours=rng.uniform(1, 30))
        if routed_at > now:
            return
        case.department = department
        self._event(
            case,
            routed_at,
            EventAction.ROUTED,
            public=True,
            actor=officer,
            data={"department": department.name},
        )
        if rng.random() < REJECTED_SHARE:
            self._finish(case, Stage.REJECTED, routed_at, rng.choice(REJECTION_REASONS))
            return
        if rng.random() < FORWARDED_SHARE:
            case.forwarded_to = rng.choice(FORWARD_TO)
            self._finish(case, Stage.FORWARDED, routed_at, case.forwarded_to)
            return
        assigned_at = routed_at + timedelta(hours=rng.uniform(2, 48))
        if assigned_at > now:
            return
        # The demo's department head runs education, and handles its cases herself.
        assignee = world.head if topic.department == "education" and world.head else officer
        case.officer = assignee
        case.status = status[Stage.ASSIGNED]
        self._event(case, assigned_at, EventAction.ASSIGNED, actor=officer)
        if rng.random() < 0.3:
            self._event(
                case,
                assigned_at + timedelta(hours=rng.uniform(1, 72)),
                EventAction.NOTE,
                actor=assignee,
                text=rng.choice(INTERNAL_NOTES),
            )
        # Days to answer: log-normal around the topic's typical time, slower departments more.
        typical = topic.answer_days * SLOW_DEPARTMENTS.get(topic.department, 1.0)
        days = rng.lognormvariate(math.log(typical), 0.45)
        # Officers extend most of the cases they see running late (seed 002: extendable).
        if days > case.kind.answer_days - 1 and rng.random() < EXTENSION_WHEN_LATE:
            extended_at = registered_at + timedelta(days=case.kind.answer_days - 2)
            if extended_at <= now:
                old_due = case.due_at
                case.due_at = old_due + timedelta(days=14)
                self._event(
                    case,
                    extended_at,
                    EventAction.EXTENDED,
                    public=True,
                    actor=assignee,
                    text=rng.choice(EXTENSION_REASONS),
                    data={"from": old_due.isoformat(), "to": case.due_at.isoformat()},
                )
        answered_at = registered_at + timedelta(days=days)
        if answered_at > now:
            if assigned_at + timedelta(days=1) < now:
                case.status = status[Stage.IN_PROGRESS]
            return
        if rng.random() < DUPLICATE_SHARE:
            self._finish(case, Stage.DUPLICATE, answered_at, "")
            return
        answer = topic.answers[min(variant, len(topic.answers) - 1)][1 if language == "en" else 0]
        case.answer, case.answered_at = answer, answered_at
        case.status = status[Stage.ANSWERED]
        self._event(
            case, answered_at, EventAction.ANSWERED, public=True, actor=assignee, text=answer
        )
        if rng.random() < RATED_SHARE:
            case.answer_rating = rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 2, 4, 4))[0]
            self._event(
                case,
                answered_at + timedelta(hours=rng.uniform(1, 48)),
                EventAction.RATED,
                public=True,
                data={"rating": case.answer_rating},
            )
        if rng.random() < REOPEN_SHARE:
            case.reopen_requested_at = answered_at + timedelta(days=rng.uniform(1, 5))
            if case.reopen_requested_at <= now:
                self._event(
                    case,
                    case.reopen_requested_at,
                    EventAction.REOPEN_REQUESTED,
                    public=True,
                    text="Проблемът все още не е решен.",
                )
                return
            case.reopen_requested_at = None
        closed_at = answered_at + timedelta(days=CLOSE_AFTER_DAYS)
        if closed_at <= now:
            self._finish(case, Stage.CLOSED, closed_at, "")

    def _finish(self, case: Case, stage: str, at: datetime, text: str) -> None:
        case.status = self.world.statuses[stage]
        case.closed_at = at
        if stage == Stage.DUPLICATE:
            case.answered_at = at
        self._event(
            case,
            at,
            EventAction.STATUS,
            public=True,
            actor=self.world.officer,
            text=text,
            data={"status": case.status.name_bg, "stage": stage},
        )


def _filing_times(rng: random.Random, count: int, now: datetime, days: int) -> list[datetime]:
    """When the year's cases were filed: more on working days and in the day, more in spring
    and autumn, when the works season starts and ends."""
    times = []
    while len(times) < count:
        at = now - timedelta(days=rng.uniform(0, days))
        weekday_weight = 0.6 if at.weekday() >= 5 else 1.0
        season = 1.0 + 0.25 * math.sin((at.timetuple().tm_yday - 60) / 365 * 2 * math.pi)
        if rng.random() < weekday_weight * season / 1.25:
            times.append(at.replace(hour=rng.choice(range(7, 23)), minute=rng.randrange(60)))
    return sorted(t for t in times if t < now)


@transaction.atomic
def demo_cases_create(
    *,
    organization: Organization,
    spec: MunicipalitySpec,
    total: int,
    rng: random.Random,
    now: datetime | None = None,
    days: int = 365,
) -> int:
    """`total` cases over the last `days`, numbered in order; returns how many were made."""
    now = now or timezone.now()
    with scope(organization=organization):
        demo_case_settings_create(organization=organization, spec=spec)
        spec_world = _world(organization, spec)
        writer = _CaseWriter(organization, spec_world, spec.streets, rng, now)
        # Numbers follow the order of registration, which confirmation delays can change.
        times = [
            (filed, filed + timedelta(minutes=rng.expovariate(1 / CONFIRMATION_MINUTES)))
            for filed in _filing_times(rng, total, now, days)
        ]
        times.sort(key=lambda pair: pair[1])
        cases = [writer.case(filed, registered) for filed, registered in times if registered < now]
        _moderate_some(cases, rng)
        Case.objects.bulk_create(cases, batch_size=500)
        CaseEvent.objects.bulk_create(writer.events, batch_size=2000)
        RegistryCounter.objects.bulk_create(
            RegistryCounter(organization=organization, year=year, last=last)
            for year, last in writer.sequences.items()
        )
        # auto_now_add and auto_now overwrote the dates bulk_create was given.
        for case in cases:
            case.created_at = writer.filed_at[id(case)]
            case.updated_at = writer.last_change[id(case)]
        _mark_duplicates(cases)
        Case.objects.bulk_update(
            cases, ["created_at", "updated_at", "duplicate_of"], batch_size=500
        )
    return len(cases)


def _mark_duplicates(cases: list[Case]) -> None:
    """A duplicate repeats the last earlier case of the same kind and department."""
    earlier: dict[tuple, Case] = {}
    for case in cases:
        key = (case.kind_id, case.department_id)
        if case.status.stage == Stage.DUPLICATE:
            case.duplicate_of = earlier.get(key)
        else:
            earlier[key] = case


def _moderate_some(cases: list[Case], rng: random.Random) -> None:
    """A few published cases had a phone number or a neighbour's name taken out."""
    for case in cases:
        if case.publication != Publication.PRIVATE and rng.random() < 0.01:
            case.redacted_description = case.description.split(".")[0] + ". [...]"
        elif rng.random() < 0.004:
            case.is_hidden = True
