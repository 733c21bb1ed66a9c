"""{% register_link organization %}: a link to the organisation's public register of cases,
on the public pages that fit, once the register has something to show."""

from django import template
from django_scopes import scope

from civicpulse.cases.published import published_cases

register = template.Library()


@register.inclusion_tag("public/register_link.html")
def register_link(organization):
    with scope(organization=organization):
        has_cases = published_cases(organization=organization).exists()
    return {"organization": organization, "has_cases": has_cases}
