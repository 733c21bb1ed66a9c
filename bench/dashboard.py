"""The dashboard at scale: p50 and p95 of every endpoint in bench/dashboard_endpoints.py, on
SQLite and on PostgreSQL, beside the same figures computed from raw rows.

Each database runs in its own process (`python -m bench.dashboard --child …`) with its own
DATABASE_URL: SQLite a temporary file (WAL, as configured for production), PostgreSQL a
temporary database on the local server, created and dropped here. The child migrates,
seeds (bench/analytics_seed.py), rebuilds the rollups, checks that they add up to the raw
rows, then requests each endpoint with Django's test client as the endpoint's user:
`warmup` requests, then `requests` timed ones; each `raw` the same way, `raw_repeat` times.
A run is invalid (exit status 1) when a page answers other than 200 or the rollups do not
add up; a p95 above TARGET_MS is reported as missed, not as a failure.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.environment import ROOT

TARGET_MS = 150.0
DATABASES = ("sqlite", "postgres")
POSTGRES_URL = "postgres://civicpulse:civicpulse@127.0.0.1:5432"
POSTGRES_START = ("pg_ctlcluster", "15", "main", "start")


@dataclass(frozen=True)
class Repetitions:
    warmup: int = 3
    requests: int = 30
    raw_warmup: int = 1
    raw_repeat: int = 5
    # A page that takes seconds has missed the target by far: after `seconds` of timing one
    # endpoint, it stops at `fewest` requests rather than spend minutes confirming it.
    seconds: float = 60.0
    fewest: int = 5


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _timings(
    action, *, warmup: int, repeat: int, seconds: float = float("inf"), fewest: int = 0
) -> list[float]:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
        if sum(times) > seconds * 1000 and len(times) >= fewest:
            break
    return times


def endpoint_measure(endpoint, context, repetitions: Repetitions) -> dict:
    """One endpoint's figures; `statuses` counts every answer, warm-up included."""
    from django.test import Client
    from django_scopes import scope

    from civicpulse.analytics import history

    client = Client()
    client.force_login(context.leader if endpoint.user == "leader" else context.head)
    path = endpoint.path(context)
    statuses: dict[str, int] = {}

    def request():
        status = str(client.get(path).status_code)
        statuses[status] = statuses.get(status, 0) + 1

    # The first view after the past changed (a late response, say): nothing kept to reuse.
    history.store.clear()
    started = time.perf_counter()
    request()
    cold_ms = (time.perf_counter() - started) * 1000
    times = _timings(
        request,
        warmup=repetitions.warmup,
        repeat=repetitions.requests,
        seconds=repetitions.seconds,
        fewest=repetitions.fewest,
    )
    result = {
        "name": endpoint.name,
        "path": path,
        "user": endpoint.user,
        "requests": len(times),
        "statuses": statuses,
        "ok": set(statuses) == {"200"},
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "cold_ms": round(cold_ms, 2),
        "target_ms": TARGET_MS,
        "raw_p50_ms": None,
        "raw_p95_ms": None,
        "raw_repeat": 0,
        "ratio": None,
    }
    result["met"] = result["p95_ms"] <= TARGET_MS
    if endpoint.raw is not None:

        def raw():
            with scope(organization=context.organization):
                endpoint.raw(context)

        raw_times = _timings(raw, warmup=repetitions.raw_warmup, repeat=repetitions.raw_repeat)
        result["raw_p50_ms"] = round(statistics.median(raw_times), 2)
        result["raw_p95_ms"] = round(percentile(raw_times, 0.95), 2)
        result["raw_repeat"] = repetitions.raw_repeat
        if result["p50_ms"] > 0:
            result["ratio"] = round(result["raw_p50_ms"] / result["p50_ms"], 1)
    return result


