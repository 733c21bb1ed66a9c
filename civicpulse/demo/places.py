"""Planning a municipality's places: names in both languages, settlement, address, coordinates.

Real landmarks come first, so even a small demo shows them; the rest are made from name
patterns ("Детска площадка, ул. „{street}“ {n}") filled from the municipality's streets,
quarters, stops and villages.
"""

import itertools
import random
import re
from dataclasses import dataclass

from civicpulse.demo.municipality import Landmark, Locality, MunicipalitySpec
from civicpulse.demo.transliteration import transliterate

Pattern = tuple[str, str]  # (Bulgarian, English) with {placeholders}

TOWN_PATTERNS: dict[str, tuple[Pattern, ...]] = {
    "playgrounds": (
        ("Детска площадка, ул. „{street}“ {n}", "Playground, {street} St. {n}"),
        ("Детска площадка, кв. „{district}“, бл. {n}", "Playground, {district} quarter, block {n}"),
    ),
    "healthcare": (
        ("Медицински център, ул. „{street}“ {n}", "Medical centre, {street} St. {n}"),
        ("Детска консултация, кв. „{district}“", "Child health clinic, {district} quarter"),
        ("Център за социални услуги, кв. „{district}“", "Social services, {district} quarter"),
    ),
    "parks": (
        ("Градинка на ул. „{street}“", "Garden square, {street} St."),
        ("Зелена площ, кв. „{district}“, бл. {n}", "Green area, {district} quarter, block {n}"),
    ),
    "kindergartens": (
        ("ДГ № {n} „{kindergarten}“", 'Kindergarten No. {n} "{kindergarten}"'),
        ("ДГ „{kindergarten}“, кв. „{district}“", 'Kindergarten "{kindergarten}", {district}'),
        ("Детска ясла № {n} „{kindergarten}“", 'Nursery No. {n} "{kindergarten}"'),
    ),
    "district-mayors": (("Районно кметство „{district}“", "{district} district mayor's office"),),
    "public-transport": (
        ("Спирка „{stop}“", 'Bus stop "{stop}"'),
        ("Спирка „{stop}“ (посока център)", 'Bus stop "{stop}" (towards the centre)'),
        ("Тролейбусна спирка „{stop}“", 'Trolleybus stop "{stop}"'),
        ("Спирка на ул. „{street}“ {n}", "Bus stop, {street} St. {n}"),
    ),
    "administrative-service": (
        ("Административно бюро „{district}“", "{district} administrative bureau"),
        (
            "Център за информация и услуги – гише {desk}",
            "Information and Services Centre, desk {desk}",
        ),
        ("Местни данъци и такси – гише {desk}", "Local taxes and fees, desk {desk}"),
    ),
    "railway-stations": (),
    "sports-facilities": (
        (
            "Спортна площадка, кв. „{district}“, бл. {n}",
            "Sports ground, {district} quarter, block {n}",
        ),
        ("Фитнес на открито, ул. „{street}“ {n}", "Outdoor gym, {street} St. {n}"),
        ("Баскетболно игрище, кв. „{district}“", "Basketball court, {district} quarter"),
    ),
    "tourism": (),
    "schools": (
        ("ОУ „{patron}“", '"{patron}" Primary School'),
        ("СУ „{patron}“", '"{patron}" Secondary School'),
    ),
}

VILLAGE_PATTERNS: dict[str, tuple[Pattern, ...]] = {
    "playgrounds": (
        ("Детска площадка, с. {village}", "Playground, {village}"),
        (
            "Детска площадка до читалището, с. {village}",
            "Playground by the community centre, {village}",
        ),
    ),
    "healthcare": (("Здравна служба, с. {village}", "Health post, {village}"),),
    "parks": (("Парк в центъра на с. {village}", "Village park, {village}"),),
    "kindergartens": (
        ("ДГ „{kindergarten}“, с. {village}", 'Kindergarten "{kindergarten}", {village}'),
    ),
    "district-mayors": (("Кметство с. {village}", "{village} mayor's office"),),
    "public-transport": (("Спирка „Център“, с. {village}", 'Bus stop "Centre", {village}'),),
    "sports-facilities": (
        ("Футболно игрище, с. {village}", "Football pitch, {village}"),
        ("Спортна площадка, с. {village}", "Sports ground, {village}"),
    ),
    "tourism": (
        ("Читалище, с. {village}", "Community centre (chitalishte), {village}"),
        ("Паметник на загиналите във войните, с. {village}", "War memorial, {village}"),
    ),
    "schools": (("ОУ „{patron}“, с. {village}", '"{patron}" Primary School, {village}'),),
}

