"""The headline score as every figure counts it: on the 0-10 scale.

Most questionnaires rate the headline 0-10, but one may rate it with five stars or faces.
Its responses keep the answer as given (1-5); the figures count it on 0-10 as the kiosk's
five faces are (SMILEY_SCORES_0_10: 1 → 0, 2 → 2, 3 → 5, 4 → 8, 5 → 10),
so that every place's mean, NPS and share satisfied compare. The five-point versions are
few; with none (the usual case) the score is read as it is.
"""

from django.db.models import Case, Count, F, Q, QuerySet, SmallIntegerField, Sum, Value, When
from django.db.models.functions import Coalesce

from civicpulse.analytics.models.rollups import SCORES
from civicpulse.feedback.models import Question, QuestionKind, Response
from civicpulse.feedback.models.questionnaires import SMILEY_SCORES_0_10

FIVE_POINT_KINDS = (QuestionKind.STARS, QuestionKind.SMILEYS)
FIVE_POINT_ON_TEN = dict(zip(range(1, 6), SMILEY_SCORES_0_10, strict=True))


def five_point_versions() -> list[int]:
    """Questionnaire versions (of every organisation) whose headline is rated 1-5."""
    return list(
        Question.objects.filter(is_headline=True, kind__in=FIVE_POINT_KINDS)
        .values_list("version_id", flat=True)
        .distinct()
    )


def with_ten_point_scores(responses: QuerySet[Response]) -> QuerySet[Response]:
    """`responses` with `ten`: the headline score on 0-10 (None without one)."""
    versions = five_point_versions()
    if not versions:
        return responses.annotate(ten=F("score"))
    on_ten = Case(
        *(When(score=five, then=Value(ten)) for five, ten in FIVE_POINT_ON_TEN.items()),
        default=Value(None),
        output_field=SmallIntegerField(),
    )
    return responses.annotate(
        ten=Case(
            When(version_id__in=versions, then=on_ten),
            default=F("score"),
            output_field=SmallIntegerField(),
        )
    )


def ten_point_score(response: Response) -> int | None:
    """The same for one response, in Python."""
    if response.score is None or response.version_id not in five_point_versions():
        return response.score
    return FIVE_POINT_ON_TEN.get(response.score)


def response_sums() -> dict:
    """The rollups' sums over responses annotated by `with_ten_point_scores`."""
    return {
        "responses": Count("id"),
        "scored": Count("ten"),
        "score_sum": Coalesce(Sum("ten"), Value(0)),
        "score_squares": Coalesce(Sum(F("ten") * F("ten")), Value(0)),
        **{f"s{score}": Count("id", filter=Q(ten=score)) for score in SCORES},
    }
