"""Invented people for the demo: common Bulgarian first names and family names."""

import random

from civicpulse.demo.transliteration import transliterate

MEN = (
    "Георги", "Иван", "Димитър", "Николай", "Петър", "Христо", "Стоян", "Тодор", "Васил",
    "Атанас", "Александър", "Красимир", "Пламен", "Данаил", "Мартин", "Калоян", "Светослав",
    "Росен", "Емил", "Любомир",
)  # fmt: skip
WOMEN = (
    "Мария", "Елена", "Иванка", "Десислава", "Гергана", "Петя", "Радостина", "Светла",
    "Цветелина", "Николина", "Милена", "Анелия", "Теодора", "Силвия", "Виктория", "Даниела",
    "Йорданка", "Галина", "Румяна", "Кристина",
)  # fmt: skip
# Masculine forms; the feminine adds "а" (Петров → Петрова).
FAMILY_NAMES = (
    "Петров", "Иванов", "Георгиев", "Димитров", "Николов", "Стоянов", "Христов", "Тодоров",
    "Илиев", "Василев", "Атанасов", "Петков", "Ангелов", "Колев", "Маринов", "Йорданов",
    "Попов", "Михайлов", "Костов", "Стефанов", "Кръстев", "Недялков", "Славов", "Добрев",
    "Милев", "Желязков", "Русев", "Ганчев", "Вълчев", "Минчев",
)  # fmt: skip


def person_name(rng: random.Random) -> tuple[str, str]:
    """A full name in Cyrillic and in Latin script."""
    if rng.random() < 0.6:  # municipal front offices employ more women
        full = f"{rng.choice(WOMEN)} {rng.choice(FAMILY_NAMES)}а"
    else:
        full = f"{rng.choice(MEN)} {rng.choice(FAMILY_NAMES)}"
    return full, transliterate(full)


def distinct_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    if count > (len(MEN) + len(WOMEN)) * len(FAMILY_NAMES) // 2:
        raise ValueError(f"Too many people for the name lists: {count}.")
    names: dict[str, tuple[str, str]] = {}
    while len(names) < count:
        name = person_name(rng)
        names.setdefault(name[0], name)
    return list(names.values())
