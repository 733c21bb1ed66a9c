"""Links that open a case's place in a map site: built from MAP_LINK_URL, never fetched."""

from decimal import Decimal

from civicpulse.core.templatetags.maps import map_link


def test_the_link_carries_the_coordinates(settings):
    settings.MAP_LINK_URL = "https://maps.example/?lat={lat}&lon={lon}"
    link = map_link(Decimal("42.4258"), Decimal("25.6345"))
    assert link == "https://maps.example/?lat=42.425800&lon=25.634500"


def test_no_link_without_coordinates_or_a_map_site(settings):
    assert map_link(None, Decimal("25.6345")) == ""
    settings.MAP_LINK_URL = ""
    assert map_link(Decimal("42.4258"), Decimal("25.6345")) == ""
