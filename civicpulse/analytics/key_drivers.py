"""Key drivers: which sub-ratings (aspects) of a questionnaire go with its overall score,
by Johnson's relative weights on respondent-level rows.

The rollups keep no cross-products of answers, so the rows are read from the raw responses
(how many there are comes from the daily question rollup), but boundedly: the latest
`LATEST` responses of the selection with a headline score, with their aspects' answers
pivoted into columns by conditional aggregation in the same query. Aspects are matched by
question key across a questionnaire's versions.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max, Q, Sum

from civicpulse.analytics.breakdowns import period_cells, without_hidden
from civicpulse.analytics.filters import Choice
from civicpulse.analytics.models import QuestionDailyRollup
from civicpulse.analytics.statistics.drivers import RelativeWeights, relative_weights
from civicpulse.analytics.statistics.estimates import Estimate
from civicpulse.analytics.statistics.summaries import ScoreMoments, mean_estimate
from civicpulse.analytics.sums import Selection, counted_responses
from civicpulse.feedback.models import Question, QuestionKind, Questionnaire, Response

LATEST = 5000  # respondent rows read at most
SMALL_N = 100  # below this many complete rows the weights are shaky whatever the aspects
ASPECT_KINDS = (QuestionKind.STARS, QuestionKind.SMILEYS, QuestionKind.SCALE)


@dataclass(frozen=True)
class Aspect:
    key: str
    label: str


@dataclass(frozen=True)
class DriverQuestionnaire:
    questionnaire: Questionnaire
    aspects: tuple[Aspect, ...]
    responses: int  # with a headline score, in the selection


@dataclass(frozen=True)
class AspectWeight:
    aspect: Aspect
    weight: float | None  # raw weight: its part of R²
    share: float | None  # % of R²
    mean: Estimate  # the aspect's mean rating in the rows used


@dataclass
class KeyDrivers:
    questionnaires: list[DriverQuestionnaire]
    chosen: DriverQuestionnaire | None
    read: int = 0  # rows read (at most LATEST)
    result: RelativeWeights | None = None
    aspects: list[AspectWeight] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.chosen is not None and self.chosen.responses > self.read

    @property
    def small(self) -> bool:
        result = self.result
        return result is not None and (result.n < SMALL_N or result.small_sample)


def questionnaire_aspects(organization) -> dict[int, tuple[Aspect, ...]]:
    """Each questionnaire's sub-ratings by key; labels from the newest version asking them."""
    rows = (
        Question.objects.filter(
            version__questionnaire__organization=organization,
            kind__in=ASPECT_KINDS,
            is_headline=False,
            parent__isnull=True,  # follow-ups are asked of some respondents only
        )
        .order_by("version__questionnaire", "version__number", "position")
        .select_related("version")
    )
    found: dict[int, dict[str, Aspect]] = defaultdict(dict)
    for question in rows:
        found[question.version.questionnaire_id][question.key] = Aspect(question.key, question.text)
    return {pk: tuple(aspects.values()) for pk, aspects in found.items()}


def scored_counts(selection: Selection, questionnaires: list[int]) -> dict[int, int]:
    """Responses with a headline score per questionnaire: from the daily question rollup
    (its headline answers), or, for a channel or language it does not keep, from raw rows."""
    if selection.channel or selection.language:
        rows = (
            counted_responses(selection)
            .filter(version__questionnaire__in=questionnaires, score__isnull=False)
            .values_list("version__questionnaire")
            .annotate(n=Count("id"))
        )
    else:
        rows = QuestionDailyRollup.objects.filter(
            organization=selection.organization,
            day__gte=selection.start,
            day__lte=selection.end,
            question__is_headline=True,
            question__version__questionnaire__in=questionnaires,
        )
        if selection.touchpoints is not None:
            rows = rows.filter(touchpoint__in=selection.touchpoints.values("pk"))
        rows = rows.values_list("question__version__questionnaire").annotate(n=Sum("answers"))
    return {pk: n for pk, n in rows.order_by() if n}


def driver_questionnaires(selection: Selection) -> list[DriverQuestionnaire]:
    """Questionnaires with sub-ratings answered in the selection, most responses first."""
    aspects = questionnaire_aspects(selection.organization)
    if not aspects:
        return []
    counts = scored_counts(selection, list(aspects))
    questionnaires = Questionnaire.objects.filter(
        organization=selection.organization, pk__in=list(counts)
    )
    found = [DriverQuestionnaire(q, aspects[q.pk], counts[q.pk]) for q in questionnaires]
    return sorted(found, key=lambda item: (-item.responses, item.questionnaire.title))


def respondent_rows(
    selection: Selection, chosen: DriverQuestionnaire, *, limit: int | None = None
) -> np.ndarray:
    """The latest `limit` scored responses: [headline score, aspect 1, …], NaN where unanswered."""
    latest = (
        counted_responses(selection)
        .filter(version__questionnaire=chosen.questionnaire, score__isnull=False)
        .order_by("-submitted_at")
        .values("pk")[: limit or LATEST]
    )
    columns = {
        f"aspect_{index}": Max("answers__number", filter=Q(answers__question__key=aspect.key))
        for index, aspect in enumerate(chosen.aspects)
    }
    rows = (
        Response.objects.filter(pk__in=latest)
        .values("pk", "score")
        .annotate(**columns)
        .order_by()
        .values_list("score", *columns)
    )
    table = np.array(
        [[np.nan if value is None else value for value in row] for row in rows], dtype=float
    )
    return table.reshape(-1, 1 + len(chosen.aspects))


def _mean(values: np.ndarray) -> Estimate:
    n = int(values.size)
    return mean_estimate(
        ScoreMoments(
            n,
            float(values.mean()) if n else None,
            float(values.var(ddof=1)) if n > 1 else None,
        )
    )


def key_drivers(choice: Choice, *, questionnaire: int | None = None) -> KeyDrivers:
    """The relative weights of the chosen questionnaire's aspects (by default the one with
    most responses) in the choice's selection, less employees rated too few times."""
    cells = period_cells(choice)
    selection = without_hidden(choice.selection(), cells)
    questionnaires = driver_questionnaires(selection)
    by_pk = {item.questionnaire.pk: item for item in questionnaires}
    chosen = by_pk.get(questionnaire) or (questionnaires[0] if questionnaires else None)
    if chosen is None:
        return KeyDrivers(questionnaires, None)
    table = respondent_rows(selection, chosen)
    complete = table[~np.isnan(table).any(axis=1)]
    result = relative_weights(
        predictors=complete[:, 1:],
        outcome=complete[:, 0],
        names=[aspect.key for aspect in chosen.aspects],
    )
    aspects = [
        AspectWeight(
            aspect,
            result.weights[index] if result.weights else None,
            result.shares[index] if result.shares else None,
            _mean(complete[:, 1 + index]),
        )
        for index, aspect in enumerate(chosen.aspects)
    ]
    aspects.sort(key=lambda item: -(item.weight or 0))
    return KeyDrivers(questionnaires, chosen, len(table), result, aspects)
