"""Responses made through the real recording path, for the analytics tests."""

import random

from django_scopes import scope

from civicpulse.feedback.abuse import response_flag, response_restore
from civicpulse.feedback.models import Answer, Response
from civicpulse.feedback.responses import current_version_for, response_record


def rated_definition() -> dict:
    """A headline 0-10 rating, two sub-ratings (stars, yes/no), a choice and a comment."""
    return {
        "title": {"bg": "Услуга", "en": "Service"},
        "questions": [
            {"key": "overall", "kind": "scale", "text": {"bg": "Оценка", "en": "Score"}},
            {"key": "staff", "kind": "stars", "text": {"bg": "Служители", "en": "Staff"}},
            {"key": "quick", "kind": "yes_no", "text": {"bg": "Бързо?", "en": "Quick?"}},
            {
                "key": "problem",
                "kind": "single",
                "text": {"bg": "Проблем", "en": "Problem"},
                "options": [
                    {"key": "dirty", "label": {"bg": "Мръсно", "en": "Dirty"}},
                    {"key": "slow", "label": {"bg": "Бавно", "en": "Slow"}},
                ],
            },
            {"key": "comment", "kind": "text", "text": {"bg": "Коментар", "en": "Comment"}},
        ],
    }


def flag(response):
    with scope(organization=response.organization):
        response_flag(response=response)


def restore(response):
    with scope(organization=response.organization):
        response_restore(response=response)


def record(touchpoint, *, at, rng=random, **answers):
    answers = answers or {
        "overall": rng.randint(0, 10),
        **({"staff": rng.randint(1, 5)} if rng.random() < 0.7 else {}),
        **({"quick": rng.choice(["yes", "no"])} if rng.random() < 0.5 else {}),
        **({"problem": rng.choice(["dirty", "slow"])} if rng.random() < 0.3 else {}),
        **({"comment": "Добре"} if rng.random() < 0.2 else {}),
    }
    with scope(organization=touchpoint.organization):
        return response_record(
            touchpoint=touchpoint,
            answers=answers,
            channel=rng.choice(["qr", "kiosk"]),
            language=rng.choice(["bg", "en"]),
            submitted_at=at,
        )


def bulk_record(touchpoint, rows, *, channel="qr", language="bg"):
    """Hundreds of responses at once, for tests of statistics that need many: `rows` are
    (submitted_at, headline score, {question key: number}). The rows are what
    response_record stores (a response and its numeric answers), written in two bulk
    inserts; rollups_catch_up() then folds them as it folds any response."""
    with scope(organization=touchpoint.organization):
        version = current_version_for(touchpoint)
        questions = {question.key: question for question in version.question_list}
        headline = next(question for question in version.question_list if question.is_headline)
        responses = Response.objects.bulk_create(
            Response(
                organization=touchpoint.organization,
                touchpoint=touchpoint,
                version=version,
                channel=channel,
                language=language,
                submitted_at=at,
                score=score,
            )
            for at, score, _numbers in rows
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=question, number=number)
            for response, (_at, score, numbers) in zip(responses, rows, strict=True)
            for question, number in [
                (headline, score),
                *((questions[key], value) for key, value in numbers.items()),
            ]
            if number is not None
        )
    return responses
