"""A demo municipality in the database: geography, departments, categories, places, employees."""

import random

from django.db import transaction
from django_scopes import scope, scopes_disabled

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.core.models import Area, AreaKind, Department, Organization, OrganizationKind
from civicpulse.demo.municipality import MunicipalitySpec
from civicpulse.demo.names import distinct_names
from civicpulse.demo.places import PlacePlanner
from civicpulse.feedback.defaults import EMPLOYEE_CATEGORY, organization_install_defaults
from civicpulse.feedback.models import Touchpoint, TouchpointKind
from civicpulse.feedback.models.touchpoints import CODE_ALPHABET, CODE_LENGTH

JOB_TITLES = (
    ("Главен специалист", "Chief specialist"),
    ("Старши специалист", "Senior specialist"),
    ("Младши експерт", "Junior expert"),
    ("Старши експерт", "Senior expert"),
    ("Главен експерт", "Chief expert"),
    ("Технически сътрудник", "Technical assistant"),
    ("Деловодител", "Registry clerk"),
)


@transaction.atomic
def demo_municipality_create(
    *, spec: MunicipalitySpec, places: int, employees: int, rng: random.Random
) -> Organization:
    """The organisation with its default categories and questionnaires, `places` places and
    `employees` employees working at its service desks."""
    organization = Organization.objects.create(
        slug=spec.slug,
        name_bg=spec.name_bg,
        name_en=spec.name_en,
        kind=OrganizationKind.MUNICIPALITY,
        registry_prefix=spec.registry_prefix,
        brand_colour=spec.brand_colour,
        publishes_figures=True,  # the demo shows the public figures page too
    )
    with scope(organization=organization):
        areas = _areas_create(organization, spec)
        departments = {
            d.key: Department.objects.create(
                organization=organization,
                name_bg=d.name_bg,
                name_en=d.name_en,
                email=f"{d.key}@{spec.slug}.example",
            )
            for d in spec.departments
        }
        categories = {c.slug: c for c in organization_install_defaults(organization=organization)}
        cases_install_defaults(organization=organization)
        plans = PlacePlanner(spec, rng).plan(places)
        codes = _codes(rng, places + employees)
        desks = Touchpoint.objects.bulk_create(
            Touchpoint(
                organization=organization,
                kind=TouchpointKind.PLACE,
                code=codes.pop(),
                name_bg=plan.name_bg,
                name_en=plan.name_en,
                category=categories[plan.category],
                area=areas[plan.locality],
                department=departments[spec.department_for(plan.category)],
                address=plan.address,
                latitude=plan.latitude,
                longitude=plan.longitude,
            )
            for plan in plans
        )
        desks = [tp for tp in desks if tp.category.slug == EMPLOYEE_CATEGORY]
        Touchpoint.objects.bulk_create(
            Touchpoint(
                organization=organization,
                kind=TouchpointKind.EMPLOYEE,
                code=codes.pop(),
                name_bg=name_bg,
                name_en=name_en,
                job_title_bg=title_bg,
                job_title_en=title_en,
                category=categories[EMPLOYEE_CATEGORY],
                department=departments[spec.employee_department],
                place=workplace,
                area=workplace.area if workplace else areas[""],
                address=workplace.address if workplace else "",
                latitude=workplace.latitude if workplace else None,
                longitude=workplace.longitude if workplace else None,
            )
            for (name_bg, name_en), (title_bg, title_en), workplace in (
                (name, rng.choice(JOB_TITLES), rng.choice(desks) if desks else None)
                for name in distinct_names(rng, employees)
            )
        )
    return organization


def _areas_create(organization, spec: MunicipalitySpec) -> dict[str, Area]:
    """The municipality as the root, the town and the villages below it, quarters in the town.

    Keyed by Bulgarian name as `PlacePlan.locality` has it; "" is the town itself.
    """

    def area(locality, kind, parent):
        return Area.objects.create(
            organization=organization,
            parent=parent,
            kind=kind,
            name_bg=locality.name_bg,
            name_en=locality.name_en,
            latitude=locality.latitude,
            longitude=locality.longitude,
        )

    root = Area.objects.create(
        organization=organization,
        kind=AreaKind.REGION,
        name_bg=spec.name_bg,
        name_en=spec.name_en,
        latitude=spec.town.latitude,
        longitude=spec.town.longitude,
    )
    areas = {"": area(spec.town, AreaKind.SETTLEMENT, root)}
    for district in spec.districts:
        areas[district.name_bg] = area(district, AreaKind.DISTRICT, areas[""])
    for village in spec.villages:
        areas[village.name_bg] = area(village, AreaKind.SETTLEMENT, root)
    return areas


def _codes(rng: random.Random, count: int) -> list[str]:
    """Sticker codes drawn from the seeded generator, so a re-seeded demo keeps its posters."""
    codes: set[str] = set()
    while len(codes) < count:
        codes.update(
            "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            for _ in range(count - len(codes))
        )
        with scopes_disabled():  # codes are unique across all organisations
            codes -= set(Touchpoint.objects.filter(code__in=codes).values_list("code", flat=True))
    return sorted(codes)
