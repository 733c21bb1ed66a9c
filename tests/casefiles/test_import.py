"""Case files from CSV: good files, every kind of bad file, idempotency, and the export."""

import codecs
import csv
import io

import pytest
from django.utils import translation
from django_scopes import scope

from civicpulse.casefiles.access_codes import access_code_matches
from civicpulse.casefiles.exports import casefiles_csv
from civicpulse.casefiles.imports import (
    MAX_BYTES,
    MAX_ROWS,
    casefile_import_csv,
    casefile_import_plan,
    casefile_import_read,
)
from civicpulse.casefiles.models import CaseFile
from civicpulse.casefiles.services import casefile_register
from civicpulse.core.exceptions import RuleViolation
from tests.casefiles.fixtures import sofia

pytestmark = pytest.mark.django_db

HEADER = "number,service,registered_at,status,completed_at,delay_reason,sector,applicant_name"
GOOD = "\n".join(
    [
        HEADER,
        "94-01,GS-01,12.03.2025 10:15,completed,14.03.2025,,,Мария Петрова",
        "94-02,ts-02,2025-03-12,awaiting_documents,,missing_documents,,",
        "94-03,TS-07,12.03.2025,Refused,20.04.2025,Workload,Строителство,",
        "",
        "94-04,GS-01,13.03.2025,,,,,",
    ]
)


def plan(organization, text):
    return casefile_import_plan(organization=organization, text=text)


def apply(organization, text):
    return casefile_import_csv(organization=organization, text=text)


def test_a_good_file_imports_with_its_states_and_codes(organization, services, sectors):
    result, codes = apply(organization, GOOD)
    assert len(result.new) == 4 and not result.errors
    with scope(organization=organization):
        files = {f.number: f for f in CaseFile.objects.all()}
        history = [e.status for e in files["94-03"].events.all()]
    assert files["94-01"].status == "completed"
    assert files["94-01"].registered_at == sofia(2025, 3, 12, 10, 15)
    assert files["94-01"].completed_at == sofia(2025, 3, 14)
    assert files["94-01"].due_at == sofia(2025, 3, 19, 10, 15)
    assert files["94-01"].applicant_name == "Мария Петрова"
    assert files["94-02"].service == services["sketch"]  # codes ignore case
    assert files["94-03"].status == "refused" and files["94-03"].delay_reason == "workload"
    assert files["94-03"].sector == sectors["building"]
    assert files["94-04"].status == "submitted" and files["94-04"].source == "import"
    assert history == ["submitted", "refused"]
    numbers = dict(codes)
    assert access_code_matches(case_file=files["94-04"], code=numbers["94-04"])


def test_importing_the_same_file_again_changes_nothing(organization, services):
    apply(organization, GOOD)
    again = plan(organization, GOOD)
    assert again.new == [] and len(again.existing) == 4 and not again.can_apply
    with scope(organization=organization):
        assert CaseFile.objects.count() == 4


def test_a_semicolon_file_in_windows_1251_with_column_labels(organization, services):
    with translation.override("en"):
        text = "File number;Service code;Registered;Applicant's name\n94-09;GS-01;01.02.2025;Иван\n"
        imported = casefile_import_read(data=text.encode("cp1251"))
    assert imported.encoding == "cp1251"
    assert len(plan(organization, imported.text).new) == 1


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (",GS-01,12.03.2025,,,,,", "number", "missing"),
        ("A B,GS-01,12.03.2025,,,,,", "number", "spaces"),
        ("95-1,NOPE,12.03.2025,,,,,", "service", "NOPE"),
        ("95-1,GS-01,32.03.2025,,,,,", "registered_at", "12.03.2025"),
        ("95-1,GS-01,yesterday,,,,,", "registered_at", "12.03.2025"),
        ("95-1,GS-01,12.03.2999,,,,,", "registered_at", "future"),
        ("95-1,GS-01,,,,,,", "registered_at", "missing"),
        ("95-1,GS-01,12.03.2025,lost,,,,", "status", "Submitted"),
        ("95-1,GS-01,12.03.2025,completed,,,,", "completed_at", "done"),
        ("95-1,GS-01,12.03.2025,in_progress,13.03.2025,,,", "completed_at", "ready"),
        ("95-1,GS-01,12.03.2025,completed,11.03.2025,,,", "completed_at", "before"),
        ("95-1,GS-01,12.03.2025,,,aliens,,", "delay_reason", "missing"),
        ("95-1,GS-01,12.03.2025,,,,Луна,", "sector", "Луна"),
        ("95-1,GS-01,12.03.2025,,,,,=cmd|' /C calc'!A0", "applicant_name", "="),
    ],
)
def test_bad_rows_are_reported_by_line_and_column(organization, services, row, column, words):
    with translation.override("en"):
        result = plan(organization, f"{HEADER}\n94-01,GS-01,12.03.2025,,,,,\n{row}\n")
    assert len(result.errors) == 1, result.errors
    (problem,) = result.errors
    assert problem.line == 3
    assert problem.column == column
    assert words in problem.message
    with pytest.raises(RuleViolation):
        apply(organization, f"{HEADER}\n94-01,GS-01,12.03.2025,,,,,\n{row}\n")
    with scope(organization=organization):
        assert not CaseFile.objects.exists()  # all or nothing


