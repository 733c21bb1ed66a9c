"""A map of touchpoints drawn without tiles: coordinates projected onto a plain SVG canvas.

Nothing is fetched from another host. The projection is equirectangular with the longitude
scaled by cos(latitude), which is true to within a fraction of a percent across a
municipality or a country, and keeps the scale bar honest.
"""

import math
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from civicpulse.core.models import Category, Membership
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.selectors import TouchpointFilters, touchpoint_search

WIDTH = 800
MIN_HEIGHT = 320
MAX_HEIGHT = 640
MARGIN = 24  # keeps the markers at the edge whole
BOTTOM = 44  # the margin below, where the scale bar sits clear of the markers
MIN_SPAN_KM = 1.0  # one place alone (or all at one spot) still gets a sensible scale
KM_PER_DEGREE = 111.32  # of latitude, everywhere; of longitude, at the equator

# Okabe and Ito's palette stays distinct for the common colour-vision deficiencies; the
# shape repeats the category for everyone else. 8 colours × 6 shapes: 24 distinct markers.
COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
SHAPES = ("circle", "square", "triangle", "diamond", "down", "cross")


@dataclass(frozen=True)
class MapCategory:
    category: Category
    shape: str
    colour: str
    count: int


@dataclass(frozen=True)
class Marker:
    touchpoint: Touchpoint
    x: float
    y: float


@dataclass(frozen=True)
class ScaleBar:
    length: float  # in the drawing's units
    label: str


@dataclass(frozen=True)
class TouchpointMap:
    width: int
    height: int
    groups: list[tuple[MapCategory, list[Marker]]]  # markers by category, drawn in this order
    scale_bar: ScaleBar | None
    without_coordinates: int

    @property
    def marker_count(self) -> int:
        return sum(len(markers) for _category, markers in self.groups)


def touchpoint_map(*, membership: Membership, filters: TouchpointFilters) -> TouchpointMap:
    """The touchpoints the member may see that match the list's filters, placed on a canvas.

    A category keeps its marker whatever the filters, so a legend read once stays true.
    """
    found = touchpoint_search(membership=membership, filters=filters)
    located = Q(latitude__isnull=False, longitude__isnull=False)
    touchpoints = list(
        found.filter(located)
        .select_related(None)
        .only("name_bg", "name_en", "kind", "category_id", "latitude", "longitude", "is_active")
    )
    categories = list(Category.objects.filter(organization_id=membership.organization_id))
    frame = _Frame.around(touchpoints) if touchpoints else None
    markers = [frame.place(touchpoint) for touchpoint in touchpoints] if frame else []
    groups = []
    for position, category in enumerate(categories):
        own = [marker for marker in markers if marker.touchpoint.category_id == category.pk]
        if own:
            style = MapCategory(
                category=category,
                shape=SHAPES[position % len(SHAPES)],
                colour=COLOURS[position % len(COLOURS)],
                count=len(own),
            )
            groups.append((style, own))
    return TouchpointMap(
        width=WIDTH,
        height=frame.height if frame else MIN_HEIGHT,
        groups=groups,
        scale_bar=_scale_bar(frame.scale) if frame else None,
        without_coordinates=found.exclude(located).count(),
    )


@dataclass(frozen=True)
class _Frame:
    """Where the canvas sits over the globe: its top-left corner and its units per degree."""

    cos_latitude: float
    scale: float
    height: int
    left: float
    top: float

    @classmethod
    def around(cls, touchpoints: list[Touchpoint]) -> "_Frame":
        latitudes = [float(tp.latitude) for tp in touchpoints]
        cos_latitude = math.cos(math.radians((min(latitudes) + max(latitudes)) / 2))
        points = [_flat(tp, cos_latitude) for tp in touchpoints]
        xs, ys = [x for x, _y in points], [y for _x, y in points]
        min_span = MIN_SPAN_KM / KM_PER_DEGREE
        span_x, span_y = max(max(xs) - min(xs), min_span), max(max(ys) - min(ys), min_span)
        scale = min((WIDTH - 2 * MARGIN) / span_x, (MAX_HEIGHT - MARGIN - BOTTOM) / span_y)
        height = max(MIN_HEIGHT, math.ceil(span_y * scale + MARGIN + BOTTOM))
        # Centred between the margins: the spare room goes evenly to both sides.
        return cls(
            cos_latitude=cos_latitude,
            scale=scale,
            height=height,
            left=(min(xs) + max(xs)) / 2 - (WIDTH / 2) / scale,
            top=(min(ys) + max(ys)) / 2 + ((MARGIN + height - BOTTOM) / 2) / scale,
        )

    def place(self, touchpoint: Touchpoint) -> Marker:
        """Rounded to a tenth of a unit: short markup, and finer than a screen shows."""
        x, y = _flat(touchpoint, self.cos_latitude)
        return Marker(
            touchpoint,
            x=round((x - self.left) * self.scale, 1),
            y=round((self.top - y) * self.scale, 1),
        )


def _flat(touchpoint: Touchpoint, cos_latitude: float) -> tuple[float, float]:
    """Degrees of latitude on both axes: x shrinks with the meridians' convergence."""
    return float(touchpoint.longitude) * cos_latitude, float(touchpoint.latitude)


def _scale_bar(scale: float) -> ScaleBar:
    """A round distance (1, 2 or 5 × 10ⁿ) about a fifth of the canvas wide."""
    km_per_unit = KM_PER_DEGREE / scale
    target = km_per_unit * WIDTH / 5
    magnitude = 10 ** math.floor(math.log10(target))
    distance = max(step * magnitude for step in (1, 2, 5) if step * magnitude <= target)
    if distance >= 1:
        label = _("%(distance)s km") % {"distance": f"{distance:g}"}
    else:
        label = _("%(distance)s m") % {"distance": f"{distance * 1000:g}"}
    return ScaleBar(length=round(distance / km_per_unit, 1), label=label)
