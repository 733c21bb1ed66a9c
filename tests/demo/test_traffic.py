from datetime import UTC, datetime

import numpy as np
import pytest
from django_scopes import scope

from civicpulse.demo.answers import AnswerGenerator, version_plan
from civicpulse.demo.traffic import (
    Calendar,
    TouchpointFacts,
    batches_draw,
    span_shares,
    traits_build,
)
from civicpulse.feedback.responses import current_version_for

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)


def calendar() -> Calendar:
    return Calendar.build(now=NOW, months=12, time_zone="Europe/Sofia")


def facts(count: int) -> list[TouchpointFacts]:
    categories = ["playgrounds", "administrative-service", "schools", "tourism"]
    return [
        TouchpointFacts(
            id=n + 1,
            version_id=100 + n % 4,
            category=categories[n % 4],
            is_employee=n % 10 == 9,
            in_village=n % 5 == 0,
            latitude=42.4,
            longitude=25.6,
        )
        for n in range(count)
    ]


def test_the_calendar_covers_the_months_up_to_now():
    days = calendar()
    assert 365 <= len(days.midnights) <= 366
    weights = days.weights("playgrounds")
    last_day = weights[-1]
    assert last_day[:28].sum() > 0 and last_day[28:].sum() == 0  # nothing after 14:00 local


def test_rhythms_differ_by_kind_of_place():
    days = calendar()
    desks = days.weights("administrative-service")
    assert desks[days.weekdays >= 5].sum() == 0
    schools = days.weights("schools")
    july, october = schools[days.months == 6].sum(), schools[days.months == 9].sum()
    assert july < 0.1 * october
    parks = days.weights("parks")
    assert parks[days.weekdays == 6].sum() > 1.5 * parks[days.weekdays == 1].sum()


def test_batches_add_up_and_run_forward_in_time():
    rng = np.random.default_rng(1)
    traits = traits_build(facts=facts(40), now=int(NOW.timestamp()), rng=rng)
    batches = list(
        batches_draw(traits=traits, calendar=calendar(), total=20_000, batch_size=3000, rng=rng)
    )
    assert sum(len(b.moments) for b in batches) == 20_000
    assert len(batches) > 5
    moments = np.concatenate([b.moments for b in batches])
    assert (np.diff(moments) >= 0).all()
    assert moments[-1] < NOW.timestamp()
    touchpoints = np.concatenate([b.touchpoints for b in batches])
    volume = np.bincount(touchpoints, minlength=40)
    assert volume.max() > 5 * np.median(volume)  # a few popular places


def test_a_single_span_is_the_whole_mass_however_the_days_add_up():
    rng = np.random.default_rng(0)
    days = rng.random(366)
    while (days / days.sum()).sum() <= 1.0:  # as the demo's days summed on 2026-11-21
        days = rng.random(366)
    days /= days.sum()
    shares = span_shares(days, [(0, 366)])
    assert shares.tolist() == [1.0]
    assert rng.multinomial(200, shares).tolist() == [200]
    assert span_shares(days, [(0, 100), (100, 366)]).sum() == pytest.approx(1.0)


def test_a_handful_of_places_decline_lately():
    rng = np.random.default_rng(2)
    now = int(NOW.timestamp())
    traits = traits_build(facts=facts(400), now=now, rng=rng)
    declining = np.flatnonzero(~np.isnan(traits.decline_start))
    assert 5 <= len(declining) <= 10
    assert (traits.decline_start[declining] > now - 100 * 86400).all()
    half_year_ago = np.full(len(declining), now - 180 * 86400)
    before = traits.quality_at(declining, half_year_ago, now)
    after = traits.quality_at(declining, np.full(len(declining), now), now)
    assert (before - after > 3).all()


def test_generated_answers_follow_the_questionnaire(touchpoint, in_scope):
    with scope(organization=touchpoint.organization):
        plan = version_plan(current_version_for(touchpoint))
    generator = AnswerGenerator(plan, theme="places", places=1, rng=np.random.default_rng(3))
    scores = np.arange(2000) % 11
    rows = generator.generate(
        response_ids=np.arange(1, 2001),
        touchpoints=np.zeros(2000, dtype=np.int64),
        scores=scores.astype(np.int16),
        english=np.arange(2000) % 2 == 0,
    )
    keys = {q.id: key for q, key in zip(plan, ["overall", "problem", "comment"], strict=True)}
    by_key = {key: rows.question_ids == qid for qid, key in keys.items()}
    headline = by_key["overall"]
    assert (rows.numbers[headline] == scores[rows.response_ids[headline] - 1]).all()
    problem_scores = scores[rows.response_ids[by_key["problem"]] - 1]
    assert problem_scores.max() <= 6 and by_key["problem"].sum() > 0
    assert (rows.option_ids[by_key["problem"]] > 0).all()
    comments = rows.texts[by_key["comment"]]
    assert all(comments) and 0.05 < len(comments) / 2000 < 0.2
    assert (np.diff(rows.response_ids) >= 0).all()  # grouped by response
