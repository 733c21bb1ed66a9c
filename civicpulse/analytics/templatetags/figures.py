"""Figures in dashboard pages: estimates with their intervals and n, changes, drill links.

{% load figures %}
{{ sums.mean|score }}          7,4
{% interval sums.mean %}       (95 % CI 7,1-7,7; n = 1 234)
{{ share|share }}              82 %
{% drill choice row %}         ?period=30d&area=4
"""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from civicpulse.analytics.charts.labels import count, number
from civicpulse.analytics.charts.markup import esc

register = template.Library()


@register.filter
def score(estimate) -> str:
    """A mean score to one decimal, or a dash."""
    return "—" if estimate is None or estimate.value is None else number(estimate.value)


@register.filter
def share(value) -> str:
    """A share (0-1, or an Estimate of one) as a whole percentage, or a dash."""
    value = getattr(value, "value", value)
    return "—" if value is None else f"{number(100 * value, 0)} %"


@register.filter
def signed_share(value) -> str:
    """A change of a share or ratio with its sign, as a whole percentage: +12 %."""
    value = getattr(value, "value", value)
    return "—" if value is None else f"{signed(100 * value, 0)} %"


@register.filter
def signed(value, decimals: int = 1) -> str:
    """A change with its sign: +0,4 / −1,2 (a true minus sign), or a dash."""
    value = getattr(value, "value", value)
    if value is None:
        return "—"
    text = number(abs(value), int(decimals))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@register.filter
def grouped(value) -> str:
    """A count grouped by thousands in the active language."""
    return "—" if value is None else count(int(value))


@register.simple_tag
def interval(estimate, scale: float = 1, decimals: int = 1):
    """The estimate's (or a difference's) interval and n in brackets, or why there is none.

    Written without format_html: long tables have one a row."""
    if estimate is None:
        return SafeString("(n = 0)")
    if hasattr(estimate, "n_first"):  # a Difference: both samples' sizes
        n = f"{count(estimate.n_first)} / {count(estimate.n_second)}"
    else:
        n = count(estimate.n)
    if estimate.low is None:
        return SafeString(f"({esc(_('n = %(n)s, too few for an interval') % {'n': n})})")
    text = _("95%% CI %(low)s to %(high)s; n = %(n)s") % {
        "low": number(estimate.low * scale, decimals),
        "high": number(estimate.high * scale, decimals),
        "n": n,
    }
    return SafeString(f"({esc(text)})")


@register.simple_tag
def drill(choice, row) -> str:
    """The query string that narrows the dashboard to a row, or "" when it cannot."""
    if row.drill is None:
        return ""
    return f"?{choice.query(**row.drill)}"


@register.simple_tag
def with_query(choice, **changes) -> str:
    return f"?{choice.query(**changes)}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
