"""The score map: outlines from the data, hollow small places, places without coordinates,
and tiles when configured."""

import pytest

from civicpulse.analytics.charts import ScoredPlace, TileSource, score_map
from civicpulse.analytics.charts.scales import DIVERGING
from civicpulse.analytics.charts.score_maps import AREA_PAD
from tests.analytics.charts.conftest import SVG, estimate, inline, texts

SQUARE = [(42.40, 25.60), (42.40, 25.64), (42.44, 25.60), (42.44, 25.64)]


def place(label, latitude, longitude, area="Town", value=7.5, n=50, **extra):
    return ScoredPlace(label, latitude, longitude, estimate(value, n), area, **extra)


def corners(d: str) -> list[tuple[float, float]]:
    """The vertices of an 'M x yLx y…Z' path."""
    return [tuple(map(float, pair.split())) for pair in d.strip("MZ").split("L")]


def test_an_area_is_outlined_by_its_places_convex_hull(english):
    places = [place(f"corner {i}", *c) for i, c in enumerate(SQUARE)]
    places.append(place("middle", 42.42, 25.62))
    chart = score_map(places, title="t", tiles=TileSource(""))
    assert len(chart.markers) == 5
    (outline,) = chart.areas
    corner_spots = {(m.x, m.y) for m in chart.markers if "corner" in m.title}
    assert set(corners(outline.d)) == corner_spots  # the middle place is inside, not a corner
    assert outline.full_label == "Town"
    root = inline(chart)
    assert "Town" in texts(root)
    # Grown by a round stroke, so no place sits on the outline's edge.
    widths = {g.get("stroke-width") for g in root.iter(f"{SVG}g") if g.get("stroke-linejoin")}
    assert widths == {str(2 * AREA_PAD), str(2 * AREA_PAD + 2)}


def test_areas_with_fewer_than_three_places_get_a_circle_and_a_line_a_capsule():
    places = [
        place("a", 42.40, 25.60, area="Village"),
        place("b", 42.41, 25.61, area="Village"),
        *(place(f"line {i}", 42.50 + i / 100, 25.70, area="Road") for i in range(3)),
        place("alone", 42.45, 25.80, area="Hamlet"),
    ]
    chart = score_map(places, title="t", tiles=TileSource(""))
    shapes = {area.full_label: area.d for area in chart.areas}
    assert "a" in shapes["Village"]  # arcs: a circle through both places
    assert shapes["Hamlet"].endswith("h0")  # a dot, made round by the stroke
    assert len(corners(shapes["Road"])) == 2  # from one end of the line to the other


def test_small_places_are_hollow_and_grey_and_the_rest_coloured_by_score(english):
    places = [place("few", *SQUARE[0], n=2), place("low", *SQUARE[1], value=5)]
    places += [place("high", *SQUARE[2], value=9), place("mid", *SQUARE[3], value=7)]
    chart = score_map(places, title="t", tiles=TileSource(""), min_n=5)
    by_label = {marker.title.split(" (")[0]: marker for marker in chart.markers}
    assert by_label["few"].colour is None
    assert "too few ratings to colour" in by_label["few"].title
    assert by_label["low"].colour == DIVERGING[0] and by_label["high"].colour == DIVERGING[-1]
    assert (by_label["low"].shape, by_label["high"].shape) == ("down", "up")  # not colour alone
    assert "fewer than 5 ratings" in texts(inline(chart))
    assert "1 with too few ratings is grey" in chart.description


def test_places_without_coordinates_are_counted_not_drawn(english):
    places = [place("here", *SQUARE[0]), place("nowhere", None, None), place("half", 42.1, None)]
    chart = score_map(places, title="t", tiles=TileSource(""))
    assert len(chart.markers) == 1
    assert chart.without_coordinates == 2
    assert "2 places without coordinates are not on the map." in texts(inline(chart))


def test_markers_link_to_their_place():
    chart = score_map([place("a", *SQUARE[0], href="/p/1/")], title="t", tiles=TileSource(""))
    assert [a.get("href") for a in inline(chart).iter(f"{SVG}a")] == ["/p/1/"]


def test_without_tiles_nothing_is_fetched(settings):
    settings.MAP_TILES_URL = ""
    root = inline(score_map([place("a", *c) for c in SQUARE], title="t"))
    assert not list(root.iter(f"{SVG}image"))


def test_configured_tiles_are_drawn_under_the_places_with_their_attribution(settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = "© OpenStreetMap contributors"
    chart = score_map([place("a", *c) for c in SQUARE], title="t")
    root = inline(chart)
    images = list(root.iter(f"{SVG}image"))
    assert images and all(
        image.get("href").startswith("https://tiles.example.org/") for image in images
    )
    assert not chart.areas  # the tiles show the ground
    assert "© OpenStreetMap contributors" in texts(root)


@pytest.mark.parametrize(("language", "unit"), [("en", "km"), ("bg", "км")])
def test_the_scale_bar_speaks_the_language(language, unit):
    from django.utils import translation

    with translation.override(language):
        chart = score_map([place("a", *c) for c in SQUARE], title="t", tiles=TileSource(""))
    assert chart.scale_bar.label.endswith(unit)


def test_no_places_draw_a_no_data_map(english):
    assert "No places to show." in texts(inline(score_map([], title="t")))
    only_unlocated = score_map([place("x", None, None)], title="t")
    assert "1 place without coordinates is not on the map." in texts(inline(only_unlocated))
