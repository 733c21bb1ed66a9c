"""Text on a chart: numbers in the active language, labels cut to fit, text widths guessed.

Charts are drawn on the server, where no font metrics are at hand; widths are estimated
from the character count at a generous average advance, so a label never runs over.
"""

import threading
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.utils import numberformat
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civicpulse.analytics.statistics.estimates import Estimate

FONT_SIZE = 13  # px; never below 12 (WCAG-readable at 100 %)
SMALL_FONT_SIZE = 12
CHAR_WIDTH = 0.62  # of the font size: DejaVu Sans' average advance for Latin and Cyrillic
ELLIPSIS = "…"


# Pages of hundreds of places format tens of thousands of numbers: the active language's
# separators are looked up once per language, not three times per number.
_separators: dict[str | None, tuple[str, str, bool]] = {}


@receiver(setting_changed)
def _forget_separators(**kwargs) -> None:
    _separators.clear()


_pinned = threading.local()


@contextmanager
def separators_pinned():
    """Within, numbers take the separators of the language active on entry, without
    looking the language up for each one (a page has thousands): for a request's figures,
    not for code that switches language inside."""
    previous = getattr(_pinned, "separators", None)
    _pinned.separators = separators()
    try:
        yield
    finally:
        _pinned.separators = previous


def separators() -> tuple[str, str, bool]:
    """The active language's (decimal separator, thousand separator, whether plain numbers
    are grouped by thousands)."""
    pinned = getattr(_pinned, "separators", None)
    if pinned is not None:
        return pinned
    language = get_language()
    found = _separators.get(language)
    if found is None:
        grouped = bool(
            numberformat.settings.USE_THOUSAND_SEPARATOR and get_format("NUMBER_GROUPING")
        )
        found = _separators[language] = (
            get_format("DECIMAL_SEPARATOR"),
            get_format("THOUSAND_SEPARATOR"),
            grouped,
        )
    return found


def number(value: float, decimals: int = 1) -> str:
    """7.45 → "7,5" in Bulgarian, "7.5" in English (as Django's number_format would)."""
    value = round(value, decimals)
    decimal_sep, _thousand_sep, grouped = separators()
    text = str(value)
    if grouped or not isinstance(value, float | int) or "e" in text or "n" in text:
        return number_format(value, decimal_pos=decimals, use_l10n=True)
    whole, _point, fraction = text.partition(".")
    if not decimals:
        return whole
    return f"{whole}{decimal_sep}{fraction[:decimals].ljust(decimals, '0')}"


def fixed(value, decimals: int) -> str:
    """What {{ value|floatformat:decimals }} writes (halves rounded up), a decimals > 0."""
    decimal_sep, _thousand_sep, grouped = separators()
    if value is None or grouped or not isinstance(value, float | int | Decimal):
        return floatformat(value, decimals)
    try:
        rounded = Decimal(str(value)).quantize(_PLACES[decimals], ROUND_HALF_UP)
    except (ArithmeticError, KeyError):
        return floatformat(value, decimals)
    if not rounded.is_finite():
        return floatformat(value, decimals)
    return f"{rounded if rounded else abs(rounded):f}".replace(".", decimal_sep)


_PLACES = {places: Decimal(1).scaleb(-places) for places in range(1, 7)}


def count(value: int) -> str:
    """1234 → "1 234" in Bulgarian (a non-breaking space), "1,234" in English.

    Grouped by thousands in every language: Django's Bulgarian formats leave out
    NUMBER_GROUPING, which would print "1234".
    """
    decimal_sep, thousand_sep, _grouped = separators()
    if isinstance(value, Integral):
        return f"{int(value):,}".replace(",", thousand_sep)
    return numberformat.format(
        value, decimal_sep, grouping=3, thousand_sep=thousand_sep, force_grouping=True
    )


def percent(value: float) -> str:
    """95 → "95 %", 99.8 → "99,8 %" in Bulgarian; kept out of messages, where a bare "%"
    would read as a placeholder."""
    return f"{number(value, 0 if float(value).is_integer() else 1)}\u00a0%"


def confidence_label(confidence: float) -> str:
    """0.95 → "95 %"."""
    return percent(round(confidence * 100, 1))


def n_label(n: int) -> str:
    return _("n = %(n)s") % {"n": count(n)}


def estimate_label(estimate: Estimate, *, decimals: int = 1, value_format=None) -> str:
    """ "7,4 (6,9–7,9), n = 123", or "no data, n = 0"; what a mark's tooltip says."""
    show = value_format or (lambda value: number(value, decimals))
    if estimate.value is None:
        return _("no data, %(n)s") % {"n": n_label(estimate.n)}
    if estimate.interval is None:
        return _("%(value)s, %(n)s") % {"value": show(estimate.value), "n": n_label(estimate.n)}
    return _("%(value)s (%(low)s–%(high)s), %(n)s") % {
        "value": show(estimate.value),
        "low": show(estimate.low),
        "high": show(estimate.high),
        "n": n_label(estimate.n),
    }


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    return len(text) * font_size * CHAR_WIDTH


def cut(text: str, width: float, font_size: float = FONT_SIZE) -> str:
    """The text, or as much of it as fits in ``width`` followed by an ellipsis."""
    fits = int(width / (font_size * CHAR_WIDTH))
    if len(text) <= fits:
        return text
    return text[: max(fits - 1, 1)].rstrip() + ELLIPSIS