def test_duplicate_numbers_and_ids_in_one_file(organization, services):
    text = "number,service,registered_at,external_id\nA,GS-01,1.3.2025,x\nA,GS-01,1.3.2025,y\n"
    text += "B,GS-01,1.3.2025,x\n"
    with translation.override("en"):
        result = plan(organization, text)
    assert [(p.line, p.column) for p in result.errors] == [(3, "number"), (4, "external_id")]
    assert "line 2" in result.errors[0].message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest", "Excel"),
        (b"\x00\x01binary", "not a text file"),
        (b"name,colour\nx,y\n", "must name the columns"),
        (b"number,registered_at\nA,1.3.2025\n", "needs the columns"),
        (b"number,service,registered_at\n", "no rows"),
        (b"number,number,service,registered_at\nA,A,GS-01,1.3.2025\n", "more than once"),
    ],
)
def test_unreadable_files_are_refused_whole(data, words):
    with translation.override("en"), pytest.raises(RuleViolation) as refused:
        casefile_import_read(data=data)
    assert words in refused.value.message


def test_a_huge_file_is_refused(organization):
    with translation.override("en"), pytest.raises(RuleViolation) as refused:
        casefile_import_read(data=b"number,service,registered_at\n" + b"x" * MAX_BYTES)
    assert "larger than" in refused.value.message
    rows = "".join(f"{n},GS-01,1.3.2025\n" for n in range(MAX_ROWS + 1))
    with translation.override("en"), pytest.raises(RuleViolation) as refused:
        casefile_import_read(data=("number,service,registered_at\n" + rows).encode())
    assert "more than" in refused.value.message


def test_utf16_with_a_bom_is_read(organization, services):
    text = "number\tservice\tregistered_at\nA\tGS-01\t1.3.2025\n"
    imported = casefile_import_read(data=codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert imported.encoding == "utf-16"
    assert len(plan(organization, imported.text).new) == 1


def test_another_organizations_services_and_numbers_are_unknown(
    organization, other_organization, services
):
    from tests.casefiles.fixtures import make_service

    theirs = make_service(other_organization, "ONLY-THEIRS")
    with scope(organization=other_organization):
        casefile_register(organization=other_organization, service=theirs, number="94-01")
    with translation.override("en"):
        result = plan(organization, "number,service,registered_at\n94-01,ONLY-THEIRS,1.3.2025\n")
    assert [p.column for p in result.errors] == ["service"]
    result = plan(organization, "number,service,registered_at\n94-01,GS-01,1.3.2025\n")
    assert len(result.new) == 1  # their number is free here


def test_the_export_imports_back_and_keeps_formulas_as_text(organization, services):
    with scope(organization=organization):
        casefile_register(
            organization=organization,
            service=services["heirs"],
            number="E-1",
            applicant_name='=HYPERLINK("http://x")',
            registered_at=sofia(2025, 3, 1, 9),
        )
        stream = io.StringIO(newline="")
        casefiles_csv(files=CaseFile.objects.all(), stream=stream, personal_data=True)
        hidden = io.StringIO(newline="")
        casefiles_csv(files=CaseFile.objects.all(), stream=hidden, personal_data=False)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows[1][-2] == '\'=HYPERLINK("http://x")'
    assert "HYPERLINK" not in hidden.getvalue()
    with scope(organization=organization):
        CaseFile.objects.all().delete()
    apply(organization, stream.getvalue())
    with scope(organization=organization):
        again = CaseFile.objects.get(number="E-1")
    assert again.applicant_name == '=HYPERLINK("http://x")'
    assert again.registered_at == sofia(2025, 3, 1, 9)
