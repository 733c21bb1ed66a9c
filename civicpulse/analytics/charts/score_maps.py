"""Places on a map, coloured by their mean score.

Without tiles (the default: nothing is fetched from another host) each area is outlined
from its own places: their convex hull, or a circle for fewer than three. With
MAP_TILES_URL set, the places sit on Web Mercator tiles from that server instead.
Marker shape repeats the colour's message: low scores point down, high scores up.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from scipy.spatial import ConvexHull, QhullError

from civicpulse.analytics.charts.labels import count, cut, estimate_label, number
from civicpulse.analytics.charts.marks import marker_path
from civicpulse.analytics.charts.markup import esc, joined, plain, titled_paths
from civicpulse.analytics.charts.rendering import Chart, no_data
from civicpulse.analytics.charts.scales import DIVERGING, bin_of, binned, nice_ticks
from civicpulse.analytics.charts.tables import DataTable, TableCell, estimate_cells
from civicpulse.analytics.charts.tiles import MercatorFrame, Tile
from civicpulse.analytics.statistics.estimates import Estimate
from civicpulse.core.flat_map import Canvas, FlatFrame, ScaleBar

CANVAS = Canvas(width=720, min_height=300, max_height=520, margin=32, bottom=40)
MAP_TOP = 40  # below the heading
LEGEND_HEIGHT = 84
MIN_N = 5
AREA_PAD = 14  # room between an area's outline and its outermost places
AREA_FILL, AREA_STROKE = "#e7ecf2", "#8a949f"
HOLLOW = "#67717d"  # 4.8:1 against white


@dataclass(frozen=True)
class ScoredPlace:
    label: str
    latitude: float | Decimal | None
    longitude: float | Decimal | None
    estimate: Estimate
    area: str
    href: str | None = None


@dataclass(frozen=True)
class TileSource:
    url: str  # with {z}, {x} and {y}; "" for no tiles
    attribution: str = ""


@dataclass(frozen=True)
class PlaceMarker:
    x: float
    y: float
    shape: str
    d: str
    colour: str | None  # None: hollow, too few ratings to colour
    title: str
    href: str | None


@dataclass(frozen=True)
class AreaOutline:
    d: str
    label: str
    full_label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class LegendStep:
    x: int
    d: str
    colour: str
    label: str


@dataclass(frozen=True, kw_only=True)
class ScoreMap(Chart):
    map_top: int = MAP_TOP
    map_height: int = 0
    areas: tuple[AreaOutline, ...] = ()
    tiles: tuple[Tile, ...] = ()
    tile_size: int = 256
    attribution: str = ""
    markers: tuple[PlaceMarker, ...] = ()
    scale_bar: ScaleBar | None = None
    legend: tuple[LegendStep, ...] = ()
    hollow_legend: str = ""
    hollow_d: str = ""
    without_coordinates: int = 0
    without_coordinates_text: str = ""

    template_name = "analytics/charts/score_map.html"
    kind = "score-map"

    @property
    def has_links(self) -> bool:
        return any(marker.href for marker in self.markers)

    @property
    def markers_markup(self) -> str:
        """Every place's marker: hundreds, so written here rather than by the template."""
        return titled_paths(
            self.markers,
            lambda marker: (
                f' fill="{esc(marker.colour)}" stroke="#1b1f24" stroke-width="1.2"'
                if marker.colour
                else ' fill="#ffffff" fill-opacity="0.6" stroke="#67717d" stroke-width="2"'
                ' stroke-dasharray="3 2"'
            ),
        )

    @property
    def area_labels_markup(self) -> str:
        """Each area's name over a white halo, as _halo_text.html writes it (one an area)."""
        return joined(
            f'<text class="{kind}" x="{plain(area.label_x)}" y="{plain(area.label_y)}"'
            f' text-anchor="middle"{hidden}>{esc(area.label)}</text>'
            for area in self.areas
            for kind, hidden in (
                ("cp-middle cp-muted cp-small cp-halo", ' aria-hidden="true"'),
                ("cp-middle cp-muted cp-small", ""),
            )
        )

    @property
    def area_stroke(self) -> int:
        return 2 * AREA_PAD

    @property
    def legend_y(self) -> int:
        return self.map_top + self.map_height + 24

    @property
    def attribution_x(self) -> int:
        return self.width - 6

    @property
    def attribution_y(self) -> int:
        return self.map_height - 6


def tiles_from_settings() -> TileSource:
    return TileSource(
        url=getattr(settings, "MAP_TILES_URL", ""),
        attribution=getattr(settings, "MAP_TILES_ATTRIBUTION", ""),
    )


