from django import template

from civicpulse.backoffice.navigation import sections_for
from civicpulse.core.jobs import job_title
from civicpulse.core.tenancy import memberships_of

register = template.Library()


@register.filter
def can(membership, permission):
    """`{% if request.membership|can:"members.manage" %}`: False outside an organisation."""
    return membership is not None and membership.has_permission(permission)


@register.inclusion_tag("backoffice/_navigation.html", takes_context=True)
def backoffice_navigation(context):
    request = context["request"]
    match = request.resolver_match
    return {
        "organization": request.organization,
        "sections": sections_for(request.membership, match.url_name if match else None),
    }


@register.inclusion_tag("backoffice/_organization_switcher.html", takes_context=True)
def organization_switcher(context):
    request = context["request"]
    return {
        "current": request.organization,
        "memberships": memberships_of(request.user),
    }


@register.filter
def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background (#RRGGBB); either reaches
    a contrast of at least 4.5:1 against any colour."""
    try:
        red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except (TypeError, ValueError):
        return "#ffffff"

    def linear(channel):
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    contrast_with_white = 1.05 / (luminance + 0.05)
    contrast_with_black = (luminance + 0.05) / 0.05
    return "#ffffff" if contrast_with_white >= contrast_with_black else "#000000"


register.filter("job_title", job_title)


@register.filter
def last_line(text: str) -> str:
    """The last non-empty line of a traceback: the error itself."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""
