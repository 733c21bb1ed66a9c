"""Importing touchpoints from CSV: reading the file, checking every row, applying all or nothing."""

import codecs
import io
from decimal import Decimal

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.exports import touchpoints_csv
from civicpulse.feedback.models import Touchpoint, TouchpointKind
from civicpulse.feedback.models.touchpoints import CODE_ALPHABET, CODE_LENGTH
from civicpulse.feedback.touchpoint_import import (
    MAX_ROWS,
    touchpoint_import_apply,
    touchpoint_import_plan,
    touchpoint_import_read,
)
from tests.factories import AreaFactory, CategoryFactory, DepartmentFactory, TouchpointFactory

HEADER = "Code,Name (BG),Name (EN),Kind,Category,Area,Department,Latitude,Longitude,Active"


@pytest.fixture
def city(organization):
    """Parks and schools in a town with two districts of the same name in different towns."""
    region = AreaFactory(
        organization=organization, kind="region", name_bg="Област", name_en="Region"
    )
    town = AreaFactory(organization=organization, parent=region, name_bg="Град", name_en="Town")
    other_town = AreaFactory(organization=organization, parent=region, name_bg="Село")
    parks = CategoryFactory(
        organization=organization, slug="parks", name_bg="Паркове", name_en="Parks"
    )
    schools = CategoryFactory(
        organization=organization, slug="schools", name_bg="Училища", name_en="Schools"
    )
    green = DepartmentFactory(organization=organization, name_bg="Озеленяване", name_en="Green")
    park = TouchpointFactory(
        organization=organization,
        name_bg="Парк Аязмото",
        name_en="Ayazmoto Park",
        category=parks,
        area=town,
        department=green,
    )
    school = TouchpointFactory(
        organization=organization, name_bg="Училище Ботев", category=schools, area=town
    )
    return {
        "region": region,
        "town": town,
        "other_town": other_town,
        "centre": AreaFactory(organization=organization, parent=town, name_bg="Център"),
        "other_centre": AreaFactory(organization=organization, parent=other_town, name_bg="Център"),
        "parks": parks,
        "schools": schools,
        "green": green,
        "park": park,
        "school": school,
    }


def plan(organization, text):
    with translation.override("en"):
        return touchpoint_import_plan(organization=organization, text=text)


