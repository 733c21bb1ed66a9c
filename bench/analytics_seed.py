"""An organisation with millions of responses for the dashboard bench, written by the database.

Into an empty, migrated database: a municipality made by the demo's own services (default
categories and questionnaires, settlements, departments, places with coordinates,
employees), a leader and a department head (scope: a few settlements), then the responses
of bench/analytics_plan.py. Python sends only the plan (a row per place and day); the
database expands it into response rows itself, with generate_series on PostgreSQL and a
join against a table of numbers on SQLite, drawing channel, language, hour and score per
row with its own random(), in one transaction with the secondary indexes built afterwards
(bench/bulk_indexes.py). Ids are one contiguous block, so the rollups' watermark sees no
gaps; `rollups_rebuild` then sums everything once. Measured at 10 million on the shared
2-core machine: 200 s on SQLite, 98 s on PostgreSQL (rollups_rebuild: 417 s and 170 s).
"""

import random
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from bench.analytics_plan import ENGLISH_SHARE, LOOKUP_LENGTH, Place, Plan, hour_lookups, plan_draw
from bench.bulk_indexes import secondary_indexes_set_aside
from civicpulse.analytics.models import (
    DailyRollup,
    MonthlyRollup,
    QuestionDailyRollup,
    RollupWatermark,
)
from civicpulse.analytics.rollups import rollups_fold, rollups_rebuild
from civicpulse.core.models import (
    Area,
    AreaKind,
    Category,
    Membership,
    Organization,
    Role,
    User,
)
from civicpulse.demo.bulk import bulk_load, sequences_reset
from civicpulse.demo.stara_zagora import STARA_ZAGORA
from civicpulse.demo.structure import demo_municipality_create
from civicpulse.feedback.abuse import FlagReason
from civicpulse.feedback.models import Answer, QuestionKind, Response, Touchpoint
from civicpulse.feedback.responses import current_version_for

SLUG = "bench-analytics"
PASSWORD = "bench-analytics-password"  # noqa: S105 -- a throwaway database's log-in
SETTLEMENTS = 30
HEAD_SETTLEMENTS = 4
RATING_KINDS = (QuestionKind.STARS, QuestionKind.SMILEYS)

