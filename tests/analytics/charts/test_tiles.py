"""Web Mercator: tile numbers for known places, computed by hand from the slippy-map formulas
x = (lon + 180) / 360 · 2^z and y = (1 - ln(tan φ + sec φ) / π) / 2 · 2^z."""

import pytest

from civicpulse.analytics.charts.tiles import TILE, MercatorFrame, tile_of, tile_url, world_pixel
from civicpulse.core.flat_map import Canvas

CANVAS = Canvas(width=720, min_height=300, max_height=520, margin=32, bottom=40)


@pytest.mark.parametrize(
    ("latitude", "longitude", "zoom", "tile"),
    [
        (0, 0, 0, (0, 0)),  # one tile holds the world
        # Sofia: x = 203.3219 / 360 · 1024 = 578.3; tan 42.6977° = 0.9229, sec = 1.3609,
        # ln(2.2838) = 0.8259, (1 - 0.8259/π) / 2 · 1024 = 377.4
        (42.6977, 23.3219, 10, (578, 377)),
        # x = 359/360 · 4 = 3.99; sin(-60°) = -0.866: y = (0.5 + 2.634/4π) · 4 = 2.84
        (-60, 179, 2, (3, 2)),
        (85.1, -180, 1, (0, 0)),  # beyond Mercator's edge: clamped into the top row
    ],
)
def test_tile_of_known_places(latitude, longitude, zoom, tile):
    assert tile_of(latitude, longitude, zoom) == tile


def test_world_pixel_of_sofia():
    x, y = world_pixel(42.6977, 23.3219, 10)
    assert (x / TILE, y / TILE) == pytest.approx((578.34, 377.44), abs=0.01)


def test_the_zoom_is_the_deepest_that_fits_the_width():
    # One degree of longitude is 256·2^z / 360 pixels: 364 at z 9, 728 at z 10 (> 656 room)
    frame = MercatorFrame.around([(0, 0), (0, 1)], canvas=CANVAS)
    assert frame.zoom == 9


def test_the_tiles_cover_the_whole_canvas_and_name_their_zoom():
    frame = MercatorFrame.around([(42.40, 25.60), (42.45, 25.66)], canvas=CANVAS)
    tiles = frame.tiles("https://tiles.example.org/{z}/{x}/{y}.png?key={key}")
    assert min(t.x for t in tiles) <= 0 and max(t.x for t in tiles) + TILE >= frame.width
    assert min(t.y for t in tiles) <= 0 and max(t.y for t in tiles) + TILE >= frame.height
    x, y = tile_of(42.40, 25.60, frame.zoom)
    assert f"https://tiles.example.org/{frame.zoom}/{x}/{y}.png?key={{key}}" in {
        t.href for t in tiles
    }


def test_places_land_inside_the_margins():
    coordinates = [(42.40, 25.60), (42.45, 25.66), (42.43, 25.61)]
    frame = MercatorFrame.around(coordinates, canvas=CANVAS)
    for x, y in (frame.place(*c) for c in coordinates):
        assert CANVAS.margin <= x <= frame.width - CANVAS.margin
        assert CANVAS.margin <= y <= frame.height - CANVAS.bottom


def test_the_scale_bar_measures_the_equator_at_its_zoom(english):
    frame = MercatorFrame.around([(0, 0), (0, 1)], canvas=CANVAS)
    # 40075 km / (256 · 2^9) = 0.3057 km a pixel; a fifth of 720 px is 44 km → a 20 km bar
    bar = frame.scale_bar()
    assert bar.label == "20 km"
    assert bar.length == pytest.approx(20 / 0.3057, abs=0.5)


def test_tile_url_leaves_other_braces():
    assert tile_url("/t/{z}/{x}/{y}.png?s={s}", 3, 4, 5) == "/t/3/4/5.png?s={s}"
