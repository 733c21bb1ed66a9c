"""Markup for the many repeated parts of a page (table rows, chart marks) built in Python:
the template engine costs tens of microseconds a tag, and pages of hundreds of places have
thousands. Everything written goes through `esc` unless it is already safe."""

import re
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeData, SafeString


def esc(value) -> str:
    """What {{ value }} writes: escaped text, or the markup of a safe string as it is."""
    if isinstance(value, SafeData):
        return str(value)
    text = str(value)
    # Most texts (numbers, names) have nothing to escape: looking is cheaper than escaping.
    return escape(text) if _SPECIAL.search(text) else text


_SPECIAL = re.compile("[&<>\"']")


def plain(value) -> str:
    """A number as {% localize off %} writes it (SVG coordinates): 12.5, never 12,5."""
    text = str(value)
    if isinstance(value, float) and ("e" in text or "n" in text):
        return number_format(value, use_l10n=False)
    return text


def joined(parts) -> SafeString:
    return SafeString("".join(parts))


def linked(href: str | None, label: str, markup: str) -> str:
    """A mark inside a link named ``label``, when it links anywhere."""
    if not href:
        return markup
    return f'<a href="{esc(href)}" aria-label="{esc(label)}">{markup}</a>'


def titled_paths(marks, paint) -> SafeString:
    """Marks (with ``d``, ``title`` and ``href``) as titled <path>s, each inside its link;
    ``paint(mark)`` gives the path's other attributes."""
    return joined(
        linked(
            mark.href,
            mark.title,
            f'<path d="{esc(mark.d)}"{paint(mark)}><title>{esc(mark.title)}</title></path>',
        )
        for mark in marks
    )
