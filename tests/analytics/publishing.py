"""An organisation that publishes its figures, with rated places in two categories and two
settlements, a cell too small to publish, an often-rated employee and secret comments."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.analytics.sums import month_start
from civicpulse.feedback.models import TouchpointKind
from tests.analytics.responses import rated_definition, record
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    OrganizationFactory,
    TouchpointFactory,
    make_questionnaire,
)

SECRET_COMMENT = "Тайна-бележка-12345"
EMPLOYEE_NAME = "Иванка Служителева"
SMALL = 3  # ratings of the small cell: below the minimum of 10


@dataclass
class Publishing:
    organization: object
    parks: object
    desks: object
    town: object
    district: object  # a part of the town: its places count for the town
    village: object
    park_in_town: object
    park_in_village: object
    desk_in_town: object
    desk_in_village: object  # the small cell
    employee: object
    last_month: date
    month_before: date


def last_months(today: date) -> tuple[date, date]:
    last = month_start(month_start(today) - timedelta(days=1))
    return last, month_start(last - timedelta(days=1))


def _rate(touchpoint, month: date, scores: list[int], rng, *, comment=False):
    zone = ZoneInfo(touchpoint.organization.time_zone)
    for index, score in enumerate(scores):
        at = datetime.combine(month + timedelta(days=index % 27), time(12), tzinfo=zone)
        answers = {"overall": score, **({"comment": SECRET_COMMENT} if comment else {})}
        record(touchpoint, at=at, rng=rng, **answers)


def publishing(*, slug: str = "publishes", publishes: bool = True) -> Publishing:
    organization = OrganizationFactory(
        slug=slug, time_zone="Europe/Sofia", publishes_figures=publishes
    )
    town = AreaFactory(organization=organization, name_bg="Стара Загора", name_en="Stara Zagora")
    district = AreaFactory(organization=organization, parent=town, name_bg="Център")
    village = AreaFactory(organization=organization, name_bg="Пряпорец", name_en="Pryaporets")
    parks = CategoryFactory(organization=organization, slug="parks", name_bg="Паркове")
    desks = CategoryFactory(organization=organization, slug="desks", name_bg="Гишета")
    for category in (parks, desks):
        make_questionnaire(
            organization=organization, category=category, definition=rated_definition()
        )
    make_questionnaire(
        organization=organization,
        category=desks,
        for_employees=True,
        definition=rated_definition(),
    )

    def place(category, area, name):
        return TouchpointFactory(
            organization=organization, category=category, area=area, name_bg=name
        )

    last, before = last_months(timezone.localdate())
    world = Publishing(
        organization=organization,
        parks=parks,
        desks=desks,
        town=town,
        district=district,
        village=village,
        park_in_town=place(parks, district, "Парк Загорка"),
        park_in_village=place(parks, village, "Парк в селото"),
        desk_in_town=place(desks, town, "Гише в центъра"),
        desk_in_village=place(desks, village, "Гише в селото"),
        employee=TouchpointFactory(
            organization=organization,
            kind=TouchpointKind.EMPLOYEE,
            category=desks,
            area=town,
            name_bg=EMPLOYEE_NAME,
        ),
        last_month=last,
        month_before=before,
    )
    rng = random.Random(5)
    for month in (world.last_month, world.month_before):
        _rate(world.park_in_town, month, [9, 8, 10, 7, 6, 9, 8, 10, 9, 5, 8, 9], rng, comment=True)
        _rate(world.park_in_village, month, [4, 6, 7, 5, 8, 6, 7, 3, 6, 7, 5], rng)
        _rate(world.desk_in_town, month, [10, 9, 9, 8, 10, 7, 9, 10, 8, 9], rng)
        _rate(world.desk_in_village, month, [2, 3, 1][:SMALL], rng)
        _rate(world.employee, month, [10] * 6, rng, comment=True)  # above its threshold, 5
    rollups_catch_up()
    return world