# The temporary tables the expansion reads: the plan's cells, the hour lookups, the rated
# places' questions, and (SQLite) the numbers 1..the largest cell.
TEMPORARY_TABLES = (
    "CREATE TEMPORARY TABLE bench_cell (first_id bigint, n integer, touchpoint_id bigint,"
    " version_id bigint, day_start bigint, hours integer, mean real, spread real, kiosk real)",
    "CREATE TEMPORARY TABLE bench_rated (touchpoint_id bigint, question_id bigint, weight real)",
    "CREATE TEMPORARY TABLE bench_commented (touchpoint_id bigint, question_id bigint)",
)
# The hours: an array on PostgreSQL (substr() walks a text's characters one by one, which
# cost more than the rest of the row), a string of 'A' + hour on SQLite (no arrays).
HOURS_POSTGRESQL = "CREATE TEMPORARY TABLE bench_hours (id integer PRIMARY KEY, lookup smallint[])"
HOURS_SQLITE = "CREATE TEMPORARY TABLE bench_hours (id integer PRIMARY KEY, lookup text)"
NUMBERS_SQLITE = (
    "CREATE TEMPORARY TABLE bench_number (i integer PRIMARY KEY)",
    "INSERT INTO bench_number (i) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
    " SELECT i + 1 FROM n WHERE i < %s) SELECT i FROM n",
)
# A uniform number in [0, 1) per call: random() is a float on PostgreSQL, a signed 64-bit
# integer on SQLite. Spelled out in each statement below so none is built from pieces.
RESPONSES_POSTGRESQL = """
INSERT INTO feedback_response
    (id, organization_id, touchpoint_id, version_id, channel, language, submitted_at, score,
     photo)
SELECT c.first_id + g.i - 1, %s, c.touchpoint_id, c.version_id,
    CASE WHEN random() < c.kiosk THEN 'kiosk' ELSE 'qr' END,
    CASE WHEN random() < %s THEN 'en' ELSE 'bg' END,
    to_timestamp(c.day_start
        + 3600 * h.lookup[1 + floor(random() * %s)::integer]
        + floor(random() * 3600)),
    greatest(0, least(10, round(c.mean
        + c.spread * 1.732 * (random() + random() + random() + random() - 2.0))))::smallint,
    ''
FROM bench_cell c
JOIN bench_hours h ON h.id = c.hours
CROSS JOIN LATERAL generate_series(1, c.n) AS g(i)
"""
RESPONSES_SQLITE = """
INSERT INTO feedback_response
    (id, organization_id, touchpoint_id, version_id, channel, language, submitted_at, score,
     photo)
SELECT c.first_id + g.i - 1, %s, c.touchpoint_id, c.version_id,
    CASE WHEN ((random() % 1000000) + 1000000) % 1000000 < c.kiosk * 1000000
        THEN 'kiosk' ELSE 'qr' END,
    CASE WHEN ((random() % 1000000) + 1000000) % 1000000 < %s * 1000000 THEN 'en' ELSE 'bg' END,
    datetime(c.day_start
        + 3600 * (unicode(substr(h.lookup, 1 + ((random() % %s) + %s) % %s, 1)) - 65)
        + ((random() % 3600) + 3600) % 3600, 'unixepoch'),
    max(0, min(10, CAST(round(c.mean + c.spread * 1.732 * (
        (((random() % 1000000) + 1000000) % 1000000 + ((random() % 1000000) + 1000000) % 1000000
        + ((random() % 1000000) + 1000000) % 1000000 + ((random() % 1000000) + 1000000) % 1000000
        ) / 1000000.0 - 2.0)) AS integer))),
    ''
FROM bench_cell c
JOIN bench_hours h ON h.id = c.hours
JOIN bench_number g ON g.i <= c.n
"""
# Sub-ratings 1-5 follow the headline by the question's weight, plus noise.
ANSWERS_POSTGRESQL = """
INSERT INTO feedback_answer (response_id, question_id, number, text)
SELECT r.id, q.question_id, greatest(1, least(5, round(1 + 4 * (q.weight * r.score / 10.0
    + (1 - q.weight) * 0.6) + 0.9 * 1.732 * (random() + random() + random() - 1.5))))::smallint,
    ''
FROM bench_rated q
JOIN feedback_response r ON r.touchpoint_id = q.touchpoint_id
WHERE r.organization_id = %s
"""
ANSWERS_SQLITE = """
INSERT INTO feedback_answer (response_id, question_id, number, text)
SELECT r.id, q.question_id, max(1, min(5, CAST(round(1 + 4 * (q.weight * r.score / 10.0
    + (1 - q.weight) * 0.6) + 0.9 * 1.732 * (
        (((random() % 1000000) + 1000000) % 1000000 + ((random() % 1000000) + 1000000) % 1000000
        + ((random() % 1000000) + 1000000) % 1000000) / 1000000.0 - 1.5)) AS integer))),
    ''
FROM bench_rated q
JOIN feedback_response r ON r.touchpoint_id = q.touchpoint_id
WHERE r.organization_id = %s
"""

# About one response in COMMENT_SHARE leaves a comment, in the tone of its score: the
# comments page finds its newest ones as it would in a real year.
COMMENT_SHARE = 0.08
COMMENT_TEXT = """CASE WHEN r.score <= 4 THEN 'Мръсно е, никой не се грижи.'
    WHEN r.score >= 8 THEN 'Всичко е наред, благодаря!' ELSE 'Може да бъде и по-добре.' END"""