KINDERGARTEN_NAMES = (
    "Слънце", "Детелина", "Щурче", "Радост", "Зорница", "Незабравка", "Пролет", "Дъга",
    "Светлина", "Кокиче", "Звездица", "Веселушка", "Русалка", "Калина", "Малина", "Ралица",
    "Чучулига", "Теменуга", "Жасмин", "Иглика", "Бреза", "Приказка", "Славейче", "Мечта",
)  # fmt: skip
PATRONS = (
    ("Христо Ботев", "Hristo Botev"), ("Васил Левски", "Vasil Levski"),
    ("Иван Вазов", "Ivan Vazov"), ("Св. св. Кирил и Методий", "Saints Cyril and Methodius"),
    ("Паисий Хилендарски", "Paisiy Hilendarski"), ("Любен Каравелов", "Lyuben Karavelov"),
    ("Георги Раковски", "Georgi Rakovski"), ("Христо Смирненски", "Hristo Smirnenski"),
    ("Никола Вапцаров", "Nikola Vaptsarov"), ("П. Р. Славейков", "P. R. Slaveykov"),
    ("Йордан Йовков", "Yordan Yovkov"), ("Елин Пелин", "Elin Pelin"),
    ("Св. Климент Охридски", "St Clement of Ohrid"), ("Неофит Рилски", "Neofit Rilski"),
    ("Петър Берон", "Petar Beron"), ("Кирил Христов", "Kiril Hristov"),
)  # fmt: skip

PLACEHOLDER = re.compile(r"{(\w+)}")
TOWN_SPREAD = (0.012, 0.016)  # degrees of latitude and longitude around the town centre
QUARTER_SPREAD = 0.003
VILLAGE_SPREAD = 0.002
MAX_REPEATS = 200  # names drawn in a row that exist already: the patterns are used up


@dataclass(frozen=True)
class PlacePlan:
    category: str
    name_bg: str
    name_en: str
    address: str
    locality: str  # "" for the town itself, else a quarter's or a village's Bulgarian name
    latitude: float
    longitude: float


def category_counts(shares: dict[str, float], total: int) -> dict[str, int]:
    """Splits `total` by the shares (largest remainders); every category gets at least one."""
    weight = sum(shares.values())
    exact = {slug: total * share / weight for slug, share in shares.items()}
    counts = {slug: max(1, int(value)) for slug, value in exact.items()}
    by_remainder = sorted(exact, key=lambda slug: exact[slug] - int(exact[slug]), reverse=True)
    for slug in by_remainder[: max(0, total - sum(counts.values()))]:
        counts[slug] += 1
    return counts