def rollup_problems(organization) -> list[str]:
    """Where the rollups differ from a recount of the raw rows (empty: they add up)."""
    from django.db.models import Count, F, Q, Sum
    from django_scopes import scope

    from civicpulse.analytics.models import DailyRollup, MonthlyRollup, QuestionDailyRollup
    from civicpulse.feedback.models import Answer, Response

    problems = []
    with scope(organization=organization):
        counted = Response.objects.filter(
            organization=organization, touchpoint__isnull=False, is_flagged=False
        )
        raw = counted.aggregate(
            responses=Count("id"), scored=Count("score"), score_sum=Sum("score")
        )
        raw["score_squares"] = counted.aggregate(n=Sum(F("score") * F("score")))["n"]
        for model in (DailyRollup, MonthlyRollup):
            sums = model.objects.filter(organization=organization).aggregate(
                **{key: Sum(key) for key in raw}
            )
            for key, value in raw.items():
                if (sums[key] or 0) != (value or 0):
                    problems.append(f"{model.__name__}.{key}: {sums[key]} ≠ raw {value}")
        answers = Answer.objects.filter(
            Q(number__isnull=False), response__in=counted.values("pk")
        ).aggregate(answers=Count("id"), number_sum=Sum("number"))
        sums = QuestionDailyRollup.objects.filter(organization=organization).aggregate(
            answers=Sum("answers"), number_sum=Sum("number_sum")
        )
        for key, value in answers.items():
            if (sums[key] or 0) != (value or 0):
                problems.append(f"QuestionDailyRollup.{key}: {sums[key]} ≠ raw {value}")
    return problems


def context_build(organization, *, days: int):
    """What endpoints build their URLs and raw figures from."""
    from django.db.models import Sum
    from django.utils import timezone
    from django_scopes import scope

    from bench.dashboard_endpoints import BenchContext
    from civicpulse.analytics.models import DailyRollup
    from civicpulse.core.models import Area, AreaKind, Category, Membership, Role
    from civicpulse.core.scoping import within_areas
    from civicpulse.feedback.models import Touchpoint

    with scope(organization=organization):
        memberships = Membership.objects.filter(organization=organization).select_related("user")
        leader = memberships.get(role=Role.LEADER)
        head = memberships.get(role=Role.DEPARTMENT_HEAD)
        head_areas = list(head.areas.all())
        touchpoints = list(Touchpoint.objects.filter(organization=organization).order_by("pk"))
        busiest = list(
            DailyRollup.objects.filter(organization=organization)
            .values("touchpoint")
            .annotate(n=Sum("responses"))
            .order_by("-n")
            .values_list("touchpoint", flat=True)
        )
        paths = [area.path for area in head_areas]
        in_scope = set(
            Touchpoint.objects.filter(within_areas(paths, field="area__path")).values_list(
                "pk", flat=True
            )
            if paths
            else []
        )
        by_pk = {touchpoint.pk: touchpoint for touchpoint in touchpoints}
        zone = ZoneInfo(organization.time_zone)
        last_day = timezone.localdate(timezone=zone) - timedelta(days=1)
        areas = list(Area.objects.filter(organization=organization))
        return BenchContext(
            organization=organization,
            zone=zone,
            now=timezone.now(),
            first_day=last_day - timedelta(days=days - 1),
            last_day=last_day,
            areas=areas,
            settlements=[a for a in areas if a.kind == AreaKind.SETTLEMENT],
            categories=list(Category.objects.filter(organization=organization)),
            touchpoints=touchpoints,
            sample_touchpoint=by_pk[busiest[0]] if busiest else touchpoints[0],
            head_touchpoint=by_pk[next((pk for pk in busiest if pk in in_scope), busiest[0])],
            head_areas=head_areas,
            leader=leader.user,
            head=head.user,
        )


def database_measure(
    *,
    responses: int,
    touchpoints: int,
    employees: int,
    repetitions: Repetitions,
    endpoints=None,
    log=print,
    as_served: bool = False,
) -> dict:
    """Seeds this process's (empty, migrated) database and measures every endpoint;
    `as_served`, in the state civicpulse.wsgi leaves a server's process in."""
    from django.db import connection

    from bench.analytics_seed import analytics_seed
    from bench.dashboard_endpoints import ENDPOINTS

    days = 365
    organization, seeded = analytics_seed(
        responses=responses, touchpoints=touchpoints, employees=employees, days=days, log=log
    )
    problems = rollup_problems(organization)
    if seeded.responses != responses:
        problems.append(f"{seeded.responses:,} responses seeded, {responses:,} asked for")
    context = context_build(organization, days=days)
    if as_served:
        # From here the process is as a gunicorn worker starts: everything preloaded, and
        # what start-up and seeding left alive frozen out of the collector's passes.
        import civicpulse.wsgi  # noqa: F401
    results = []
    for endpoint in ENDPOINTS if endpoints is None else endpoints:
        result = endpoint_measure(endpoint, context, repetitions)
        log(f"  {_row(result)}")
        if not result["ok"]:
            problems.append(f"{endpoint.name}: answered {result['statuses']}")
        results.append(result)
    return {
        "vendor": connection.vendor,
        "seed": seeded.as_dict(),
        "endpoints": results,
        "problems": problems,
        "valid": not problems,
    }


