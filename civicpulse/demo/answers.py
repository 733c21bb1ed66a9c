"""Scores and answers for a batch of responses to one questionnaire version, as numpy columns.

The generator reads the version's questions, so any definition works: the headline always
carries the score, other ratings follow it with some noise, follow-ups are answered only in
their score band, and each place has its own typical problems and highlights.
"""

from dataclasses import dataclass

import numpy as np

from civicpulse.demo.comments import comments_pick
from civicpulse.feedback.models import QuestionKind, QuestionnaireVersion
from civicpulse.feedback.models.questionnaires import NUMBER_RANGES

# How often a question that is shown but not required gets an answer.
ANSWER_RATES = {
    QuestionKind.SCALE: 0.7,
    QuestionKind.NPS: 0.8,
    QuestionKind.STARS: 0.7,
    QuestionKind.SMILEYS: 0.7,
    QuestionKind.YES_NO: 0.6,
    QuestionKind.SINGLE: 0.8,
    QuestionKind.MULTIPLE: 0.85,
}
# Comments come more often from the very unhappy (score 0-3 … 9-10).
COMMENT_RATES = np.array([0.22, 0.22, 0.22, 0.22, 0.12, 0.12, 0.12, 0.06, 0.06, 0.09, 0.09])
UPSET_SHARE = 0.03  # a few furious responses anywhere, more at poor places
SCORE_SPREAD = 1.9


@dataclass(frozen=True)
class QuestionPlan:
    id: int
    position: int
    kind: str
    headline: bool
    required: bool
    parent_id: int | None
    show_min: int | None
    show_max: int | None
    option_ids: np.ndarray

    @property
    def number_range(self) -> tuple[int, int] | None:
        return NUMBER_RANGES.get(self.kind)


def version_plan(version: QuestionnaireVersion) -> list[QuestionPlan]:
    return [
        QuestionPlan(
            id=q.pk,
            position=q.position,
            kind=q.kind,
            headline=q.is_headline,
            required=q.required,
            parent_id=q.parent_id,
            show_min=q.show_min,
            show_max=q.show_max,
            option_ids=np.array([o.pk for o in q.options.all()], dtype=np.int64),
        )
        for q in version.questions.prefetch_related("options").order_by("position")
    ]