def score_map(
    places: Sequence[ScoredPlace],
    *,
    title: str,
    tiles: TileSource | None = None,
    value_range: tuple[float, float] = (0, 10),
    min_n: int = MIN_N,
) -> ScoreMap:
    """``tiles``: None for the configured MAP_TILES_URL (by default none: an outline)."""
    tiles = tiles if tiles is not None else tiles_from_settings()
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    missing = len(places) - len(located)
    missing_text = (
        ngettext(
            "%(n)s place without coordinates is not on the map.",
            "%(n)s places without coordinates are not on the map.",
            missing,
        )
        % {"n": count(missing)}
        if missing
        else ""
    )
    frame_fields = {"title": title, "width": CANVAS.width, "without_coordinates": missing}
    if not located:
        message = missing_text or _("No places to show.")
        return ScoreMap(
            **no_data(title, message), height=MAP_TOP + CANVAS.min_height, **frame_fields
        )
    coordinates = [(float(p.latitude), float(p.longitude)) for p in located]
    frame = (
        MercatorFrame.around(coordinates, canvas=CANVAS)
        if tiles.url
        else FlatFrame.around(coordinates, canvas=CANVAS)
    )
    spots = [frame.place(*c) for c in coordinates]
    coloured = [p.estimate.value for p in located if _coloured(p, min_n)]
    bins = _bins(coloured, value_range)
    markers = tuple(
        _marker(place, spot, bins, min_n) for place, spot in zip(located, spots, strict=True)
    )
    return ScoreMap(
        description=_describe(title, located, coloured, missing_text),
        height=MAP_TOP + frame.height + LEGEND_HEIGHT,
        map_height=frame.height,
        areas=() if tiles.url else _outlines(located, spots),
        tiles=frame.tiles(tiles.url) if tiles.url else (),
        attribution=tiles.attribution if tiles.url else "",
        markers=markers,
        scale_bar=frame.scale_bar(),
        legend=_legend(bins),
        hollow_legend=_("fewer than %(n)s ratings") % {"n": count(min_n)},
        hollow_d=marker_path("circle", 6, 26, 5),
        without_coordinates_text=missing_text,
        table=DataTable(
            caption=title,
            columns=(_("Place"), _("Area"), _("Mean score"), _("Interval"), "n"),
            rows=tuple(
                (TableCell(p.label, href=p.href), TableCell(p.area), *estimate_cells(p.estimate))
                for p in places
            ),
        ),
        **frame_fields,
    )


def _coloured(place: ScoredPlace, min_n: int) -> bool:
    return place.estimate.value is not None and place.estimate.n >= min_n


def _bins(values: list[float], value_range: tuple[float, float]):
    """Round steps spanning the places' own scores (not the whole 0-10): the colours spread
    over the differences there are."""
    if not values:
        return binned(nice_ticks(*value_range), DIVERGING)
    ticks = nice_ticks(min(values), max(values), 6)
    low, high = value_range
    bounds = [tick for tick in ticks if low <= tick <= high]
    if len(bounds) < 2:
        bounds = list(nice_ticks(*value_range))
    return binned(bounds, DIVERGING)


def _shape(index: int, bins) -> str:
    third = index * 3 // len(bins)
    return ("down", "circle", "up")[third]


def _marker(place: ScoredPlace, spot, bins, min_n: int) -> PlaceMarker:
    title = f"{place.label} ({place.area}): {estimate_label(place.estimate)}"
    if not _coloured(place, min_n):
        return PlaceMarker(
            *spot,
            "circle",
            marker_path("circle", *spot, 5),
            None,
            title + " — " + _("too few ratings to colour"),
            place.href,
        )
    index = bin_of(place.estimate.value, bins)
    shape = _shape(index, bins)
    return PlaceMarker(
        *spot, shape, marker_path(shape, *spot, 7), bins[index].colour, title, place.href
    )


def _outlines(located: Sequence[ScoredPlace], spots) -> tuple[AreaOutline, ...]:
    by_area: dict[str, list[tuple[float, float]]] = {}
    for place, spot in zip(located, spots, strict=True):
        by_area.setdefault(place.area, []).append(spot)
    return tuple(_outline(area, points) for area, points in sorted(by_area.items()))


def _outline(area: str, points: list[tuple[float, float]]) -> AreaOutline:
    """The places' convex hull, drawn with a round-joined stroke AREA_PAD wide on each side:
    the hull grown evenly by AREA_PAD, so no place sits on the edge. Fewer than three places
    get a circle; places all on one line, the line between its ends (drawn as a capsule)."""
    cx = sum(x for x, _y in points) / len(points)
    cy = sum(y for _x, y in points) / len(points)
    label = cut(area, 200)
    if len(points) < 3:
        radius = round(max(math.dist((cx, cy), point) for point in points), 1)
        d = marker_path("circle", round(cx, 1), round(cy, 1), radius) if radius else ""
        d = d or f"M{cx:g} {cy:g}h0"  # one spot: a dot the stroke makes round
        return AreaOutline(d, label, area, round(cx, 1), round(cy - radius - AREA_PAD - 4, 1))
    try:
        corners = [points[i] for i in ConvexHull(points).vertices]
    except QhullError:  # all on one line (or one spot)
        ends = min(points), max(points)
        corners = list(ends)
    d = "M" + "L".join(f"{x:g} {y:g}" for x, y in corners) + "Z"
    top = min(y for _x, y in corners)
    return AreaOutline(d, label, area, round(cx, 1), round(top - AREA_PAD - 4, 1))


def _legend(bins) -> tuple[LegendStep, ...]:
    return tuple(
        LegendStep(
            x=index * 100,
            d=marker_path(_shape(index, bins), index * 100 + 7, 0, 6),
            colour=colour_bin.colour,
            label=f"{number(colour_bin.low)}–{number(colour_bin.high)}",
        )
        for index, colour_bin in enumerate(bins)
    )


def _describe(title, located, coloured, missing_text) -> str:
    text = ngettext(
        "%(title)s: %(n)s place on the map",
        "%(title)s: %(n)s places on the map",
        len(located),
    ) % {"title": title, "n": count(len(located))}
    if coloured:
        text += ", " + _("mean scores from %(low)s to %(high)s") % {
            "low": number(min(coloured)),
            "high": number(max(coloured)),
        }
    grey = len(located) - len(coloured)
    if grey:
        text += "; " + ngettext(
            "%(n)s with too few ratings is grey",
            "%(n)s with too few ratings are grey",
            grey,
        ) % {"n": count(grey)}
    text += "."
    return f"{text} {missing_text}".strip()