COMMENTS_POSTGRESQL = f"""
INSERT INTO feedback_answer (response_id, question_id, number, text)
SELECT r.id, c.question_id, NULL, {COMMENT_TEXT}
FROM bench_commented c
JOIN feedback_response r ON r.touchpoint_id = c.touchpoint_id
WHERE r.organization_id = %s AND random() < %s
"""  # noqa: S608 - constants only
COMMENTS_SQLITE = f"""
INSERT INTO feedback_answer (response_id, question_id, number, text)
SELECT r.id, c.question_id, NULL, {COMMENT_TEXT}
FROM bench_commented c
JOIN feedback_response r ON r.touchpoint_id = c.touchpoint_id
WHERE r.organization_id = %s AND ((random() % 1000000) + 1000000) % 1000000 < %s * 1000000
"""  # noqa: S608 - constants only

# Response.has_comment, as a submission sets it.
COMMENTED_MARK = """
UPDATE feedback_response SET has_comment = TRUE
WHERE organization_id = %s AND id IN (SELECT response_id FROM feedback_answer WHERE text <> '')
"""


@dataclass
class SeedReport:
    organization_slug: str
    responses: int
    answers: int
    flagged: int
    touchpoints: int
    areas: int
    settlements: int
    categories: int
    employees: int
    declining: int
    rated_places: int
    seconds: dict[str, float] = field(default_factory=dict)
    rollup_rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def organization_create(*, places: int, employees: int, rng: random.Random) -> Organization:
    """The demo's Stara Zagora cut down to ~30 settlements, with a leader and a department
    head whose scope is a few settlements."""
    spec = replace(
        STARA_ZAGORA,
        slug=SLUG,
        name_bg="Община Бенчград",
        name_en="Benchgrad municipality",
        registry_prefix="BG",
        villages=STARA_ZAGORA.villages[: SETTLEMENTS - 1],
    )
    organization = demo_municipality_create(spec=spec, places=places, employees=employees, rng=rng)
    password = make_password(PASSWORD)
    with scope(organization=organization), transaction.atomic():
        # The town comes first (demo_municipality_create makes it before the villages).
        settlements = list(
            Area.objects.filter(organization=organization, kind=AreaKind.SETTLEMENT).order_by("pk")
        )
        for role in (Role.LEADER, Role.DEPARTMENT_HEAD):
            user = User.objects.create(
                email=f"{role.replace('_', '-')}@{SLUG}.example",
                full_name=str(role.label),
                password=password,
            )
            membership = Membership.objects.create(user=user, organization=organization, role=role)
            if role == Role.DEPARTMENT_HEAD:
                membership.areas.set(settlements[1 : 1 + HEAD_SETTLEMENTS])  # villages
    return organization


def places_of(organization: Organization) -> list[Place]:
    places = []
    touchpoints = Touchpoint.objects.filter(organization=organization, is_active=True)
    for touchpoint in touchpoints.select_related("category").order_by("pk"):
        version = current_version_for(touchpoint)
        questions = version.questions.order_by("position", "pk")
        ratings = questions.filter(kind__in=RATING_KINDS)
        comment = questions.filter(kind=QuestionKind.TEXT).values_list("pk", flat=True).first()
        places.append(
            Place(
                touchpoint_id=touchpoint.pk,
                version_id=version.pk,
                category=touchpoint.category.slug,
                is_employee=touchpoint.is_employee,
                rating_question_ids=tuple(ratings.values_list("pk", flat=True)),
                comment_question_id=comment,
            )
        )
    return places


def _run(statements) -> None:
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def plan_write(plan: Plan) -> None:
    """The plan into temporary tables, for the INSERT … SELECT statements to expand."""
    _run((sql, []) for sql in TEMPORARY_TABLES)
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            with cursor.copy("COPY bench_cell FROM STDIN") as copy:
                for row in plan.cell_rows():
                    copy.write_row(row)
        else:
            cursor.executemany(
                "INSERT INTO bench_cell VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                plan.cell_rows(),
            )
            cursor.execute(NUMBERS_SQLITE[0])
            cursor.execute(NUMBERS_SQLITE[1], [int(plan.count.max(initial=1))])
        cursor.execute(HOURS_POSTGRESQL if postgresql else HOURS_SQLITE)
        lookups = hour_lookups()
        if not postgresql:
            lookups = [(key, "".join(chr(65 + hour) for hour in hours)) for key, hours in lookups]
        cursor.executemany("INSERT INTO bench_hours VALUES (%s, %s)", lookups)
        cursor.executemany("INSERT INTO bench_rated VALUES (%s, %s, %s)", plan.rated)
        cursor.executemany("INSERT INTO bench_commented VALUES (%s, %s)", plan.commented)
        if postgresql:
            cursor.execute("ANALYZE bench_cell")


