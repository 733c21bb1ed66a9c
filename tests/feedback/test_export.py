import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django_scopes import scope

from civicpulse.feedback.exports import touchpoints_csv
from civicpulse.feedback.models import TouchpointKind
from civicpulse.feedback.touchpoint_import import touchpoint_import_plan
from tests.factories import DepartmentFactory, TouchpointFactory

HEADER = [
    "Code",
    "Public URL",
    "Name (BG)",
    "Name (EN)",
    "Kind",
    "Category",
    "Area",
    "Department",
    "Latitude",
    "Longitude",
    "Active",
]


@pytest.fixture
def places(organization, other_organization):
    department = DepartmentFactory(
        organization=organization, name_bg="Образование", name_en="Education"
    )
    mine = [
        TouchpointFactory(
            organization=organization,
            name_bg="ДГ № 12 „Слънце“",
            name_en='Kindergarten No. 12 "Slantse"',
            department=department,
        ),
        TouchpointFactory(organization=organization, kind=TouchpointKind.EMPLOYEE, is_active=False),
    ]
    TouchpointFactory(organization=other_organization, name_bg="Крепост „Хисарлъка“")
    return mine


def export(**options) -> list[list[str]]:
    out = io.StringIO()
    with translation.override("en"):
        call_command("export_touchpoints", stdout=out, **options)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_a_header_then_one_row_per_touchpoint(places):
    rows = export(org="stara-zagora")
    assert rows[0] == HEADER
    assert len(rows) == 3
    by_code = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    kindergarten = by_code[places[0].code]
    assert kindergarten["Public URL"] == places[0].public_url
    assert kindergarten["Name (BG)"] == "ДГ № 12 „Слънце“"  # Cyrillic and quotes intact
    assert kindergarten["Name (EN)"] == 'Kindergarten No. 12 "Slantse"'
    assert kindergarten["Department"] == "Education"  # names follow the active language
    assert kindergarten["Category"] == places[0].category.name_en
    assert (kindergarten["Latitude"], kindergarten["Longitude"]) == ("42.425800", "25.634500")
    assert (kindergarten["Kind"], kindergarten["Active"]) == ("place", "yes")
    employee = by_code[places[1].code]
    assert (employee["Kind"], employee["Active"]) == ("employee", "no")


def test_only_the_chosen_organisation(places):
    names = [row[2] for row in export(org="kyustendil")[1:]]
    assert names == ["Крепост „Хисарлъка“"]


def test_writes_utf8_to_a_file(places, tmp_path):
    target = tmp_path / "touchpoints.csv"
    call_command("export_touchpoints", org="stara-zagora", output=str(target), stderr=io.StringIO())
    text = target.read_bytes().decode("utf-8")
    assert "ДГ № 12 „Слънце“" in text
    assert len(list(csv.reader(io.StringIO(text)))) == 3


def test_an_unknown_organisation_is_a_clear_error(places):
    with pytest.raises(CommandError, match="No organisation 'nowhere'"):
        call_command("export_touchpoints", org="nowhere")


def test_the_service_counts_what_it_wrote(places, organization):
    stream = io.StringIO()
    assert touchpoints_csv(organization=organization, stream=stream) == 2


def test_text_that_looks_like_a_formula_is_exported_as_text_and_imports_back(organization):
    with scope(organization=organization):
        touchpoint = TouchpointFactory(organization=organization, name_bg="=HYPERLINK(1)")
    stream = io.StringIO(newline="")
    touchpoints_csv(organization=organization, stream=stream)
    assert "'=HYPERLINK(1)" in stream.getvalue()
    with scope(organization=organization):
        plan = touchpoint_import_plan(organization=organization, text=stream.getvalue())
    assert not plan.errors and plan.unchanged == 1 and touchpoint.name_bg == "=HYPERLINK(1)"