class PlacePlanner:
    def __init__(self, spec: MunicipalitySpec, rng: random.Random):
        self.spec = spec
        self.rng = rng
        self.districts = {d.name_bg: d for d in spec.districts}
        self.villages = {v.name_bg: v for v in spec.villages}
        self.taken: set[str] = set()

    def plan(self, total: int) -> list[PlacePlan]:
        """`total` places across the categories; a shortfall in one (few landmarks, few
        villages) is made up by the categories that can always make more."""
        plans = []
        for category, count in category_counts(self.spec.shares, total).items():
            plans += self.category_places(category, count)
        for category in ("playgrounds", "public-transport", "parks"):
            plans += self.category_places(category, total - len(plans))
        return plans

    def category_places(self, category: str, count: int) -> list[PlacePlan]:
        if count <= 0:
            return []
        in_town = round(count * self.spec.town_shares.get(category, 1.0))
        town = self._take(self._town_candidates(category), in_town)
        village = self._take(self._village_candidates(category), count - len(town))
        rest = self._take(self._town_candidates(category), count - len(town) - len(village))
        return town + village + rest

    def _take(self, candidates, count: int) -> list[PlacePlan]:
        taken = []
        for plan in candidates:
            if len(taken) >= count:
                break
            if plan.name_bg not in self.taken:
                self.taken.add(plan.name_bg)
                taken.append(plan)
        return taken

    def _town_candidates(self, category: str):
        for landmark in self.spec.landmarks:
            if landmark.category == category and not landmark.village:
                yield self._landmark(landmark)
        patterns = self.spec.town_patterns.get(category, TOWN_PATTERNS.get(category, ()))
        yield from self._from_patterns(category, patterns, villages=False)

    def _village_candidates(self, category: str):
        for landmark in self.spec.landmarks:
            if landmark.category == category and landmark.village:
                yield self._landmark(landmark)
        yield from self._from_patterns(category, VILLAGE_PATTERNS.get(category, ()), villages=True)

    def _landmark(self, landmark: Landmark) -> PlacePlan:
        where = self.villages.get(landmark.village) or self.districts.get(landmark.district)
        return self._placed(landmark.category, landmark.name_bg, landmark.name_en, where, {})

    def _from_patterns(self, category: str, patterns, *, villages: bool):
        """Fresh names from the patterns until they run dry (many repeats in a row)."""
        if not patterns:
            return
        village_order = list(self.villages.values())
        self.rng.shuffle(village_order)
        misses = 0
        for attempt in itertools.count():
            bg, en = self.rng.choice(patterns)
            values = self._fill(PLACEHOLDER.findall(bg))
            where = self.districts.get(values.get("district", ("",))[0])
            if villages:  # in turn, so that every village gets its share
                where = village_order[attempt % len(village_order)]
                values["village"] = (where.name_bg, where.name_en)
            name_bg = bg.format(**{k: v[0] for k, v in values.items()})
            if name_bg in self.taken:
                misses += 1
                if misses > MAX_REPEATS:
                    return
                continue
            misses = 0
            name_en = en.format(**{k: v[1] for k, v in values.items()})
            yield self._placed(category, name_bg, name_en, where, values)

    def _fill(self, placeholders: list[str]) -> dict[str, tuple[str, str]]:
        values = {}
        rng = self.rng
        for name in placeholders:
            if name == "street":
                street = rng.choice(self.spec.streets)
                values[name] = (street, transliterate(street))
            elif name == "district":
                district = rng.choice(self.spec.districts)
                values[name] = (district.name_bg, district.name_en)
            elif name == "stop":
                stop = rng.choice(self.spec.stops)
                values[name] = (stop, transliterate(stop).replace('"', ""))
            elif name == "kindergarten":
                kindergarten = rng.choice(KINDERGARTEN_NAMES)
                values[name] = (kindergarten, transliterate(kindergarten))
            elif name == "patron":
                values[name] = rng.choice(PATRONS)
            elif name in ("n", "desk"):
                number = str(rng.randint(1, 12 if name == "desk" else 60))
                values[name] = (number, number)
        return values

    def _placed(self, category, name_bg, name_en, where: Locality | None, values) -> PlacePlan:
        rng = self.rng
        if where is None:
            where, spread = self.spec.town, TOWN_SPREAD
        elif where.name_bg in self.villages:
            spread = (VILLAGE_SPREAD, VILLAGE_SPREAD)
        else:
            spread = (QUARTER_SPREAD, QUARTER_SPREAD)
        return PlacePlan(
            category=category,
            name_bg=name_bg,
            name_en=name_en,
            address=self._address(where, values),
            locality="" if where is self.spec.town else where.name_bg,
            latitude=round(where.latitude + rng.gauss(0, spread[0]), 6),
            longitude=round(where.longitude + rng.gauss(0, spread[1]), 6),
        )

    def _address(self, where: Locality, values) -> str:
        town = self.spec.town.name_bg
        if where.name_bg in self.villages:
            return f"с. {where.name_bg}, общ. {town}"
        if "street" in values and "n" in values:
            return f"ул. „{values['street'][0]}“ {values['n'][0]}, гр. {town}"
        if where is not self.spec.town:
            return f"кв. „{where.name_bg}“, гр. {town}"
        return f"гр. {town}"
