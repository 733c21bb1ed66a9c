"""A map of touchpoints drawn without tiles: coordinates projected onto a plain SVG canvas
(the projection and the scale bar are core.flat_map's)."""

from dataclasses import dataclass

from django.db.models import Q

from civicpulse.core.flat_map import Canvas, FlatFrame, ScaleBar
from civicpulse.core.models import Category, Membership
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.selectors import TouchpointFilters, touchpoint_search

WIDTH = 800
MIN_HEIGHT = 320
MAX_HEIGHT = 640
MARGIN = 24  # keeps the markers at the edge whole
BOTTOM = 44  # the margin below, where the scale bar sits clear of the markers
CANVAS = Canvas(
    width=WIDTH, min_height=MIN_HEIGHT, max_height=MAX_HEIGHT, margin=MARGIN, bottom=BOTTOM
)

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
    coordinates = [(float(tp.latitude), float(tp.longitude)) for tp in touchpoints]
    frame = FlatFrame.around(coordinates, canvas=CANVAS) if touchpoints else None
    markers = (
        [
            Marker(tp, *frame.place(*place))
            for tp, place in zip(touchpoints, coordinates, strict=True)
        ]
        if frame
        else []
    )
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
        scale_bar=frame.scale_bar() if frame else None,
        without_coordinates=found.exclude(located).count(),
    )