def plan_drop() -> None:
    tables = ("bench_cell", "bench_hours", "bench_rated", "bench_commented", "bench_number")
    _run((f"DROP TABLE IF EXISTS {table}", []) for table in tables)


def rows_expand(*, organization: Organization) -> None:
    postgresql = connection.vendor == "postgresql"
    _run(
        [
            (RESPONSES_POSTGRESQL, [organization.pk, ENGLISH_SHARE, LOOKUP_LENGTH])
            if postgresql
            else (RESPONSES_SQLITE, [organization.pk, ENGLISH_SHARE, *[LOOKUP_LENGTH] * 3]),
            (ANSWERS_POSTGRESQL if postgresql else ANSWERS_SQLITE, [organization.pk]),
            (
                COMMENTS_POSTGRESQL if postgresql else COMMENTS_SQLITE,
                [organization.pk, COMMENT_SHARE],
            ),
            (COMMENTED_MARK, [organization.pk]),
        ]
    )


def responses_flag(*, organization: Organization, first_id: int, total: int) -> int:
    """A handful of responses spread over the year, flagged as the abuse checks would."""
    count = min(total, max(3, total // 200_000))
    ids = np.linspace(first_id, first_id + total - 1, count).astype(np.int64).tolist()
    reasons = (FlagReason.REPEATED, FlagReason.HONEYPOT, FlagReason.STAFF)
    for index, reason in enumerate(reasons):
        Response.objects.filter(organization=organization, pk__in=ids[index::3]).update(
            is_flagged=True, flag_reason=reason
        )
    return count


def responses_load(*, organization: Organization, plan: Plan) -> None:
    """The plan's rows in one transaction, the indexes built afterwards (PostgreSQL: and the
    foreign keys checked once, at the end)."""
    models = [Response, Answer]
    with bulk_load(models=models), transaction.atomic():
        with secondary_indexes_set_aside(models=models):
            plan_write(plan)
            rows_expand(organization=organization)
            plan_drop()
        sequences_reset(models=models)


def tables_analyze() -> None:
    """Fresh statistics for the planner, as autovacuum would give them after such a load."""
    tables = [m._meta.db_table for m in (Response, Answer, DailyRollup, MonthlyRollup)]
    tables.append(QuestionDailyRollup._meta.db_table)
    if connection.vendor == "postgresql":
        if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests)
            _run((f"VACUUM ANALYZE {table}", []) for table in tables)
    else:
        _run([("ANALYZE", [])])


def rollup_counts(organization: Organization) -> dict[str, int]:
    return {
        model._meta.db_table: model.objects.filter(organization=organization).count()
        for model in (DailyRollup, MonthlyRollup, QuestionDailyRollup)
    }


def _next_response_id() -> int:
    """Where the load's block of ids starts: past every response, and past the watermark
    (ids at or below it would never be folded)."""
    with scopes_disabled():
        highest = Response.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        mark = RollupWatermark.objects.filter(pk=1).values_list("last_response_id", flat=True)
    return max(highest, mark[0] if mark else 0) + 1


def today_so_far(*, responses: int, days: int, zone: ZoneInfo) -> int:
    """Today's share of the responses: a day's worth times the part of today gone by."""
    now = timezone.localtime(timezone=zone)
    elapsed = (now - now.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds()
    return max(1, round(responses / (days + 1) * elapsed / 86_400))


def todays_responses_add(
    *, organization: Organization, places: list[Place], count: int, rng: np.random.Generator
) -> None:
    """Responses from local midnight until now, above the rollups' watermark: the
    dashboards find today's part to read afresh, as they would in use."""
    zone = ZoneInfo(organization.time_zone)
    now = timezone.now()
    midnight = timezone.localtime(now, zone).replace(hour=0, minute=0, second=0, microsecond=0)
    span = (now - midnight).total_seconds()
    chosen = rng.integers(0, len(places), size=count)
    scores = np.clip(np.rint(rng.normal(7, 2.2, size=count)), 0, 10).astype(int)
    moments = np.sort(rng.uniform(0, span, size=count))
    Response.objects.bulk_create(
        (
            Response(
                organization=organization,
                touchpoint_id=places[index].touchpoint_id,
                version_id=places[index].version_id,
                channel="kiosk" if rng.random() < 0.25 else "qr",
                language="en" if rng.random() < ENGLISH_SHARE else "bg",
                submitted_at=midnight + timedelta(seconds=float(moment)),
                score=int(score),
            )
            for index, score, moment in zip(chosen.tolist(), scores, moments, strict=True)
        ),
        batch_size=5_000,
    )


def analytics_seed(
    *,
    responses: int,
    touchpoints: int = 600,
    employees: int = 20,
    days: int = 365,
    seed: int = 2026,
    log=print,
) -> tuple[Organization, SeedReport]:
    """Seeds, then rebuilds the rollups; the report holds the counts and the times."""
    seconds = {}
    started = time.perf_counter()
    organization = organization_create(
        places=touchpoints,
        employees=employees,
        rng=random.Random(seed),  # noqa: S311 (not a secret)
    )
    with scope(organization=organization):
        places = places_of(organization)
        seconds["structure"] = time.perf_counter() - started
        log(f"  structure: {len(places)} touchpoints in {seconds['structure']:.1f} s")
        zone = ZoneInfo(organization.time_zone)
        today = today_so_far(responses=responses, days=days, zone=zone)
        first_id = _next_response_id()
        started = time.perf_counter()
        plan = plan_draw(
            places=places,
            total=responses - today,
            last_day=timezone.localdate(timezone=zone) - timedelta(days=1),
            days=days,
            zone=zone,
            rng=np.random.default_rng(seed),
            first_id=first_id,
        )
        seconds["plan"] = time.perf_counter() - started
        started = time.perf_counter()
        responses_load(organization=organization, plan=plan)
        flagged = responses_flag(organization=organization, first_id=first_id, total=plan.total)
        seconds["load"] = time.perf_counter() - started
        log(f"  {plan.total:,} responses written in {seconds['load']:.1f} s ({connection.vendor})")

        started = time.perf_counter()
        rollups_rebuild(organization=organization)
        seconds["rollups_rebuild"] = time.perf_counter() - started
        started = time.perf_counter()
        todays_responses_add(
            organization=organization,
            places=places,
            count=today,
            rng=np.random.default_rng(seed + 1),
        )
        rollups_fold()
        seconds["today"] = time.perf_counter() - started
        log(f"  {today:,} responses of today so far written and folded in {seconds['today']:.1f} s")
        started = time.perf_counter()
        tables_analyze()
        seconds["analyze"] = time.perf_counter() - started
        counts = rollup_counts(organization)
        log(
            f"  rollups_rebuild in {seconds['rollups_rebuild']:.1f} s: "
            + ", ".join(f"{table} {n:,} rows" for table, n in counts.items())
        )
        report = SeedReport(
            organization_slug=organization.slug,
            responses=Response.objects.filter(organization=organization).count(),
            answers=Answer.objects.filter(response__organization=organization).count(),
            flagged=flagged,
            touchpoints=len(places),
            areas=Area.objects.filter(organization=organization).count(),
            settlements=Area.objects.filter(
                organization=organization, kind=AreaKind.SETTLEMENT
            ).count(),
            categories=Category.objects.filter(organization=organization).count(),
            employees=sum(p.is_employee for p in places),
            declining=len(plan.declining),
            rated_places=len({touchpoint for touchpoint, _, _ in plan.rated}),
            seconds={name: round(value, 2) for name, value in seconds.items()},
            rollup_rows=counts,
        )
    return organization, report
