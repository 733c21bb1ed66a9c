import random
import re
from collections import Counter

import pytest

from civicpulse.demo.kyustendil import KYUSTENDIL
from civicpulse.demo.places import PlacePlanner, category_counts
from civicpulse.demo.stara_zagora import STARA_ZAGORA
from civicpulse.demo.transliteration import transliterate

CYRILLIC = re.compile("[а-яА-Я]")


@pytest.mark.parametrize(
    ("bulgarian", "latin"),
    [
        ("Стара Загора", "Stara Zagora"),
        ("София", "Sofia"),
        ("Щастливци", "Shtastlivtsi"),
        ("Железник", "Zheleznik"),
        ("ДГ № 12 „Слънце“", 'DG № 12 "Slantse"'),
        ("Юрий Гагарин", "Yuriy Gagarin"),
    ],
)
def test_transliteration_follows_the_official_system(bulgarian, latin):
    assert transliterate(bulgarian) == latin


def test_counts_follow_the_shares_and_keep_every_category():
    counts = category_counts(STARA_ZAGORA.shares, 620)
    assert sum(counts.values()) == 620
    assert counts["public-transport"] == 150
    assert min(category_counts(STARA_ZAGORA.shares, 30).values()) == 1


@pytest.mark.parametrize(("spec", "total"), [(STARA_ZAGORA, 620), (KYUSTENDIL, 200)])
def test_plans_are_unique_bilingual_and_within_the_municipality(spec, total):
    plans = PlacePlanner(spec, random.Random(7)).plan(total)
    assert len(plans) == total
    assert len({p.name_bg for p in plans}) == total
    assert not any(CYRILLIC.search(p.name_en) for p in plans)
    assert all(abs(p.latitude - spec.town.latitude) < 0.25 for p in plans)
    assert all(abs(p.longitude - spec.town.longitude) < 0.25 for p in plans)
    villages = {v.name_bg for v in spec.villages}
    in_villages = Counter(p.locality in villages for p in plans)
    assert in_villages[False] > in_villages[True] > 0  # most in the town, some in villages
    assert set(Counter(p.category for p in plans)) == set(spec.shares)


def test_stara_zagora_has_its_51_settlements_and_known_places():
    assert len(STARA_ZAGORA.villages) + 1 == 51
    assert len({v.name_bg for v in STARA_ZAGORA.villages}) == 50
    names = {p.name_bg for p in PlacePlanner(STARA_ZAGORA, random.Random(1)).plan(620)}
    assert {"Гара Стара Загора", "Стадион „Берое“", "Парк „Аязмото“"} <= names


def test_the_same_seed_plans_the_same_places():
    def plan():
        return PlacePlanner(KYUSTENDIL, random.Random(3)).plan(50)

    assert plan() == plan()
