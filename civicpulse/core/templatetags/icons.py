"""`{% icon name %}`: a bundled SVG drawn inline, so it takes the surrounding text colour."""

import re
from functools import lru_cache
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

ICON_NAME = re.compile(r"^[a-z][a-z-]*$")
FALLBACK = "pin"


@lru_cache(maxsize=64)
def _svg(name: str) -> str:
    if not ICON_NAME.match(name):
        return ""
    found = finders.find(f"civicpulse/icons/{name}.svg")
    return Path(found).read_text(encoding="utf-8").strip() if found else ""


@register.simple_tag
def icon(name, css_class="icon"):
    """Decorative: hidden from screen readers, so the text beside it must say what it means."""
    markup = _svg(str(name)) or _svg(FALLBACK)
    opening = format_html('<svg class="{}" focusable="false" ', css_class)
    return mark_safe(markup.replace("<svg ", opening, 1))  # noqa: S308  our own static files
