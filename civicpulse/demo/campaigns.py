"""The yearly survey of the administrative service centre: a campaign with its own
questionnaire, open now, and answers written in bulk like the places' responses."""

from datetime import datetime, timedelta
from itertools import repeat

import numpy as np
from django.db import transaction
from django_scopes import scope

from civicpulse.core.models import Organization
from civicpulse.demo.answers import AnswerGenerator, scores_draw, version_plan
from civicpulse.demo.bulk import (
    bulk_load,
    moments_as_text,
    rows_insert,
    sequences_reset,
    table_next_id,
)
from civicpulse.demo.comments import comment_theme
from civicpulse.demo.responses import answer_rows_insert
from civicpulse.feedback.campaigns import campaign_create
from civicpulse.feedback.models import Answer, Campaign, Channel, Response
from civicpulse.feedback.questionnaires import questionnaire_create

# Of a municipality's responses, the share that answers its yearly survey.
SURVEY_SHARE = 0.025
SURVEY_QUALITY = 8.4  # the centre's mean satisfaction, 0-10
SURVEY_ENGLISH = 0.03
OPENED_DAYS_AGO, CLOSES_IN_DAYS = 75, 45
SURVEY_COLUMNS = (
    "id", "organization_id", "campaign_id", "version_id", "channel", "language",
    "submitted_at", "score", "photo", "has_comment",
)  # fmt: skip


def _texts(bg: str, en: str) -> dict[str, str]:
    return {"bg": bg, "en": en}


def _options(*pairs: tuple[str, str, str]) -> list[dict]:
    return [{"key": key, "label": _texts(bg, en)} for key, bg, en in pairs]


SURVEY_TITLE = _texts(
    "Годишна анкета за Центъра за административно обслужване",
    "Yearly survey of the administrative service centre",
)
SURVEY_INTRODUCTION = _texts(
    "Кажете ни как ви обслужихме тази година. Анкетата е анонимна и отнема две минути.",
    "Tell us how we served you this year. The survey is anonymous and takes two minutes.",
)
SURVEY_DEFINITION = {
    "title": SURVEY_TITLE,
    "questions": [
        {
            "key": "visits",
            "kind": "single",
            "required": True,
            "text": _texts("Колко често посещавате Центъра?", "How often do you visit the centre?"),
            "options": _options(
                ("weekly", "Всяка седмица", "Every week"),
                ("monthly", "Всеки месец", "Every month"),
                ("yearly", "Няколко пъти в годината", "A few times a year"),
                ("first", "За първи път", "This is my first time"),
            ),
        },
        {
            "key": "services",
            "kind": "multiple",
            "text": _texts("Кои услуги използвахте?", "Which services did you use?"),
            "options": _options(
                ("civil-registration", "Гражданска регистрация", "Civil registration"),
                ("local-taxes", "Местни данъци и такси", "Local taxes and fees"),
                ("property", "Удостоверения за имоти", "Property certificates"),
                ("building", "Строителни документи", "Building documents"),
                ("social", "Социални услуги", "Social services"),
                ("other", "Друго", "Something else"),
            ),
        },
        {
            "key": "satisfaction",
            "kind": "scale",
            "required": True,
            "headline": True,
            "text": _texts(
                "Доколко сте доволни от обслужването?", "How satisfied are you with the service?"
            ),
        },
        {
            "key": "improve",
            "kind": "text",
            "text": _texts("Какво да подобрим?", "What should we improve?"),
        },
    ],
}


def demo_survey_create(
    *, organization: Organization, total: int, now: datetime, rng: np.random.Generator
) -> Campaign:
    """The survey, open since OPENED_DAYS_AGO, with `total` responses spread over that time."""
    with scope(organization=organization):
        questionnaire = questionnaire_create(
            organization=organization, definition=SURVEY_DEFINITION
        )
        campaign = campaign_create(
            organization=organization,
            title_bg=SURVEY_TITLE["bg"],
            title_en=SURVEY_TITLE["en"],
            introduction_bg=SURVEY_INTRODUCTION["bg"],
            introduction_en=SURVEY_INTRODUCTION["en"],
            questionnaire=questionnaire,
            starts_at=now - timedelta(days=OPENED_DAYS_AGO),
            ends_at=now + timedelta(days=CLOSES_IN_DAYS),
        )
        if total > 0:
            with bulk_load(models=[Response, Answer]), transaction.atomic():
                _responses_write(campaign, total=total, now=now, rng=rng)
                sequences_reset(models=[Response, Answer])
    return campaign


def _responses_write(campaign: Campaign, *, total: int, now: datetime, rng) -> None:
    version = campaign.questionnaire.current_version
    start = campaign.starts_at.timestamp()
    moments = np.sort(rng.uniform(start, now.timestamp(), total)).astype(np.int64)
    scores = scores_draw(np.full(total, SURVEY_QUALITY), rng)
    english = rng.random(total) < SURVEY_ENGLISH
    response_ids = table_next_id(model=Response) + np.arange(total, dtype=np.int64)
    generator = AnswerGenerator(
        version_plan(version), theme=comment_theme("administrative-service"), places=1, rng=rng
    )
    answers = generator.generate(
        response_ids=response_ids,
        touchpoints=np.zeros(total, dtype=np.int64),  # one taste: the centre's
        scores=scores,
        english=english,
    )
    rows_insert(
        model=Response,
        columns=SURVEY_COLUMNS,
        rows=zip(
            response_ids.tolist(),
            repeat(campaign.organization_id),
            repeat(campaign.pk),
            repeat(version.pk),
            repeat(Channel.LINK.value),
            np.where(english, "en", "bg").tolist(),
            moments_as_text(moments),
            scores.tolist(),
            repeat(""),
            answers.commented(response_ids),
        ),
    )
    answer_rows_insert(answers)
