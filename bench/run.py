"""`python -m bench`: three measurements of the citizen feedback path, with their targets.

(a) Submissions per second through gunicorn (deploy/gunicorn.conf.py, production settings),
    as a ratio to a bare Django view served by the same server in the same run. Each round
    runs the two back to back (A B, then B A, …) and the result is the median of the
    rounds' ratios, so a machine whose speed drifts during the run (a shared host) weighs
    on both views of a round alike. Target: at least 0.7.
(b) The form's first view in bytes, as a phone fetches it compressed. Target: 30 KB.
(c) Building the bulk poster PDF for 600 places with the real job. Target: at most 10 s.

(d) The dashboard at 10 million responses on SQLite and PostgreSQL: p50 and p95 of every
    endpoint against raw-row queries (bench/dashboard.py). Target: p95 at most 150 ms.

`--only feedback` runs (a)-(c), `--only dashboard` (d); both by default. Everything is set
up in a temporary folder and removed after (--keep leaves it). Results are merged into
var/bench/latest.json (the dashboard's under "dashboard"). The exit status is 1 when a run
is invalid (a refused or failed request, rows that do not add up), not when a target is
missed.
"""

import argparse
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.dashboard import arguments_add, dashboard_run
from bench.environment import (
    HOST,
    ROOT,
    Server,
    deploy_steps_start,
    deploy_steps_wait,
    installation_environ,
)
from bench.load import ClientResult, ClientTask, run_client

RATIO_TARGET = 0.7
PRODUCT, BASELINE = "product", "baseline"


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds, each view once (7)")
    parser.add_argument("--seconds", type=float, default=6.0, help="each view's time (6)")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up of each view (3)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections (4)")
    parser.add_argument(
        "--workers", type=int, help="WEB_CONCURRENCY (default: deploy/gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--touchpoints", type=int, default=2000, help="places the submissions spread over"
    )
    parser.add_argument("--posters", type=int, default=600, help="places in the poster PDF")
    parser.add_argument("--poster-runs", type=int, default=3, help="poster builds (median)")
    parser.add_argument(
        "--max-requests", type=int, default=0, help="stop a client after this many per round"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "latest.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary installation")
    parser.add_argument(
        "--only", choices=("feedback", "dashboard"), help="one part only (default: both)"
    )
    arguments_add(parser)
    return parser.parse_args(argv)


def results_merge(path: Path, sections: dict) -> None:
    """Writes `sections` into the JSON file, keeping the other parts' results."""
    try:
        results = json.loads(path.read_text())
    except (OSError, ValueError):
        results = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results | sections, indent=2, ensure_ascii=False))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class LoadRunner:
    """Rounds of one view at a time, from a pool of client processes kept for the run."""

    def __init__(self, pool, *, template: ClientTask, clients: int, targets, max_requests: int):
        self.pool = pool
        self.template = template
        self.clients = clients
        self.targets = targets
        self.max_requests = max_requests
        self.blocks = 0
        self.sent = {PRODUCT: 0, BASELINE: 0}

    def round(self, kind: str, seconds: float) -> dict:
        start_at = time.time() + 0.2  # every client is handed its task before the start
        tasks = []
        for client in range(self.clients):
            self.blocks += 1
            tasks.append(
                replace(
                    self.template,
                    kind=kind,
                    # Each client cycles over its own share of the places: the per-place
                    # limit (30 a minute) sees the whole rate spread over all of them.
                    targets=self.targets[client :: self.clients] if kind == PRODUCT else [],
                    start_at=start_at,
                    stop_at=start_at + seconds,
                    address_block=self.blocks,
                    seed=self.blocks,
                    max_requests=self.max_requests,
                )
            )
        results: list[ClientResult] = self.pool.map(run_client, tasks, chunksize=1)
        elapsed = max(r.finished for r in results) - start_at
        sent, ok = sum(r.sent for r in results), sum(r.ok for r in results)
        self.sent[kind] += sent
        statuses: dict[str, int] = {}
        for result in results:
            for status, count in result.statuses.items():
                statuses[status] = statuses.get(status, 0) + count
        latencies = [latency for r in results for latency in r.latencies]
        return {
            "kind": kind,
            "sent": sent,
            "ok": ok,
            "errors": sent - ok,
            "seconds": round(elapsed, 3),
            "rps": round(ok / elapsed, 1) if elapsed > 0 else 0.0,
            "p50_ms": round(_percentile(latencies, 0.5) * 1000, 2),
            "p95_ms": round(_percentile(latencies, 0.95) * 1000, 2),
            "statuses": statuses,
            "first_error": next((r.first_error for r in results if r.first_error), ""),
        }


