from django import template

from civicpulse.backoffice.navigation import sections_for
from civicpulse.core.branding import text_colour_on
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


register.filter("text_colour_on", text_colour_on)
register.filter("job_title", job_title)


@register.filter
def last_line(text: str) -> str:
    """The last non-empty line of a traceback: the error itself."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""
