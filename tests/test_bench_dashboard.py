"""`make bench`'s dashboard part keeps working: a tiny seeding on the test database and the
harness over one endpoint. Only the shapes and the sums are checked, never speed."""

import json
from collections import Counter

import pytest
from django_scopes import scope

from bench.analytics_seed import SETTLEMENTS
from bench.dashboard import Repetitions, database_measure, table
from bench.dashboard_endpoints import ENDPOINTS
from civicpulse.feedback.models import Answer, Response

RESPONSES = 3_000


@pytest.fixture
def measured(db):
    """The report as stored in latest.json, and what the seeded rows look like."""
    overview = next(endpoint for endpoint in ENDPOINTS if endpoint.raw is not None)
    report = database_measure(
        responses=RESPONSES,
        touchpoints=20,
        employees=2,
        repetitions=Repetitions(warmup=1, requests=2, raw_warmup=0, raw_repeat=1),
        endpoints=[overview],
        log=lambda line: None,
    )
    return json.loads(json.dumps(report)), _rows_seen(report["seed"]["organization_slug"])


def _rows_seen(slug: str) -> dict:
    from civicpulse.core.models import Organization

    organization = Organization.objects.get(slug=slug)
    with scope(organization=organization):
        responses = Response.objects.filter(organization=organization)
        return {
            "ids": sorted(responses.values_list("pk", flat=True)),
            "channels": Counter(responses.values_list("channel", flat=True)),
            "languages": Counter(responses.values_list("language", flat=True)),
            "scores": set(responses.values_list("score", flat=True)),
            "numbers": set(
                Answer.objects.filter(number__isnull=False).values_list("number", flat=True)
            ),
            "comments": Answer.objects.exclude(text="").count(),
        }


def test_a_tiny_seeding_adds_up_and_every_endpoint_is_measured(measured):
    report, seen = measured
    seed = report["seed"]
    assert report["valid"], report["problems"]
    assert seed["responses"] == RESPONSES
    assert seed["touchpoints"] == 22 and seed["employees"] == 2
    assert seed["settlements"] == SETTLEMENTS
    assert seed["categories"] == 11
    assert seed["answers"] > 0 and seed["flagged"] >= 3
    assert all(rows > 0 for rows in seed["rollup_rows"].values())
    assert set(seed["seconds"]) >= {"load", "rollups_rebuild", "today"}

    ids = seen["ids"]
    assert ids == list(range(ids[0], ids[0] + RESPONSES))  # one block: no gaps to watch
    assert set(seen["channels"]) <= {"qr", "kiosk"}
    assert seen["channels"]["qr"] > seen["channels"]["kiosk"]
    assert seen["languages"]["bg"] > 0.85 * RESPONSES
    assert seen["scores"] <= set(range(11)) and len(seen["scores"]) > 5
    assert seen["numbers"] <= {1, 2, 3, 4, 5}
    assert 0.03 * RESPONSES < seen["comments"] < 0.15 * RESPONSES  # about one in twelve

    (row,) = report["endpoints"]
    assert row["ok"] and row["statuses"] == {"200": 4}  # cold, warm-up, two timed
    assert row["cold_ms"] > 0
    assert row["p50_ms"] > 0 and row["p95_ms"] >= row["p50_ms"]
    assert row["raw_p50_ms"] > 0 and row["ratio"] is not None
    assert isinstance(row["met"], bool) and row["target_ms"] == 150
    assert row["name"] in table("sqlite", report)
