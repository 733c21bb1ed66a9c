"""How each row of a touchpoint import is checked: its cells read, its names looked up within
the organisation, and what it would change worked out. Nothing here writes."""

import functools
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from civicpulse.core.csv_tables import FORMULA_STARTS, IGNORED, Problem, text_key
from civicpulse.core.models import Area, Category, Department, Organization
from civicpulse.feedback.models import Touchpoint, TouchpointKind

# Columns the import understands, in the order a preview names them.
FIELDS = (
    "code", "name_bg", "name_en", "kind", "category", "area", "department", "place",
    "job_title_bg", "job_title_en", "address", "latitude", "longitude", "is_active",
)  # fmt: skip
TEXT_FIELDS = ("name_bg", "name_en", "job_title_bg", "job_title_en", "address")
RELATED_FIELDS = ("category", "area", "department", "place")
REQUIRED_FOR_NEW = ("name_bg", "category")

YES = {"yes", "y", "true", "1", "да", "д"}
NO = {"no", "n", "false", "0", "не", "н"}
COORDINATE_PLACES = Decimal("0.000001")  # the model keeps six decimals (about 10 cm)
KM_PER_DEGREE = 111.32
FAR_KM = 50  # nearer than this to the other touchpoints is never "far"
MIN_POINTS_FOR_FAR = 5


@dataclass
class PlannedRow:
    line: int
    touchpoint: Touchpoint | None  # the one a code names; None for a new one
    values: dict = field(default_factory=dict)  # field → value from the file
    changes: list[str] = field(default_factory=list)  # the columns whose value changes

    @property
    def action(self) -> str:
        if self.touchpoint is None:
            return "new"
        return "update" if self.changes else "unchanged"

    @property
    def name(self) -> str:
        return self.values.get("name_bg") or (self.touchpoint.name_bg if self.touchpoint else "")

    @property
    def changed_columns(self) -> list[str]:
        return [column_label(name) for name in self.changes]


def column_label(name: str) -> str:
    return capfirst(str(Touchpoint._meta.get_field(name).verbose_name))


class _CellError(Exception):
    """One cell's problem; the message says what is wrong and how to write it."""


_KEEP = object()  # an empty cell that leaves the value as it is (or the default for a new one)


class _Lookup:
    """Rows of the organisation by the names a file may use for them; ambiguity is kept, so
    a name shared by two rows is reported instead of guessed."""

    def __init__(self, rows, keys, normalize=None):
        self.normalize = normalize or text_key
        self.found: dict[str, dict[int, object]] = defaultdict(dict)
        for row in rows:
            for key in keys(row):
                if key:
                    self.found[self.normalize(key)][row.pk] = row

    def find(self, text: str, current=None) -> list:
        matches = list(self.found.get(self.normalize(text), {}).values())
        if current is not None and any(match.pk == current.pk for match in matches):
            return [current]  # a shared name still means the row's own current value
        return matches


def _area_path_key(text: str) -> str:
    return "/".join(text_key(part) for part in text.split("/"))


def _area_lookup(organization: Organization) -> _Lookup:
    """An area by its name, by the names above it ("Region / Town / District", any tail of
    the chain) in either language, or by its stored path of ids."""
    areas = {area.pk: area for area in Area.objects.filter(organization=organization)}

    def chain(area, language):
        names = []
        while area is not None:
            names.insert(0, getattr(area, f"name_{language}") or area.name_bg)
            area = areas.get(area.parent_id)
        return names

    def keys(area):
        yield area.path
        for language in ("bg", "en"):
            names = chain(area, language)
            for start in range(len(names)):
                yield "/".join(names[start:])

    return _Lookup(areas.values(), keys, normalize=_area_path_key)