def scores_draw(quality: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """0-10 headline scores around each response's place quality, capped at both ends."""
    scores = np.clip(np.rint(rng.normal(quality, SCORE_SPREAD)), 0, 10)
    upset = rng.random(len(quality)) < UPSET_SHARE + 0.3 / (1 + np.exp(2 * (quality - 5)))
    scores[upset] = rng.integers(0, 4, int(upset.sum()))
    return scores.astype(np.int16)


@dataclass
class AnswerRows:
    response_ids: np.ndarray
    question_ids: np.ndarray
    positions: np.ndarray
    numbers: np.ndarray  # -1 where the answer is not a number
    option_ids: np.ndarray  # 0 where no option was chosen
    texts: np.ndarray  # object array, "" where there is no text

    @classmethod
    def of(cls, response_ids, question: QuestionPlan, *, numbers=None, options=None, texts=None):
        n = len(response_ids)
        return cls(
            response_ids=response_ids,
            question_ids=np.full(n, question.id, dtype=np.int64),
            positions=np.full(n, question.position, dtype=np.int16),
            numbers=np.full(n, -1, dtype=np.int16) if numbers is None else numbers,
            option_ids=np.zeros(n, dtype=np.int64) if options is None else options,
            texts=np.full(n, "", dtype=object) if texts is None else texts,
        )

    @classmethod
    def concat(cls, parts: list["AnswerRows"]) -> "AnswerRows":
        """All parts in one, ordered by response and then by question."""
        fields = ("response_ids", "question_ids", "positions", "numbers", "option_ids", "texts")
        joined = {name: np.concatenate([getattr(p, name) for p in parts]) for name in fields}
        order = np.lexsort((joined["positions"], joined["response_ids"]))
        return cls(**{name: column[order] for name, column in joined.items()})

    def commented(self, response_ids: np.ndarray) -> list[bool]:
        """Per response, whether any of its answers is text (Response.has_comment)."""
        return np.isin(response_ids, self.response_ids[self.texts != ""]).tolist()


class AnswerGenerator:
    """Answers one version's questions; holds each place's taste in options between batches."""

    def __init__(self, questions: list[QuestionPlan], *, theme: str, places: int, rng):
        self.questions = questions
        self.theme = theme
        self.places = places
        self.rng = rng
        self.tastes: dict[int, np.ndarray] = {}

    def generate(self, *, response_ids, touchpoints, scores, english) -> AnswerRows:
        n, rng = len(response_ids), self.rng
        given: dict[int, np.ndarray] = {}  # question id → its number, -1 where unanswered
        parts = []
        for question in self.questions:
            shown = np.ones(n, dtype=bool)
            if question.parent_id is not None:
                parent = given.get(question.parent_id, np.full(n, -1))
                shown = (parent >= question.show_min) & (parent <= question.show_max)
            if question.kind == QuestionKind.TEXT:
                rate = 1.0 if question.required else COMMENT_RATES[scores]
                answered = np.flatnonzero(shown & (rng.random(n) < rate))
                texts = comments_pick(
                    theme=self.theme, scores=scores[answered], english=english[answered], rng=rng
                )
                parts.append(AnswerRows.of(response_ids[answered], question, texts=texts))
                continue
            rate = 1.0 if question.required or question.headline else ANSWER_RATES[question.kind]
            answered = np.flatnonzero(shown & (rng.random(n) < rate))
            if question.number_range:
                numbers = self._numbers(question, scores[answered])
                given[question.id] = np.full(n, -1, dtype=np.int16)
                given[question.id][answered] = numbers
                parts.append(AnswerRows.of(response_ids[answered], question, numbers=numbers))
            else:
                rows, options = self._choices(question, touchpoints[answered])
                parts.append(AnswerRows.of(response_ids[answered][rows], question, options=options))
        return AnswerRows.concat(parts)

    def _numbers(self, question: QuestionPlan, scores: np.ndarray) -> np.ndarray:
        low, high = question.number_range
        if question.headline:
            return (low + np.rint((high - low) * scores / 10)).astype(np.int16)
        if (low, high) == (0, 1):
            return (self.rng.random(len(scores)) < 1 / (1 + np.exp(-(scores - 5.5)))).astype(
                np.int16
            )
        spread = self.rng.normal(0, 0.12 * (high - low), len(scores))
        return np.clip(np.rint(low + (high - low) * scores / 10 + spread), low, high).astype(
            np.int16
        )

    def _choices(self, question: QuestionPlan, touchpoints: np.ndarray):
        """(row index into the answered, chosen option id) pairs: one per single choice,
        one or more per multiple choice, led by each place's own typical answers."""
        taste = self._taste(question)[touchpoints]
        cumulative = taste.cumsum(axis=1)
        favourite = (cumulative < self.rng.random((len(touchpoints), 1))).sum(axis=1)
        favourite = np.minimum(favourite, taste.shape[1] - 1)
        if question.kind == QuestionKind.SINGLE:
            return np.arange(len(touchpoints)), question.option_ids[favourite]
        chosen = self.rng.random(taste.shape) < np.minimum(0.9, taste * 1.2)
        chosen[np.arange(len(touchpoints)), favourite] = True
        rows, columns = np.nonzero(chosen)
        return rows, question.option_ids[columns]

    def _taste(self, question: QuestionPlan) -> np.ndarray:
        if question.id not in self.tastes:
            # Earlier options are the commoner ones; "something else" comes last.
            alpha = np.linspace(1.0, 0.3, len(question.option_ids))
            self.tastes[question.id] = self.rng.dirichlet(alpha, size=self.places)
        return self.tastes[question.id]
