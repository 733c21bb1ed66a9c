"""Filling an organisation with responses: drawn in batches by numpy, written in bulk.

Every response points at its touchpoint's current questionnaire version, and its answers
at that version's questions and options, exactly as `response_record` would store them.
"""

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from itertools import repeat
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction
from django_scopes import scope

from civicpulse.analytics.models import Intervention, InterventionKind
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Organization
from civicpulse.demo.answers import AnswerGenerator, AnswerRows, scores_draw, version_plan
from civicpulse.demo.bulk import (
    bulk_load,
    moments_as_text,
    nullable,
    rows_insert,
    sequences_reset,
    table_next_id,
)
from civicpulse.demo.comments import comment_theme
from civicpulse.demo.traffic import (
    COORDINATES_SHARE,
    LINK,
    Batch,
    Calendar,
    TouchpointFacts,
    Traits,
    batches_draw,
    traits_build,
)
from civicpulse.feedback.models import Answer, Channel, QuestionnaireVersion, Response, Touchpoint
from civicpulse.feedback.responses import current_version_for

BATCH_SIZE = 200_000
RESPONSE_COLUMNS = (
    "id", "organization_id", "touchpoint_id", "version_id", "channel", "language",
    "submitted_at", "score", "latitude", "longitude", "photo", "has_comment",
)  # fmt: skip
ANSWER_COLUMNS = ("id", "response_id", "question_id", "number", "option_id", "text")
REPAIR_TITLE = "Основен ремонт"
SMALL_SETTLEMENT = 0.1  # a settlement with under a tenth of the places is a village

Progress = Callable[[int, int], None]


def demo_responses_create(
    *,
    organization: Organization,
    total: int,
    months: int,
    now: datetime,
    rng: np.random.Generator,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> int:
    """Adds `total` responses over the last `months` months; returns how many were written."""
    with scope(organization=organization):
        facts, versions = _touchpoint_facts(organization)
        if not facts or total <= 0:
            return 0
        traits = traits_build(facts=facts, now=int(now.timestamp()), rng=rng)
        calendar = Calendar.build(now=now, months=months, time_zone=organization.time_zone)
        generators = _answer_generators(facts, versions, rng)
        written = 0
        with bulk_load(models=[Response, Answer]):
            for batch in batches_draw(
                traits=traits, calendar=calendar, total=total, batch_size=batch_size, rng=rng
            ):
                with transaction.atomic():
                    _batch_write(organization, traits, batch, generators, calendar, rng)
                written += len(batch.touchpoints)
                if progress:
                    progress(written, total)
            sequences_reset(models=[Response, Answer])
        _repairs_record(organization, traits)
    return written


def _repairs_record(organization, traits) -> None:
    """The repairs the traits made, as the interventions staff would have recorded."""
    zone = ZoneInfo(organization.time_zone)
    Intervention.objects.bulk_create(
        Intervention(
            organization=organization,
            touchpoint_id=int(traits.ids[index]),
            kind=InterventionKind.REPAIR,
            title=REPAIR_TITLE,
            started_on=datetime.fromtimestamp(traits.repaired_at[index], tz=zone).date(),
        )
        for index in np.flatnonzero(~np.isnan(traits.repaired_at))
    )


def _touchpoint_facts(
    organization,
) -> tuple[list[TouchpointFacts], dict[int, QuestionnaireVersion]]:
    touchpoints = list(
        Touchpoint.objects.filter(organization=organization, is_active=True).select_related(
            "category", "area"
        )
    )
    settlement = {tp.pk: _settlement_of(tp) for tp in touchpoints}
    sizes = Counter(settlement.values())
    facts, versions = [], {}
    for tp in touchpoints:
        try:
            version = current_version_for(tp)
        except RuleViolation:
            continue  # a place without a questionnaire collects nothing
        versions[version.pk] = version
        facts.append(
            TouchpointFacts(
                id=tp.pk,
                version_id=version.pk,
                category=tp.category.slug,
                is_employee=tp.is_employee,
                in_village=sizes[settlement[tp.pk]] < SMALL_SETTLEMENT * len(touchpoints),
                latitude=float(tp.latitude) if tp.latitude is not None else None,
                longitude=float(tp.longitude) if tp.longitude is not None else None,
            )
        )
    return facts, versions


def _settlement_of(touchpoint) -> str:
    """The area one level below the root: the settlement, whatever quarter the place is in."""
    if touchpoint.area is None:
        return ""
    ids = touchpoint.area.path.strip("/").split("/")
    return ids[1] if len(ids) > 1 else ids[0]


def _answer_generators(facts, versions, rng) -> dict[int, AnswerGenerator]:
    first_user = {}
    for fact in facts:
        first_user.setdefault(fact.version_id, fact)
    return {
        version_id: AnswerGenerator(
            version_plan(versions[version_id]),
            theme=comment_theme(fact.category, is_employee=fact.is_employee),
            places=len(facts),
            rng=rng,
        )
        for version_id, fact in first_user.items()
    }


def _batch_write(organization, traits: Traits, batch: Batch, generators, calendar, rng) -> None:
    touchpoints, n = batch.touchpoints, len(batch.touchpoints)
    response_ids = table_next_id(model=Response) + np.arange(n, dtype=np.int64)
    scores = scores_draw(traits.quality_at(touchpoints, batch.moments, calendar.now), rng)
    english = rng.random(n) < traits.english[touchpoints]
    roll = rng.random(n)
    kiosk = roll < traits.kiosk[touchpoints]
    channel = np.where(kiosk, Channel.KIOSK.value, Channel.QR.value).astype(object)
    channel[roll > 1 - LINK] = Channel.LINK.value
    unlocated = (
        (channel != Channel.QR.value)
        | (rng.random(n) >= COORDINATES_SHARE)
        | np.isnan(traits.latitude[touchpoints])
    )
    jitter = rng.normal(0, 0.0004, (2, n))
    latitude = np.round(traits.latitude[touchpoints] + jitter[0], 6)
    longitude = np.round(traits.longitude[touchpoints] + jitter[1], 6)
    versions = traits.version_ids[touchpoints]
    parts = []
    for version_id in np.unique(versions):
        mine = versions == version_id
        parts.append(
            generators[int(version_id)].generate(
                response_ids=response_ids[mine],
                touchpoints=touchpoints[mine],
                scores=scores[mine],
                english=english[mine],
            )
        )
    answers = AnswerRows.concat(parts)
    rows_insert(
        model=Response,
        columns=RESPONSE_COLUMNS,
        rows=zip(
            response_ids.tolist(),
            repeat(organization.pk),
            traits.ids[touchpoints].tolist(),
            traits.version_ids[touchpoints].tolist(),
            channel.tolist(),
            np.where(english, "en", "bg").tolist(),
            moments_as_text(batch.moments),
            scores.tolist(),
            nullable(latitude, unlocated),
            nullable(longitude, unlocated),
            repeat(""),
            answers.commented(response_ids),
        ),
    )
    answer_rows_insert(answers)


def answer_rows_insert(answers: AnswerRows) -> None:
    """Writes generated answers, ids following the table's highest."""
    answer_ids = table_next_id(model=Answer) + np.arange(len(answers.response_ids))
    rows_insert(
        model=Answer,
        columns=ANSWER_COLUMNS,
        rows=zip(
            answer_ids.tolist(),
            answers.response_ids.tolist(),
            answers.question_ids.tolist(),
            nullable(answers.numbers, answers.numbers < 0),
            nullable(answers.option_ids, answers.option_ids == 0),
            answers.texts.tolist(),
            strict=True,
        ),
    )