def round_ratios(rounds: list[dict]) -> list[float]:
    """Each round's product rate over its baseline rate, in round order."""
    rates: dict[int, dict[str, float]] = {}
    for entry in rounds:
        rates.setdefault(entry["round"], {})[entry["kind"]] = entry["rps"]
    return [
        pair[PRODUCT] / pair[BASELINE]
        for _number, pair in sorted(rates.items())
        if pair.get(BASELINE) and PRODUCT in pair
    ]


def measure_submissions(args, installation, targets) -> dict:
    from bench.baseline import BASELINE_PATH, BASELINE_THANKS, baseline_count
    from civicpulse.feedback.abuse import TOUCHPOINT_BURST
    from civicpulse.feedback.models import Response

    template = ClientTask(
        host=HOST,
        port=installation.port,
        site_url=installation.site_url,
        kind=PRODUCT,
        path=BASELINE_PATH,
        thanks=BASELINE_THANKS,
        targets=[],
        start_at=0.0,
        stop_at=0.0,
        address_block=0,
        seed=0,
    )
    context = multiprocessing.get_context("spawn")  # clients never inherit Django's state
    with context.Pool(args.clients) as pool:
        pool.map(time.sleep, [0.5] * args.clients, chunksize=1)  # every client process is up
        runner = LoadRunner(
            pool,
            template=template,
            clients=args.clients,
            targets=targets,
            max_requests=args.max_requests,
        )
        # The workers' first requests load templates, URLs and translations.
        warmup = (
            [runner.round(kind, args.warmup) for kind in (PRODUCT, BASELINE)]
            if args.warmup > 0
            else []
        )
        rounds = []
        for number in range(args.rounds):
            # A B, then B A: whatever drifts during the run weighs on both alike.
            order = (PRODUCT, BASELINE) if number % 2 == 0 else (BASELINE, PRODUCT)
            for kind in order:
                rounds.append({"round": number + 1, **runner.round(kind, args.seconds)})
                print(_round_line(rounds[-1]), flush=True)
            print(f"  round {number + 1} ratio    {round_ratios(rounds[-2:])[0]:8.2f}", flush=True)

    from django_scopes import scopes_disabled

    with scopes_disabled():
        stored = Response.objects.count()
        flagged = Response.objects.filter(is_flagged=True).count()
    rows = {PRODUCT: stored, BASELINE: baseline_count()}
    medians = {
        kind: statistics.median(r["rps"] for r in rounds if r["kind"] == kind)
        for kind in (PRODUCT, BASELINE)
    }
    ratios = round_ratios(rounds)
    ratio = statistics.median(ratios) if ratios else 0.0
    errors = sum(r["errors"] for r in [*warmup, *rounds])
    problems = []
    if errors:
        problems.append(f"{errors} requests were not answered 303 to the thank-you page")
    for kind in (PRODUCT, BASELINE):
        if rows[kind] != runner.sent[kind]:
            problems.append(f"{kind}: {rows[kind]} rows stored for {runner.sent[kind]} requests")
    if flagged:
        problems.append(f"{flagged} responses were flagged (rate limits reached)")
    # The most one place can have had in a minute: the limit there is 30, then 429.
    fastest = max(r["rps"] for r in rounds if r["kind"] == PRODUCT)
    per_place_minute = min(fastest * 60, runner.sent[PRODUCT]) / len(targets)
    warnings = []
    if per_place_minute > TOUCHPOINT_BURST.most * 0.8:
        warnings.append(f"up to {per_place_minute:.0f} a minute per place: raise --touchpoints")
    return {
        "product_rps": medians[PRODUCT],
        "baseline_rps": medians[BASELINE],
        "ratio": round(ratio, 3),
        "round_ratios": [round(r, 3) for r in ratios],
        "target": RATIO_TARGET,
        "pass": ratio >= RATIO_TARGET,
        "valid": not problems,
        "problems": problems,
        "warnings": warnings,
        "errors": errors,
        "rows": rows,
        "requests": dict(runner.sent),
        "flagged": flagged,
        "touchpoints": len(targets),
        "per_place_per_minute": round(per_place_minute, 1),
        "clients": args.clients,
        "warmup": warmup,
        "rounds": rounds,
    }


def _round_line(entry: dict) -> str:
    return (
        f"  round {entry['round']} {entry['kind']:<8} {entry['rps']:8.1f} req/s  "
        f"p50 {entry['p50_ms']:6.1f} ms  p95 {entry['p95_ms']:6.1f} ms  "
        f"{entry['ok']}/{entry['sent']} ok"
    )


def _verdict(passed: bool, valid: bool = True) -> str:
    if not valid:
        return "INVALID"
    return "PASS" if passed else "MISS"