def csv_text(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


def only_error(result):
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def exported(organization, language):
    stream = io.StringIO(newline="")
    with translation.override(language):
        touchpoints_csv(organization=organization, stream=stream)
    return stream.getvalue()


class TestRoundTrip:
    @pytest.mark.parametrize("language", ["bg", "en"])
    def test_an_exported_file_imports_back_unchanged(self, organization, city, language):
        text = exported(organization, language)
        with scopes_disabled():
            result = plan(organization, text)
        assert result.errors == []
        assert (result.new, result.updated, result.unchanged) == (0, 0, 2)
        assert not result.can_apply

    def test_an_edited_export_updates_only_what_changed(self, organization, city, in_scope):
        text = exported(organization, "en").replace("Ayazmoto Park", "Ayazmo Park")
        result = plan(organization, text)
        assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
        with translation.override("en"):
            touchpoint_import_apply(organization=organization, text=text)
        park = Touchpoint.objects.get(pk=city["park"].pk)
        assert park.name_en == "Ayazmo Park"
        assert park.code == city["park"].code  # a code is never changed
        assert park.area == city["town"] and park.department == city["green"]

    def test_a_code_in_lower_case_still_finds_its_touchpoint(self, organization, city, in_scope):
        row = f"{city['park'].code.lower()},Парк Аязмото,Ayazmoto Park,place,Parks,Град,Green,42.4258,25.6345,yes"  # noqa: E501
        result = plan(organization, csv_text(row))
        assert result.errors == [] and result.unchanged == 1


class TestNewRows:
    def test_names_are_matched_in_either_language_or_by_slug(self, organization, city, in_scope):
        text = csv_text(
            ",Парк Заимов,,place,PARKS,town,озеленяване,42.43,25.64,да",
            ",Училище Вазов,Vazov School,Място,  училища ,Град / Център,,,,",
            ",Учителка Иванова,,employee,schools,Село/Център,,,,no",
        )
        result = plan(organization, text)
        assert result.errors == []
        assert result.new == 3
        with translation.override("en"):
            touchpoint_import_apply(organization=organization, text=text)
        zaimov = Touchpoint.objects.get(name_bg="Парк Заимов")
        assert (zaimov.category, zaimov.area, zaimov.department) == (
            city["parks"],
            city["town"],
            city["green"],
        )
        assert zaimov.latitude == Decimal("42.430000") and zaimov.is_active
        vazov = Touchpoint.objects.get(name_bg="Училище Вазов")
        assert vazov.area == city["centre"] and vazov.latitude is None
        teacher = Touchpoint.objects.get(name_bg="Учителка Иванова")
        assert teacher.kind == TouchpointKind.EMPLOYEE and not teacher.is_active
        assert teacher.area == city["other_centre"]

    def test_new_touchpoints_get_fresh_codes(self, organization, city, in_scope):
        text = csv_text(*(f",Пейка {n},,,Parks,,,,," for n in range(30)))
        with translation.override("en"):
            touchpoint_import_apply(organization=organization, text=text)
        codes = list(Touchpoint.objects.filter(name_bg__startswith="Пейка").values_list("code"))
        assert len({code for (code,) in codes}) == 30
        assert all(
            len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for (code,) in codes
        )

    def test_an_employee_gets_a_workplace_by_code_or_name(self, organization, city, in_scope):
        header = "Name (BG),Kind,Category,Workplace,Job title (BG),Address"
        text = csv_text(
            f",employee,Schools,{city['school'].code},Учител,ул. Цар Симеон 1",
            header=header,
        ).replace("\n,", "\nИванова,")
        text += "Петрова,employee,Schools,училище ботев,Директор,\n"
        with translation.override("en"):
            result = touchpoint_import_apply(organization=organization, text=text)
        assert result.new == 2
        assert set(Touchpoint.objects.filter(place=city["school"]).values_list("name_bg")) == {
            ("Иванова",),
            ("Петрова",),
        }

    def test_a_line_break_inside_a_cell_becomes_a_space(self, organization, city, in_scope):
        result = plan(organization, csv_text(',"Парк\n  Заимов",,,Parks,,,,,'))
        assert result.rows[0].values["name_bg"] == "Парк Заимов"

    def test_more_decimals_are_rounded_to_the_six_kept(self, organization, city, in_scope):
        result = plan(organization, csv_text(",Парк,,,Parks,,,42.12345678,25.5,"))
        assert result.rows[0].values["latitude"] == Decimal("42.123457")


def bad(row_values, column, message_part, *, id):
    return pytest.param(row_values, column, message_part, id=id)


BAD_ROWS = [
    bad(",,,,Parks,,,,,", "Name (BG)", "name in Bulgarian is missing", id="missing-name"),
    bad(",Парк,,,,,,,,", "Category", "category is missing", id="missing-category"),
    bad(",Парк,,,Gardens,,,,,", "Category", "Unknown category “Gardens”", id="unknown-category"),
    bad(",Парк,,,Parks,Nowhere,,,,", "Area", "Unknown area", id="unknown-area"),
    bad(",Парк,,,Parks,Център,,,,", "Area", "Several areas", id="ambiguous-area"),
    bad(",Парк,,,Parks,,Finance,,,", "Department", "Unknown department", id="unknown-department"),
    bad(",Парк,,,Parks,,,north,25.1,", "Latitude", "is not a number", id="latitude-not-number"),
    bad(",Парк,,,Parks,,,NaN,25.1,", "Latitude", "is not a number", id="latitude-nan"),
    bad(",Парк,,,Parks,,,-Infinity,25.1,", "Latitude", "is not a number", id="latitude-infinite"),
    bad(",Парк,,,Parks,,,91,25.1,", "Latitude", "from -90 to 90", id="latitude-out-of-range"),
    bad(",Парк,,,Parks,,,42,-181,", "Longitude", "from -180 to 180", id="longitude-range"),
    bad(",Парк,,,Parks,,,42.1,,", "Longitude", "both the latitude", id="latitude-without-lon"),
    bad(",Парк,,tree,Parks,,,,,", "Kind", "“place” or “employee”", id="wrong-kind"),
    bad(",Парк,,,Parks,,,,,maybe", "Active", "yes or no", id="wrong-active"),
    bad(",Парк,,,Parks,,,,,,surplus", "", "11 cells", id="ragged-row"),
    bad("ZZZZZZZZ,Парк,,,Parks,,,,,", "Code", "has the code “ZZZZZZZZ”", id="unknown-code"),
    bad(",{},,,Parks,,,,,".format("Я" * 201), "Name (BG)", "201 characters", id="too-long"),
]


class TestBadRows:
    @pytest.mark.parametrize(("row", "column", "message_part"), BAD_ROWS)
    def test_is_reported_with_line_column_and_message(
        self, organization, city, in_scope, row, column, message_part
    ):
        text = csv_text(",Парк Добър,,,Parks,,,,,", row)
        result = plan(organization, text)
        error = only_error(result)
        assert (error.line, error.column) == (3, column)
        assert message_part in error.message
        assert result.new == 1 and not result.can_apply

    def test_a_duplicate_code_names_the_first_line(self, organization, city, in_scope):
        code = city["park"].code
        text = csv_text(f"{code},Парк,,,Parks,,,,,", f"{code},Парк 2,,,Parks,,,,,")
        error = only_error(plan(organization, text))
        assert (error.line, error.column) == (3, "Code")
        assert "also on line 2" in error.message

    def test_another_organisations_names_and_codes_are_unknown(
        self, organization, other_organization, city, in_scope
    ):
        with scopes_disabled():
            foreign = TouchpointFactory(
                organization=other_organization,
                category=CategoryFactory(organization=other_organization, name_en="Museums"),
                area=AreaFactory(organization=other_organization, name_en="Kyustendil"),
            )
            DepartmentFactory(organization=other_organization, name_en="Culture")
        text = csv_text(
            ",Музей,,,Museums,,,,,",
            ",Музей,,,Parks,Kyustendil,,,,",
            ",Музей,,,Parks,,Culture,,,",
            f"{foreign.code},Музей,,,Parks,,,,,",
        )
        messages = [(error.line, error.message) for error in plan(organization, text).errors]
        assert messages == [
            (2, "Unknown category “Museums”."),
            (3, "Unknown area “Kyustendil”."),
            (4, "Unknown department “Culture”."),
            (5, f"No touchpoint of this organisation has the code “{foreign.code}”."),
        ]

    def test_only_an_employee_has_a_workplace(self, organization, city, in_scope):
        text = csv_text(
            f",Парк,,place,Parks,,,,,,{city['school'].code}", header=HEADER + ",Workplace"
        )
        error = only_error(plan(organization, text))
        assert (error.column, error.message) == ("Workplace", "Only an employee has a workplace.")

    def test_a_new_row_needs_the_name_and_category_columns(self, organization, city, in_scope):
        result = plan(organization, "Name (BG)\nПарк\n")
        assert [(e.line, e.column) for e in result.errors] == [(2, "Category")]

    def test_nothing_is_written_when_any_row_is_wrong(self, organization, city, in_scope):
        text = csv_text(",Парк Нов,,,Parks,,,,,", ",Парк Лош,,,Gardens,,,,,")
        before = Touchpoint.objects.count()
        with translation.override("en"), pytest.raises(RuleViolation, match="1 error"):
            touchpoint_import_apply(organization=organization, text=text)
        assert Touchpoint.objects.count() == before


class TestWarnings:
    def test_formulas_and_markup_are_kept_as_plain_text(self, organization, city, in_scope):
        text = csv_text(
            ',"=HYPERLINK(""http://evil.example"",""x"")",<script>alert(1)</script>,,Parks,,,,,'
        )
        result = plan(organization, text)
        assert result.errors == []
        assert [(w.column, w.message[:13]) for w in result.warnings] == [
            ("Name (BG)", "Starts with “")
        ]
        values = result.rows[0].values
        assert values["name_bg"] == '=HYPERLINK("http://evil.example","x")'
        assert values["name_en"] == "<script>alert(1)</script>"

    def test_coordinates_far_from_the_others_are_a_warning(self, organization, city, in_scope):
        for n in range(5):
            TouchpointFactory(organization=organization, latitude=f"42.4{n}", longitude="25.6")
        text = csv_text(
            ",Near,,,Parks,,,42.41,25.62,",
            ",Sofia,,,Parks,,,42.69,23.32,",
            ",Swapped,,,Parks,,,25.6,42.4,",
        )
        result = plan(organization, text)
        assert result.errors == [] and result.new == 3
        assert [(w.line, w.column) for w in result.warnings] == [(3, "Latitude"), (4, "Latitude")]
        assert "About 189 km" in result.warnings[0].message
        assert "swapped" in result.warnings[1].message

    def test_a_name_that_already_exists_is_a_warning(self, organization, city, in_scope):
        result = plan(
            organization,
            csv_text(",парк  аязмото,,,Parks,,,,,", ",Нов,,,Parks,,,,,", ",Нов,,,Parks,,,,,"),
        )
        assert [(w.line, w.column) for w in result.warnings] == [(2, "Name (BG)"), (4, "Name (BG)")]
        assert city["park"].code in result.warnings[0].message
        assert "line 3" in result.warnings[1].message

    def test_unknown_columns_are_listed_as_ignored(self, organization, city, in_scope):
        result = plan(organization, "Name (BG),Category,Public URL,Notes\nПарк,Parks,x,y\n")
        assert result.errors == [] and result.ignored_columns == ["Notes"]


def read(data: bytes):
    with translation.override("en"):
        return touchpoint_import_read(data=data)


class TestReading:
    def test_utf8_with_a_byte_order_mark(self, organization, city, in_scope):
        data = codecs.BOM_UTF8 + csv_text(",Парк,,,Паркове,,,,,").encode()
        imported = read(data)
        assert imported.encoding_label == "UTF-8"
        assert plan(organization, imported.text).rows[0].values["name_bg"] == "Парк"

    def test_windows_1251_with_semicolons_and_decimal_commas(self, organization, city, in_scope):
        text = (
            "Име (BG);Категория;Географска ширина;Географска дължина\n"
            "Парк;Паркове;42,4258;25,6345\n"
        )
        imported = read(text.encode("cp1251"))
        assert imported.encoding_label == "Windows-1251"
        row = plan(organization, imported.text).rows[0]
        assert (row.values["name_bg"], row.values["category"]) == ("Парк", city["parks"])
        assert row.values["latitude"] == Decimal("42.425800")

    def test_utf16_from_excels_unicode_text(self, organization, city, in_scope):
        text = "Name (BG)\tCategory\nПарк\tParks\n"
        imported = read(text.encode("utf-16"))
        assert plan(organization, imported.text).rows[0].values["name_bg"] == "Парк"

    @pytest.mark.parametrize(
        ("data", "message_part"),
        [
            pytest.param(b"", "empty", id="empty"),
            pytest.param(b" \r\n\r\n", "empty", id="blank-lines"),
            pytest.param(HEADER.encode() + b"\r\n", "no rows", id="header-only"),
            pytest.param(HEADER.encode() + b"\n,,,,,\n", "no rows", id="header-and-blank-row"),
            pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file", id="png"),
            pytest.param(b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook", id="xlsx"),
            pytest.param(b"Name (BG),Category\n\x01\x02\x03,x\n", "not a text file", id="controls"),
            pytest.param(b"Foo,Bar\n1,2\n", "No known column", id="unknown-columns"),
            pytest.param(b"Category,Category\nParks,Parks\n", "more than once", id="twice"),
            pytest.param(b"Category,Area\nParks,Town\n", "needs a column", id="no-code-or-name"),
        ],
    )
    def test_a_file_that_cannot_be_imported_is_refused(self, data, message_part):
        with pytest.raises(RuleViolation) as refused:
            read(data)
        assert message_part in refused.value.message

    def test_at_most_2_mb(self):
        row = ",Парк,,,Parks,,,,,\n"
        data = csv_text(row * (2 * 1024 * 1024 // len(row.encode()) + 1)).encode()
        with pytest.raises(RuleViolation, match="larger than 2 MB"):
            read(data)

    def test_at_most_5000_rows(self):
        with pytest.raises(RuleViolation, match="more than 5,000 rows"):
            read(csv_text(*([",П,,,P,,,,,"] * (MAX_ROWS + 1))).encode())
        assert read(csv_text(*([",П,,,P,,,,,"] * MAX_ROWS)).encode())

    def test_an_unclosed_quotation_mark_is_reported(self, organization, city, in_scope):
        text = csv_text(',"Парк,,,Parks,,,,,', ",Друг,,,Parks,,,,,")
        result = plan(organization, read(text.encode()).text)
        assert result.errors and not result.can_apply


def test_5000_rows_are_checked_and_imported_quickly(
    organization, city, in_scope, django_assert_max_num_queries
):
    rows = [
        f",Пейка {n},Bench {n},place,Parks,Град,Green,42.{n:04d},25.6,yes" for n in range(MAX_ROWS)
    ]
    text = csv_text(*rows)
    with django_assert_max_num_queries(40), translation.override("en"):
        result = touchpoint_import_apply(organization=organization, text=text)
    assert result.new == MAX_ROWS
    assert Touchpoint.objects.filter(name_en__startswith="Bench").count() == MAX_ROWS