def _row(result: dict) -> str:
    raw = f"{result['raw_p50_ms']:>10.1f}" if result["raw_p50_ms"] is not None else f"{'-':>10}"
    ratio = f"{result['ratio']:>8.1f}x" if result["ratio"] is not None else f"{'-':>9}"
    verdict = "met" if result["met"] else "MISSED"
    return (
        f"{result['name']:<40} {result['requests']:>4} {result['p50_ms']:>8.1f}"
        f" {result['p95_ms']:>8.1f} {result['cold_ms']:>8.1f} {raw} {ratio}  {verdict}"
    )


def table(name: str, report: dict) -> str:
    if "error" in report:
        return f"\n{name}: not measured: {report['error']}"
    seed = report["seed"]
    seconds = seed["seconds"]
    lines = [
        f"\n{name} ({report['vendor']}): {seed['responses']:,} responses, {seed['answers']:,}"
        f" sub-ratings, {seed['touchpoints']} touchpoints; seeded in {seconds['load']:.1f} s"
        f" (+ {seconds['structure']:.1f} s set-up),"
        f" rollups_rebuild {seconds['rollups_rebuild']:.1f} s, analyze {seconds['analyze']:.1f} s",
        "  rollup rows: " + ", ".join(f"{t} {n:,}" for t, n in seed["rollup_rows"].items()),
        f"  {'endpoint':<40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'cold ms':>8}"
        f" {'raw p50 ms':>10}"
        f" {'raw/endp':>9}"
        f"  p95 <= {TARGET_MS:.0f} ms",
        *(f"  {_row(result)}" for result in report["endpoints"]),
    ]
    lines += [f"  ! {problem}" for problem in report["problems"]]
    return "\n".join(lines)


def child_main(argv: list[str]) -> int:
    """One database, in this process: DATABASE_URL and the settings come from the parent."""
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard --child")
    parser.add_argument("--responses", type=int, required=True)
    parser.add_argument("--touchpoints", type=int, required=True)
    parser.add_argument("--employees", type=int, required=True)
    parser.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--raw-repeat", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--output", type=Path, required=True)
    options = parser.parse_args(argv)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter() - started
    print(f"  migrated in {migrated:.1f} s", flush=True)
    report = database_measure(
        responses=options.responses,
        touchpoints=options.touchpoints,
        employees=options.employees,
        repetitions=Repetitions(
            warmup=options.warmup,
            requests=options.requests,
            raw_repeat=options.raw_repeat,
            seconds=options.seconds,
        ),
        log=lambda line: print(line, flush=True),
        as_served=True,
    )
    report["seed"]["seconds"]["migrate"] = round(migrated, 2)
    options.output.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["valid"] else 1


class PostgresUnavailable(RuntimeError):
    pass


def _without_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':')[0]}@{host}" if at else url


