"""The data the bench needs, made with the product's own services (Django is set up)."""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django_scopes import scopes_disabled
from PIL import Image

from bench.load import HIGHLIGHTS, PROBLEMS
from civicpulse.core.models import Category, Organization
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.questionnaires import questionnaire_create
from civicpulse.public.form_tokens import form_token_make

LABELS = {
    "dirty": ("Мръсно", "Dirty"),
    "broken": ("Счупени съоръжения", "Broken equipment"),
    "other": ("Друго", "Something else"),
    "clean": ("Чистотата", "How clean it is"),
    "staff": ("Поддръжката", "The upkeep"),
    "quiet": ("Спокойствието", "The quiet"),
}


def _options(keys) -> list[dict]:
    return [
        {"key": key, "label": dict(zip(("bg", "en"), LABELS[key], strict=True))} for key in keys
    ]


QUESTIONNAIRE = {
    "title": {"bg": "Паркове", "en": "Parks"},
    "questions": [
        {
            "key": "overall",
            "kind": "scale",
            "text": {"bg": "Как оценявате парка?", "en": "How would you rate this park?"},
            "required": True,
            "headline": True,
        },
        {
            "key": "problem",
            "kind": "multiple",
            "text": {"bg": "Какъв е проблемът?", "en": "What is the problem?"},
            "show_if": {"question": "overall", "min": 0, "max": 6},
            "options": _options(PROBLEMS),
        },
        {
            "key": "liked",
            "kind": "single",
            "text": {"bg": "Какво Ви хареса най-много?", "en": "What did you like most?"},
            "show_if": {"question": "overall", "min": 9, "max": 10},
            "options": _options(HIGHLIGHTS),
        },
        {
            "key": "comment",
            "kind": "text",
            "text": {"bg": "Искате ли да добавите нещо?", "en": "Anything to add?"},
        },
    ],
}


def _logo_png() -> bytes:
    # A municipality's posters carry its logo; a plain 400 px mark stands in for it.
    image = Image.new("RGB", (400, 400), (0, 94, 151))
    image.paste((255, 204, 0), (100, 100, 300, 300))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@scopes_disabled()
@transaction.atomic
def organization_with_touchpoints(slug: str, count: int, *, logo: bool = False) -> Organization:
    """An organisation, a category with the bench's questionnaire, and `count` places."""
    organization = Organization.objects.create(
        slug=slug,
        name_bg=f"Община Бенч {slug}",
        name_en=f"Bench municipality {slug}",
        registry_prefix="BN",
    )
    if logo:
        organization.logo.save("logo.png", ContentFile(_logo_png()))
    category = Category.objects.create(
        organization=organization, slug="parks", name_bg="Паркове", name_en="Parks"
    )
    questionnaire_create(organization=organization, category=category, definition=QUESTIONNAIRE)
    # Each code comes from the field's default, as Touchpoint.save would give it.
    Touchpoint.objects.bulk_create(
        Touchpoint(
            organization=organization,
            category=category,
            name_bg=f"Парк „Възраждане“ {n}, ул. „Цар Симеон Велики“ {n}",
            name_en=f"Vazrazhdane park {n}",
            latitude="42.425800",
            longitude="25.634500",
        )
        for n in range(1, count + 1)
    )
    return organization


@scopes_disabled()
def signed_targets(organization: Organization) -> list[tuple[str, str]]:
    """(code, form token) for each touchpoint: the token the rendered form would carry."""
    codes = Touchpoint.objects.filter(organization=organization).values_list("code", flat=True)
    return [(code, form_token_make(code=code)) for code in codes.order_by("pk")]