def print_report(report: dict) -> None:
    submissions, weight, posters = report["submissions"], report["first_view"], report["posters"]
    print("\nFirst view of /q/<code> (bodies as sent; headers apart):")
    for file in weight["files"]:
        encoding = file["encoding"] or "none"
        print(
            f"  {file['url']:<44} {file['bytes']:>7,} B  encoding {encoding:<5}"
            f" raw {file['raw_bytes']:>7,} B  gzip would be {file['gzip_bytes']:>6,} B"
            f"  cache: {file['cache_control'] or '-'}"
        )
    print(f"  headers: {weight['header_bytes']:,} B in all")
    if weight["foreign_references"]:
        print(f"  references to other hosts: {', '.join(weight['foreign_references'])}")
    print(
        f"  static manifest (hashed, pre-compressed files): "
        f"{'yes' if report['setup']['static_manifest'] else 'NO'}; HTML compressed: "
        f"{'yes' if weight['html_compressed'] else 'NO'}"
    )
    rows = [
        (
            "(a) submissions / bare view",
            f"{submissions['ratio']:.2f}  (median of {len(submissions['round_ratios'])} rounds; "
            f"{submissions['product_rps']:.0f} / {submissions['baseline_rps']:.0f} req/s)",
            f">= {RATIO_TARGET}",
            _verdict(submissions["pass"], submissions["valid"]),
        ),
        (
            "(b) first view of the form",
            f"{weight['total_bytes']:,} B",
            f"<= {weight['budget_bytes']:,} B",
            _verdict(
                weight["within_budget"], not weight["errors"] and not weight["foreign_references"]
            ),
        ),
        (
            f"(c) posters for {posters['touchpoints']} places",
            f"{posters['median_s']:.2f} s  ({posters['format']}, median of "
            f"{len(posters['runs_s'])})",
            f"<= {posters['target_s']:.0f} s",
            _verdict(posters["pass"]),
        ),
    ]
    print(f"\n{'benchmark':<32} {'result':<36} {'target':<14} verdict")
    for name, result, target, verdict in rows:
        print(f"{name:<32} {result:<36} {target:<14} {verdict}")
    for problem in submissions["problems"] + submissions["warnings"] + weight["errors"]:
        print(f"  ! {problem}")
    if submissions["rounds"] and submissions["errors"]:
        first = next(r["first_error"] for r in submissions["rounds"] if r["first_error"])
        print(f"  first error: {first}")


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    base_environ = dict(os.environ)  # before the feedback part points it at its installation
    status = 0
    if args.only in (None, "feedback"):
        status |= feedback_main(args)
    if args.only in (None, "dashboard"):
        report = dashboard_run(args, base_environ)
        results_merge(args.json, {"dashboard": report})
        print(f"\ndashboard results written to {args.json}")
        status |= 0 if report["valid"] else 1
    return status


def feedback_main(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="civicpulse-bench-"))
    began = time.perf_counter()
    installation = installation_environ(folder, workers=args.workers)
    try:
        steps = deploy_steps_start(installation)
        import django

        django.setup()  # meanwhile: the database is empty until migrate has run
        deploy_steps_wait(steps)
        from django.db import connection

        from bench import fixtures
        from bench.baseline import baseline_table_create
        from bench.page_weight import first_view
        from bench.poster_timing import poster_runs

        baseline_table_create()
        places = fixtures.organization_with_touchpoints("bench-load", args.touchpoints)
        targets = fixtures.signed_targets(places)
        for_posters = fixtures.organization_with_touchpoints(
            "bench-posters", args.posters, logo=True
        )
        connection.close()  # the server's workers write to this file now
        setup = {
            "seconds": round(time.perf_counter() - began, 1),
            "static_manifest": (folder / "static" / "staticfiles.json").exists(),
        }
        print(f"set up in {setup['seconds']} s: {folder}", flush=True)

        server = Server(installation)
        try:
            server.start(f"/q/{targets[0][0]}")
            setup["gunicorn_workers"] = server.workers
            print(f"gunicorn: {server.workers} workers on {installation.site_url}", flush=True)
            weight = first_view(
                HOST, installation.port, f"/q/{targets[0][0]}", installation.site_url
            )
            submissions = measure_submissions(args, installation, targets)
        finally:
            server.stop()
        posters = poster_runs(for_posters, runs=args.poster_runs)
        report = {
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg(),
                "python": platform.python_version(),
            },
            "setup": setup,
            "submissions": submissions,
            "first_view": weight,
            "posters": posters,
            "valid": submissions["valid"] and not weight["errors"],
        }
        print_report(report)
        results_merge(args.json, report)
        print(f"\nwritten to {args.json}")
        return 0 if report["valid"] else 1
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
