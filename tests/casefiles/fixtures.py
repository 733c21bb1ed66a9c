"""Case-file fixtures, imported by the conftest of each test package that needs them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scope

from civicpulse.casefiles.models import AdministrativeService
from tests.factories import DepartmentFactory

SOFIA = ZoneInfo("Europe/Sofia")


def sofia(*args) -> datetime:
    return datetime(*args, tzinfo=SOFIA)


def make_service(organization, code, *, days=14, sector=None, name_bg=None, **extra):
    with scope(organization=organization):
        return AdministrativeService.objects.create(
            organization=organization,
            code=code,
            name_bg=name_bg or f"Услуга {code}",
            name_en=f"Service {code}",
            days=days,
            sector=sector,
            **extra,
        )


@pytest.fixture
def sectors(organization):
    return {
        "civil": DepartmentFactory(
            organization=organization, name_bg="Гражданско състояние", name_en="Civil status"
        ),
        "building": DepartmentFactory(
            organization=organization, name_bg="Строителство", name_en="Construction"
        ),
    }


@pytest.fixture
def services(organization, sectors):
    return {
        "heirs": make_service(
            organization,
            "GS-01",
            days=7,
            sector=sectors["civil"],
            name_bg="Удостоверение за наследници",
        ),
        "sketch": make_service(
            organization, "TS-02", days=14, sector=sectors["building"], name_bg="Скица"
        ),
        "permit": make_service(
            organization,
            "TS-07",
            days=30,
            sector=sectors["building"],
            name_bg="Разрешение за строеж",
        ),
    }
