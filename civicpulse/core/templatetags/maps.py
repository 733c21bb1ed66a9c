"""A link that opens a place in a map site (MAP_LINK_URL); the page itself loads nothing."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def map_link(latitude, longitude) -> str:
    """The map site's URL for these coordinates; empty without them or without a site."""
    if latitude is None or longitude is None or not settings.MAP_LINK_URL:
        return ""
    return settings.MAP_LINK_URL.format(lat=f"{latitude:.6f}", lon=f"{longitude:.6f}")
