"""The shape of a demo municipality: its geography, departments and well-known places."""

from dataclasses import dataclass, field

from civicpulse.demo.transliteration import transliterate


@dataclass(frozen=True)
class Locality:
    """A settlement or a quarter of the town, with approximate coordinates."""

    name_bg: str
    latitude: float
    longitude: float
    english: str = ""

    @property
    def name_en(self) -> str:
        return self.english or transliterate(self.name_bg)


@dataclass(frozen=True)
class Landmark:
    """A real, named place; in the town unless `village` names the settlement."""

    category: str
    name_bg: str
    name_en: str
    district: str = ""
    village: str = ""


def landmarks(category: str, *rows: tuple[str, ...]) -> tuple[Landmark, ...]:
    """Landmarks of one category from (name_bg, name_en[, district[, village]]) rows."""
    return tuple(Landmark(category, *row) for row in rows)


@dataclass(frozen=True)
class DepartmentSpec:
    key: str
    name_bg: str
    name_en: str


@dataclass(frozen=True)
class MunicipalitySpec:
    slug: str
    name_bg: str
    name_en: str
    registry_prefix: str
    brand_colour: str
    town: Locality
    districts: tuple[Locality, ...]
    villages: tuple[Locality, ...]
    departments: tuple[DepartmentSpec, ...]
    # category slug → department key: who answers for the category's places
    category_departments: dict[str, str]
    auditor_organization: str
    # category slug → its share of the places, and the part of those that stand in the town
    shares: dict[str, float]
    town_shares: dict[str, float]
    landmarks: tuple[Landmark, ...]
    streets: tuple[str, ...]
    stops: tuple[str, ...]
    # Replaces the shared name patterns of `places.TOWN_PATTERNS` for some categories.
    town_patterns: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    employee_department: str = "services"
    # The department head's scope: one department and the categories it runs.
    head_department: str = "education"
    head_categories: tuple[str, ...] = ("kindergartens", "schools")
    # Who answers each topic of the demo's cases (demo/case_topics.py) → a department key.
    case_departments: dict[str, str] = field(default_factory=dict)
    # Whether it runs the yearly survey of its service centre (demo/campaigns.py).
    yearly_survey: bool = False

    def department_for(self, category: str) -> str:
        return self.category_departments[category]
