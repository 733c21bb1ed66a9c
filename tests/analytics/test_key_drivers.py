"""Key drivers on a hand-made dataset: the weights equal Johnson's, computed here from the
definition (singular value decomposition rather than the module's eigen-decomposition),
and they add up to the R² statsmodels gives."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import statsmodels.api as sm
from django_scopes import scope

from civicpulse.analytics import key_drivers as drivers_module
from civicpulse.analytics.filters import DashboardFilterForm
from civicpulse.analytics.key_drivers import key_drivers
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Role
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.responses import bulk_record
from tests.factories import MembershipFactory, TouchpointFactory, make_questionnaire

TODAY = date(2026, 6, 30)
ASPECTS = ("staff", "clean", "quick")


def driven_definition() -> dict:
    rating = {"kind": "stars"}
    return {
        "title": {"bg": "Гише", "en": "Desk"},
        "questions": [
            {"key": "overall", "kind": "scale", "text": {"bg": "Оценка", "en": "Score"}},
            *(
                {**rating, "key": key, "text": {"bg": key.title(), "en": key.title()}}
                for key in ASPECTS
            ),
            {"key": "comment", "kind": "text", "text": {"bg": "Коментар", "en": "Comment"}},
        ],
    }


def made_rows(count, *, seed=7):
    """Correlated sub-ratings; the overall score leans on staff most, on quick least."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        mood = rng.gauss(0, 1)
        staff, clean, quick = (
            min(5, max(1, round(3 + 0.8 * mood + rng.gauss(0, 1)))) for _ in ASPECTS
        )
        overall = 1.2 * staff + 0.6 * clean + 0.2 * quick - 3 + rng.gauss(0, 1.2)
        rows.append((min(10, max(0, round(overall))), staff, clean, quick))
    return rows


def johnson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Johnson (2000) from the definition: Z, the orthonormal matrix closest to X, comes from
    X's singular value decomposition; Λ are X's loadings on Z and β y's weights on Z."""
    n = len(y)
    xs = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    ys = (y - y.mean()) / y.std(ddof=1)
    u, s, vt = np.linalg.svd(xs, full_matrices=False)
    z = np.sqrt(n - 1) * u @ vt
    loadings = vt.T @ np.diag(s) @ vt / np.sqrt(n - 1)
    beta = z.T @ ys / (n - 1)
    return (loadings**2) @ (beta**2)


@pytest.fixture
def desk(sofia):
    place = TouchpointFactory(organization=sofia)
    make_questionnaire(organization=sofia, category=place.category, definition=driven_definition())
    return place


def put(place, rows, *, first=TODAY - timedelta(days=20)):
    zone = ZoneInfo(place.organization.time_zone)
    bulk_record(
        place,
        [
            (
                datetime.combine(first, time(8), tzinfo=zone) + timedelta(minutes=7 * index),
                overall,
                dict(zip(ASPECTS, aspects, strict=True)),
            )
            for index, (overall, *aspects) in enumerate(rows)
        ],
    )
    rollups_catch_up()


def choice_for(membership, **data):
    return DashboardFilterForm(
        {"period": "30d", **data}, membership=membership, today=TODAY
    ).choice()


def test_the_weights_are_johnsons_and_sum_to_r_squared(sofia, desk, django_assert_max_num_queries):
    rows = made_rows(400)
    put(desk, rows)
    leader = MembershipFactory(organization=sofia, role=Role.LEADER)
    with scope(organization=sofia), django_assert_max_num_queries(10):
        figures = key_drivers(choice_for(leader))
    table = np.array(rows, dtype=float)
    expected = johnson(table[:, 1:], table[:, 0])
    by_key = {item.aspect.key: item for item in figures.aspects}
    assert [by_key[key].weight for key in ASPECTS] == pytest.approx(expected, abs=1e-9)
    r_squared = sm.OLS(table[:, 0], sm.add_constant(table[:, 1:])).fit().rsquared
    assert figures.result.r_squared == pytest.approx(r_squared, abs=1e-9)
    assert [item.aspect.key for item in figures.aspects] == ["staff", "clean", "quick"]
    assert by_key["staff"].mean.value == pytest.approx(table[:, 1].mean())
    assert by_key["staff"].mean.n == 400
    assert sum(item.share for item in figures.aspects) == pytest.approx(100)
    assert figures.read == figures.chosen.responses == 400
    assert not figures.capped and not figures.small


def test_only_the_latest_rows_are_read(sofia, desk, monkeypatch):
    rows = made_rows(120)
    put(desk, rows)
    monkeypatch.setattr(drivers_module, "LATEST", 50)
    leader = MembershipFactory(organization=sofia, role=Role.LEADER)
    with scope(organization=sofia):
        figures = key_drivers(choice_for(leader))
    assert figures.read == 50 and figures.chosen.responses == 120 and figures.capped
    latest = np.array(rows[-50:], dtype=float)
    by_key = {item.aspect.key: item.weight for item in figures.aspects}
    assert [by_key[key] for key in ASPECTS] == pytest.approx(
        johnson(latest[:, 1:], latest[:, 0]), abs=1e-9
    )
    assert figures.small  # 50 < 100


def test_incomplete_responses_are_left_out(sofia, desk):
    rows = made_rows(60)
    put(desk, rows)
    zone = ZoneInfo(sofia.time_zone)
    at = datetime.combine(TODAY - timedelta(days=2), time(9), tzinfo=zone)
    bulk_record(desk, [(at, 9, {"staff": 5})])  # clean and quick unanswered
    rollups_catch_up()
    leader = MembershipFactory(organization=sofia, role=Role.LEADER)
    with scope(organization=sofia):
        figures = key_drivers(choice_for(leader))
    assert figures.read == 61 and figures.result.n == 60


def test_too_few_and_a_wrong_questionnaire(sofia, desk):
    put(desk, made_rows(2))
    leader = MembershipFactory(organization=sofia, role=Role.LEADER)
    with scope(organization=sofia):
        figures = key_drivers(choice_for(leader), questionnaire=999999)
    assert figures.chosen.questionnaire.category == desk.category  # the default instead
    assert figures.result.too_few and figures.result.reason == "too_few_points"


def test_an_employee_rated_too_few_times_is_left_out(sofia, desk):
    employee = TouchpointFactory(
        organization=sofia, kind=TouchpointKind.EMPLOYEE, category=desk.category, place=desk
    )
    put(employee, made_rows(sofia.employee_min_responses - 1))
    leader = MembershipFactory(organization=sofia, role=Role.LEADER)
    with scope(organization=sofia):
        figures = key_drivers(choice_for(leader, touchpoint=employee.pk))
    assert figures.chosen is None and figures.questionnaires == []


def test_counts_from_the_question_rollup_equal_raw_rows(sofia, desk, elsewhere):
    put(desk, made_rows(40))
    leader = MembershipFactory(organization=sofia, role=Role.LEADER)
    with scope(organization=sofia):
        from_rollups = key_drivers(choice_for(leader)).questionnaires
        from_raw = key_drivers(choice_for(leader, channel="qr")).questionnaires
    assert [(q.questionnaire, q.responses) for q in from_rollups] == [
        (q.questionnaire, q.responses) for q in from_raw
    ]
    assert from_rollups[0].responses == 40