def _postgres_admin(base_url: str):
    """An autocommit connection to the server's `postgres` database, starting the local
    cluster once if nothing answers."""
    import psycopg

    try:
        return psycopg.connect(f"{base_url}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as first:
        if not shutil.which(POSTGRES_START[0]):
            raise PostgresUnavailable(f"{_without_password(base_url)}: {first}") from first
        started = subprocess.run(POSTGRES_START, capture_output=True, text=True, check=False)  # noqa: S603
        for _ in range(20):
            try:
                return psycopg.connect(f"{base_url}/postgres", autocommit=True, connect_timeout=5)
            except psycopg.OperationalError:
                time.sleep(0.5)
        raise PostgresUnavailable(
            f"{_without_password(base_url)}: {first}; `{' '.join(POSTGRES_START)}` said: "
            f"{(started.stdout + started.stderr).strip() or started.returncode}"
        ) from first


def _child_environ(base: dict[str, str], folder: Path, database_url: str) -> dict[str, str]:
    environ = {
        key: value
        for key, value in base.items()
        if key not in {"MEDIA_ROOT", "SITE_URL", "BIND", "FORWARDED_PROXIES", "STATIC_MANIFEST"}
    }
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "civicpulse.settings",
            "DATABASE_URL": database_url,
            "CIVICPULSE_VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "testserver",
            "PYTHONPATH": str(ROOT),
        }
    )
    return environ


def _run_child(args, environ: dict[str, str], folder: Path) -> dict:
    output = folder / "dashboard.json"
    command = [
        sys.executable, "-m", "bench.dashboard", "--child",
        "--responses", str(args.responses),
        "--touchpoints", str(args.dashboard_touchpoints),
        "--employees", str(args.dashboard_employees),
        "--warmup", str(args.dashboard_warmup),
        "--requests", str(args.dashboard_requests),
        "--raw-repeat", str(args.dashboard_raw_repeat),
        "--seconds", str(args.dashboard_seconds),
        "--output", str(output),
    ]  # fmt: skip
    finished = subprocess.run(command, cwd=ROOT, env=environ, check=False)  # noqa: S603
    if not output.exists():
        return {"error": f"the measuring process exited with status {finished.returncode}"}
    return json.loads(output.read_text())


def database_run(name: str, args, base_environ: dict[str, str]) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"civicpulse-dashboard-{name}-"))
    print(f"\ndashboard on {name}: {args.responses:,} responses ({folder})", flush=True)
    try:
        if name == "sqlite":
            url = f"sqlite:///{folder / 'db.sqlite3'}"
            return _run_child(args, _child_environ(base_environ, folder, url), folder)
        try:
            admin = _postgres_admin(args.postgres_url)
        except PostgresUnavailable as error:
            return {"error": f"PostgreSQL is not reachable: {error}"}
        database = f"civicpulse_bench_dashboard_{os.getpid()}"
        with admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database}")
            admin.execute(f"CREATE DATABASE {database}")
            try:
                url = f"{args.postgres_url}/{database}"
                return _run_child(args, _child_environ(base_environ, folder, url), folder)
            finally:
                if not args.keep:
                    admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def dashboard_run(args, base_environ: dict[str, str]) -> dict:
    """Every database asked for, one after the other (they share two CPUs)."""
    began = time.perf_counter()
    databases = {name: database_run(name, args, base_environ) for name in args.databases}
    for name, report in databases.items():
        print(table(name, report))
    valid = all(report.get("valid") for report in databases.values())
    return {
        "finished": datetime.now().astimezone().isoformat(timespec="seconds"),
        "responses": args.responses,
        "target_ms": TARGET_MS,
        "seconds": round(time.perf_counter() - began, 1),
        "databases": databases,
        "valid": valid,
    }


def database_list(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = set(names) - set(DATABASES)
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(DATABASES)}")
    return names


def arguments_add(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("dashboard")
    group.add_argument("--databases", type=database_list, default=list(DATABASES))
    group.add_argument("--responses", type=int, default=10_000_000, help="seeded (10,000,000)")
    group.add_argument("--dashboard-touchpoints", type=int, default=600)
    group.add_argument("--dashboard-employees", type=int, default=20)
    group.add_argument("--dashboard-warmup", type=int, default=3, help="untimed requests (3)")
    group.add_argument("--dashboard-requests", type=int, default=30, help="timed requests (30)")
    group.add_argument("--dashboard-raw-repeat", type=int, default=5, help="raw timings (5)")
    group.add_argument(
        "--dashboard-seconds",
        type=float,
        default=60.0,
        help="after this long timing one endpoint, stop at 5 requests (60)",
    )
    group.add_argument("--postgres-url", default=POSTGRES_URL, help="server, no database")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.exit(child_main(sys.argv[2:]))
    sys.exit("run `python -m bench --only dashboard`")
