"""Content stored in both languages, as `<name>_bg` and `<name>_en` columns."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("bg", "en")
FALLBACK_LANGUAGE = "bg"


def active_language() -> str:
    language = (get_language() or FALLBACK_LANGUAGE)[:2]
    return language if language in CONTENT_LANGUAGES else FALLBACK_LANGUAGE


class Translated:
    """Reads `<name>_<active language>`, falling back to Bulgarian when that one is empty."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, f"{self.name}_{active_language()}", "")
        return value or getattr(instance, f"{self.name}_{FALLBACK_LANGUAGE}", "")


def translated_char_fields(verbose_name, *, max_length=200, blank=False):
    """The `_bg` and `_en` pair for one text; use as `name_bg, name_en = translated_...`."""
    return (
        models.CharField(format_lazy("{} (BG)", verbose_name), max_length=max_length, blank=blank),
        models.CharField(format_lazy("{} (EN)", verbose_name), max_length=max_length, blank=True),
    )