@functools.cache
def _choice_words() -> dict[str, dict[str, object]]:
    kinds = {text_key(kind.value): kind.value for kind in TouchpointKind}
    for language in ("bg", "en"):
        with translation.override(language):
            kinds |= {text_key(str(kind.label)): kind.value for kind in TouchpointKind}
    return {"kind": kinds, "is_active": dict.fromkeys(YES, True) | dict.fromkeys(NO, False)}


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RowChecker:
    """Checks the rows one by one against the organisation's current data."""

    def __init__(self, organization: Organization, header: list[str], fields: list[str | None]):
        self.organization = organization
        self.fields = fields
        self.labels = {
            name: label
            for label, name in zip(header, fields, strict=True)
            if name not in (None, IGNORED)
        }
        self.rows: list[PlannedRow] = []
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.touchpoints = list(Touchpoint.objects.filter(organization=organization))
        self.by_code = {touchpoint.code: touchpoint for touchpoint in self.touchpoints}
        self.code_lines: dict[str, int] = {}
        self.names: dict[tuple[str, int], str] = {
            (text_key(touchpoint.name_bg), touchpoint.category_id): touchpoint.code
            for touchpoint in self.touchpoints
        }
        self.coordinates: list[tuple[int, float, float]] = []
        self.lookups = {
            "category": _Lookup(
                Category.objects.filter(organization=organization),
                lambda category: (category.name_bg, category.name_en, category.slug),
            ),
            "area": _area_lookup(organization),
            "department": _Lookup(
                Department.objects.filter(organization=organization),
                lambda department: (department.name_bg, department.name_en),
            ),
            "place": _Lookup(
                [tp for tp in self.touchpoints if tp.kind == TouchpointKind.PLACE],
                lambda place: (place.code, place.name_bg, place.name_en),
            ),
        }

    def column(self, name: str) -> str:
        return self.labels.get(name) or column_label(name)

    def error(self, line: int, name: str, message: str) -> None:
        self.errors.append(Problem(line, self.column(name) if name else "", message))

    def warn(self, line: int, name: str, message: str) -> None:
        self.warnings.append(Problem(line, self.column(name), message))

    def plan_row(self, line: int, cells: list[str]) -> None:
        extra = cells[len(self.fields) :]
        if any(cell.strip() for cell in extra):
            self.error(
                line,
                "",
                _("This row has %(cells)s cells, but the first line names only %(columns)s.")
                % {"cells": len(cells), "columns": len(self.fields)},
            )
            return
        raw = {
            name: (cells[position] if position < len(cells) else "").strip()
            for position, name in enumerate(self.fields)
            if name not in (None, IGNORED)
        }
        code = raw.pop("code", "").upper()
        touchpoint = None
        if code:
            if code in self.code_lines:
                self.error(
                    line,
                    "code",
                    _("The code %(code)s is also on line %(line)s.")
                    % {"code": _shown(code), "line": self.code_lines[code]},
                )
                return
            self.code_lines[code] = line
            touchpoint = self.by_code.get(code)
            if touchpoint is None:
                self.error(
                    line,
                    "code",
                    _("No touchpoint of this organisation has the code “%(code)s”.")
                    % {"code": _shown(code)},
                )
                return
        errors_before = len(self.errors)
        values = {}
        for name, text in raw.items():
            try:
                value = self.parse(name, text, touchpoint)
            except _CellError as problem:
                self.error(line, name, str(problem))
                continue
            if value is not _KEEP:
                values[name] = value
            if name in TEXT_FIELDS and value and value.startswith(FORMULA_STARTS):
                self.warn(
                    line,
                    name,
                    _("Starts with “%(sign)s”: it is kept as plain text, not as a formula.")
                    % {"sign": value[0]},
                )
        if touchpoint is None:
            self.require(line, raw, values)
        if len(self.errors) == errors_before:
            self.check_together(line, values, touchpoint)
        if len(self.errors) == errors_before:
            self.add(line, values, touchpoint)

    def parse(self, name: str, text: str, touchpoint: Touchpoint | None):
        if name in TEXT_FIELDS:
            return self.parse_text(name, text)
        if name in ("kind", "is_active"):
            if not text:
                return _KEEP
            if (value := _choice_words()[name].get(text_key(text))) is None:
                raise _CellError(
                    _("Write “place” or “employee”.") if name == "kind" else _("Write yes or no.")
                )
            return value
        if name in RELATED_FIELDS:
            return self.parse_related(name, text, touchpoint)
        return self.parse_coordinate(name, text)

    def parse_text(self, name: str, text: str) -> str:
        value = " ".join(text.split())  # one line: a pasted line break or tab becomes a space
        if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
            value = value[1:]  # the export's guard against formulas (exports.spreadsheet_safe)
        if name == "name_bg" and not value:
            raise _CellError(_("The name in Bulgarian is missing."))
        limit = Touchpoint._meta.get_field(name).max_length
        if len(value) > limit:
            raise _CellError(
                _("Too long: %(length)s characters, at most %(limit)s.")
                % {"length": len(value), "limit": limit}
            )
        return value

    def parse_related(self, name: str, text: str, touchpoint: Touchpoint | None):
        if not text:
            if name == "category":
                raise _CellError(_("The category is missing."))
            return None
        current = getattr(touchpoint, name) if touchpoint is not None else None
        matches = self.lookups[name].find(text, current)
        if len(matches) == 1:
            return matches[0]
        shown = {"value": _shown(text)}
        if matches:
            messages = {
                "area": _(
                    "Several areas are called “%(value)s”: write the area above it too, "
                    "e.g. “Town / District”."
                ),
                "place": _("Several places are called “%(value)s”: write the place's code."),
            }
            raise _CellError(messages.get(name, _("Several rows are called “%(value)s”.")) % shown)
        messages = {
            "category": _("Unknown category “%(value)s”."),
            "area": _("Unknown area “%(value)s”."),
            "department": _("Unknown department “%(value)s”."),
            "place": _("No place of this organisation has the code or name “%(value)s”."),
        }
        raise _CellError(messages[name] % shown)

    def parse_coordinate(self, name: str, text: str) -> Decimal | None:
        if not text:
            return None
        limit = 90 if name == "latitude" else 180
        try:
            # A decimal comma is what Bulgarian spreadsheets write.
            value = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise _CellError(
                _("“%(value)s” is not a number; write e.g. %(example)s.")
                % {"value": _shown(text), "example": "42.4258" if limit == 90 else "25.6345"}
            )
        if not -limit <= value <= limit:
            raise _CellError(
                _("Enter a number from %(low)s to %(high)s.") % {"low": -limit, "high": limit}
            )
        return value.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)

    def require(self, line: int, raw: dict, values: dict) -> None:
        """A new touchpoint needs a name and a category; empty cells have their own errors."""
        for name in REQUIRED_FOR_NEW:
            if name not in raw:
                self.error(
                    line,
                    name,
                    _("A new touchpoint (a row without a code) needs this column."),
                )
        values.setdefault("kind", TouchpointKind.PLACE)
        values.setdefault("is_active", True)

    def check_together(self, line: int, values: dict, touchpoint: Touchpoint | None) -> None:
        def final(name):
            if name in values:
                return values[name]
            return getattr(touchpoint, name) if touchpoint is not None else None

        latitude, longitude = final("latitude"), final("longitude")
        if (latitude is None) != (longitude is None):
            missing = "latitude" if latitude is None else "longitude"
            self.error(
                line,
                missing
                if missing in self.labels
                else ({"latitude", "longitude"} - {missing}).pop(),
                _("Give both the latitude and the longitude, or neither."),
            )
        elif latitude is not None and ("latitude" in values or "longitude" in values):
            self.coordinates.append((line, float(latitude), float(longitude)))
        place = final("place")
        if place is not None:
            if final("kind") != TouchpointKind.EMPLOYEE:
                self.error(line, "place", _("Only an employee has a workplace."))
            elif touchpoint is not None and place.pk == touchpoint.pk:
                self.error(line, "place", _("A touchpoint cannot be its own workplace."))

    def add(self, line: int, values: dict, touchpoint: Touchpoint | None) -> None:
        row = PlannedRow(line=line, touchpoint=touchpoint, values=values)
        if touchpoint is not None:
            row.changes = [
                name for name, value in values.items() if _differs(touchpoint, name, value)
            ]
        elif "name_bg" in values and "category" in values:
            same_name = (text_key(values["name_bg"]), values["category"].pk)
            if same_name in self.names:
                self.warn(
                    line,
                    "name_bg",
                    _(
                        "A touchpoint of this category already has this name (%(where)s); this "
                        "row adds another one."
                    )
                    % {"where": self.names[same_name]},
                )
            self.names.setdefault(same_name, _("line %(line)s") % {"line": line})
        self.rows.append(row)

    def warn_about_far_coordinates(self) -> None:
        """Coordinates far from the organisation's other touchpoints are probably a typo or
        swapped, but a new branch far away is possible: a warning, not an error."""
        reference = [
            (float(tp.latitude), float(tp.longitude))
            for tp in self.touchpoints
            if tp.latitude is not None and tp.longitude is not None
        ]
        if len(reference) < MIN_POINTS_FOR_FAR:
            reference += [(latitude, longitude) for _, latitude, longitude in self.coordinates]
        if len(reference) < MIN_POINTS_FOR_FAR:
            return
        centre = (
            statistics.median(point[0] for point in reference),
            statistics.median(point[1] for point in reference),
        )
        spread = statistics.quantiles([_km(centre, point) for point in reference], n=10)[-1]
        limit = max(FAR_KM, 3 * spread)
        for line, latitude, longitude in self.coordinates:
            distance = _km(centre, (latitude, longitude))
            if distance <= limit:
                continue
            if _km(centre, (longitude, latitude)) <= limit:
                message = _("Latitude and longitude look swapped.")
            else:
                message = _(
                    "About %(distance)s km from the organisation's other touchpoints; "
                    "check the coordinates."
                ) % {"distance": round(distance)}
            self.warn(line, "latitude", message)


def _differs(touchpoint: Touchpoint, name: str, value) -> bool:
    if name in RELATED_FIELDS:
        return getattr(touchpoint, f"{name}_id") != (value.pk if value is not None else None)
    return getattr(touchpoint, name) != value


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: exact enough within a country, and cheap."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    y = math.radians(b[0] - a[0])
    return math.hypot(x, y) * KM_PER_DEGREE * 180 / math.pi
