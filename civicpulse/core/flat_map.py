"""Places on a plain SVG canvas without tiles, and a scale bar that stays honest.

Nothing is fetched from another host. The projection is equirectangular with the longitude
scaled by cos(latitude), which is true to within a fraction of a percent across a
municipality or a country. The touchpoint map and the dashboard's score map share it.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

MIN_SPAN_KM = 1.0  # one place alone (or all at one spot) still gets a sensible scale
KM_PER_DEGREE = 111.32  # of latitude, everywhere; of longitude, at the equator


@dataclass(frozen=True)
class Canvas:
    """The drawing's width, the range its height may take, and the room kept at its edges."""

    width: int
    min_height: int
    max_height: int
    margin: int  # keeps the markers at the edge whole
    bottom: int  # the margin below, where the scale bar sits clear of the markers


@dataclass(frozen=True)
class ScaleBar:
    length: float  # in the drawing's units
    label: str


@dataclass(frozen=True)
class FlatFrame:
    """Where the canvas sits over the globe: its top-left corner and its units per degree."""

    cos_latitude: float
    scale: float
    width: int
    height: int
    left: float
    top: float

    @classmethod
    def around(cls, coordinates: Sequence[tuple[float, float]], *, canvas: Canvas) -> "FlatFrame":
        """The frame that fits every (latitude, longitude), centred between the margins."""
        latitudes = [latitude for latitude, _longitude in coordinates]
        cos_latitude = math.cos(math.radians((min(latitudes) + max(latitudes)) / 2))
        points = [_flat(latitude, longitude, cos_latitude) for latitude, longitude in coordinates]
        xs, ys = [x for x, _y in points], [y for _x, y in points]
        min_span = MIN_SPAN_KM / KM_PER_DEGREE
        span_x, span_y = max(max(xs) - min(xs), min_span), max(max(ys) - min(ys), min_span)
        scale = min(
            (canvas.width - 2 * canvas.margin) / span_x,
            (canvas.max_height - canvas.margin - canvas.bottom) / span_y,
        )
        height = max(canvas.min_height, math.ceil(span_y * scale + canvas.margin + canvas.bottom))
        # The spare room goes evenly to both sides.
        return cls(
            cos_latitude=cos_latitude,
            scale=scale,
            width=canvas.width,
            height=height,
            left=(min(xs) + max(xs)) / 2 - (canvas.width / 2) / scale,
            top=(min(ys) + max(ys)) / 2 + ((canvas.margin + height - canvas.bottom) / 2) / scale,
        )

    def place(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Rounded to a tenth of a unit: short markup, and finer than a screen shows."""
        x, y = _flat(latitude, longitude, self.cos_latitude)
        return round((x - self.left) * self.scale, 1), round((self.top - y) * self.scale, 1)

    def scale_bar(self) -> ScaleBar:
        return scale_bar(km_per_unit=KM_PER_DEGREE / self.scale, width=self.width)


def _flat(latitude: float, longitude: float, cos_latitude: float) -> tuple[float, float]:
    """Degrees of latitude on both axes: x shrinks with the meridians' convergence."""
    return longitude * cos_latitude, latitude


def scale_bar(*, km_per_unit: float, width: int) -> ScaleBar:
    """A round distance (1, 2 or 5 × 10ⁿ) about a fifth of the canvas wide."""
    target = km_per_unit * width / 5
    magnitude = 10 ** math.floor(math.log10(target))
    distance = max(step * magnitude for step in (1, 2, 5) if step * magnitude <= target)
    if distance >= 1:
        label = _("%(distance)s km") % {"distance": f"{distance:g}"}
    else:
        label = _("%(distance)s m") % {"distance": f"{distance * 1000:g}"}
    return ScaleBar(length=round(distance / km_per_unit, 1), label=label)
