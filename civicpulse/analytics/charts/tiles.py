"""Web Mercator (EPSG:3857) for maps drawn over slippy-map tiles.

Only used when MAP_TILES_URL is set: the tiles come from a server the operator chose, and
the browser (or cairosvg, for a PNG) fetches them. At zoom z the world is 256·2^z pixels
square, tile (x, y) counted from the top-left corner.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from civicpulse.core.flat_map import Canvas, ScaleBar, scale_bar

TILE = 256
MAX_ZOOM = 17  # one place alone: a street's worth, not a doorstep
MAX_LATITUDE = 85.05112878  # where Web Mercator's square world ends
EQUATOR_KM_PER_PIXEL_Z0 = 40075.016686 / TILE


def world_pixel(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """The point's position in the whole world's pixels at ``zoom``."""
    latitude = max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude))
    size = TILE * 2**zoom
    x = (longitude + 180) / 360 * size
    sin = math.sin(math.radians(latitude))
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size
    return x, y


def tile_of(latitude: float, longitude: float, zoom: int) -> tuple[int, int]:
    """The (x, y) of the tile holding the point at ``zoom``."""
    x, y = world_pixel(latitude, longitude, zoom)
    last = 2**zoom - 1
    return (
        max(0, min(int(x // TILE), last)),
        max(0, min(int(y // TILE), last)),
    )


@dataclass(frozen=True)
class Tile:
    x: float  # the tile's top-left corner in the drawing
    y: float
    href: str


@dataclass(frozen=True)
class MercatorFrame:
    """The canvas over the world at one zoom: ``left``/``top`` in world pixels."""

    zoom: int
    left: float
    top: float
    width: int
    height: int

    @classmethod
    def around(
        cls, coordinates: Sequence[tuple[float, float]], *, canvas: Canvas
    ) -> "MercatorFrame":
        """The deepest zoom at which every point fits between the margins, centred."""
        room_x = canvas.width - 2 * canvas.margin
        room_y = canvas.max_height - canvas.margin - canvas.bottom
        zoom = 0
        for candidate in range(MAX_ZOOM, -1, -1):
            xs, ys = zip(*(world_pixel(*c, candidate) for c in coordinates), strict=True)
            if max(xs) - min(xs) <= room_x and max(ys) - min(ys) <= room_y:
                zoom = candidate
                break
        xs, ys = zip(*(world_pixel(*c, zoom) for c in coordinates), strict=True)
        height = max(
            canvas.min_height, math.ceil(max(ys) - min(ys) + canvas.margin + canvas.bottom)
        )
        return cls(
            zoom=zoom,
            left=(min(xs) + max(xs)) / 2 - canvas.width / 2,
            top=(min(ys) + max(ys)) / 2 - (canvas.margin + height - canvas.bottom) / 2,
            width=canvas.width,
            height=height,
        )

    def place(self, latitude: float, longitude: float) -> tuple[float, float]:
        x, y = world_pixel(latitude, longitude, self.zoom)
        return round(x - self.left, 1), round(y - self.top, 1)

    def tiles(self, url: str) -> tuple[Tile, ...]:
        """Every tile the canvas shows; ``url`` holds {z}, {x} and {y}."""
        count = 2**self.zoom
        first_x, last_x = math.floor(self.left / TILE), math.floor((self.left + self.width) / TILE)
        first_y = max(0, math.floor(self.top / TILE))
        last_y = min(count - 1, math.floor((self.top + self.height) / TILE))
        return tuple(
            Tile(
                x=round(tx * TILE - self.left, 1),
                y=round(ty * TILE - self.top, 1),
                href=tile_url(url, self.zoom, tx % count, ty),
            )
            for ty in range(first_y, last_y + 1)
            for tx in range(first_x, last_x + 1)
        )

    def scale_bar(self) -> ScaleBar:
        """Mercator stretches by 1/cos(latitude): measured at the canvas's middle."""
        middle = (self.top + self.height / 2) / (TILE * 2**self.zoom)
        latitude = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * middle))))
        km_per_pixel = EQUATOR_KM_PER_PIXEL_Z0 * math.cos(math.radians(latitude)) / 2**self.zoom
        return scale_bar(km_per_unit=km_per_pixel, width=self.width)


def tile_url(url: str, zoom: int, x: int, y: int) -> str:
    """Placeholders replaced one by one: a URL may hold other braces."""
    return url.replace("{z}", str(zoom)).replace("{x}", str(x)).replace("{y}", str(y))
