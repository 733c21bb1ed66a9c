"""`make bench` keeps working: its set-up and one tiny round of each feedback measurement,
run as `make bench` runs it (the dashboard part: tests/test_bench_dashboard.py). Only that
it produces results without errors is checked, never speed."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = [
    "--only", "feedback",
    "--workers", "2",
    "--clients", "2",
    "--rounds", "1",
    "--seconds", "2",  # a cap: three requests end a round sooner, on a busy machine later
    "--warmup", "0",
    "--max-requests", "3",
    "--touchpoints", "20",
    "--posters", "3",
    "--poster-runs", "1",
]  # fmt: skip


@pytest.mark.slow
def test_the_bench_runs_and_reports_every_measurement(tmp_path):
    output = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench", *TINY, "--json", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(output.read_text())

    submissions = report["submissions"]
    assert submissions["valid"], submissions["problems"]
    assert submissions["errors"] == 0
    kinds = {entry["kind"] for entry in submissions["rounds"]}
    assert kinds == {"product", "baseline"}
    assert all(entry["ok"] > 0 for entry in submissions["rounds"])
    assert submissions["rows"] == submissions["requests"]
    assert submissions["ratio"] > 0 and submissions["round_ratios"] == [submissions["ratio"]]

    first_view = report["first_view"]
    assert first_view["errors"] == [] and first_view["foreign_references"] == []
    urls = [file["url"] for file in first_view["files"]]
    assert urls[0].startswith("/q/") and len(urls) > 1  # the page and its assets
    assert first_view["total_bytes"] > 0

    posters = report["posters"]
    assert posters["touchpoints"] == 3 and posters["pdf_bytes"] > 0
    assert "(a) submissions" in run.stdout


def test_the_ratio_is_taken_round_by_round():
    from bench.run import round_ratios

    # The machine slows down by half in round 2: each round's own ratio is unchanged.
    rounds = [
        {"round": 1, "kind": "product", "rps": 400.0},
        {"round": 1, "kind": "baseline", "rps": 500.0},
        {"round": 2, "kind": "baseline", "rps": 250.0},
        {"round": 2, "kind": "product", "rps": 200.0},
        {"round": 3, "kind": "product", "rps": 100.0},  # a round cut short: no baseline
    ]
    assert round_ratios(rounds) == [0.8, 0.8]
