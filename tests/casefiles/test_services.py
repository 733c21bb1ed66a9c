"""Registering files, changing their status, access codes and the catalogue's rules."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from civicpulse.casefiles.access_codes import (
    ACCESS_CODE_LENGTH,
    access_code_matches,
)
from civicpulse.casefiles.models import CaseFileEvent, CaseFileStatus, DelayReason
from civicpulse.casefiles.services import (
    administrative_service_save,
    casefile_access_code_renew,
    casefile_register,
    casefile_set_status,
)
from civicpulse.core.exceptions import RuleViolation
from tests.casefiles.fixtures import make_service, sofia
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def register(organization, service, **kwargs):
    with scope(organization=organization):
        return casefile_register(organization=organization, service=service, **kwargs)


def test_our_numbers_are_gap_free_per_year_with_an_f_series(organization, services):
    first, _ = register(organization, services["heirs"], registered_at=sofia(2025, 12, 31, 23))
    second, _ = register(organization, services["heirs"], registered_at=sofia(2025, 12, 31, 23))
    third, _ = register(organization, services["heirs"], registered_at=sofia(2026, 1, 1, 0, 30))
    assert [first.number, second.number, third.number] == [
        "SZ-2025-F00001",
        "SZ-2025-F00002",
        "SZ-2026-F00001",
    ]


def test_registration_takes_the_services_term_and_sector(organization, services, sectors):
    case_file, code = register(organization, services["sketch"], registered_at=sofia(2025, 3, 1))
    assert case_file.due_at == sofia(2025, 3, 15)
    assert case_file.sector == sectors["building"]
    assert case_file.status == CaseFileStatus.SUBMITTED
    assert len(code) == ACCESS_CODE_LENGTH
    assert code not in case_file.access_code_hash
    assert access_code_matches(case_file=case_file, code=code)
    assert not access_code_matches(case_file=case_file, code="AAAAAAAA")
    with scope(organization=organization):
        assert [e.status for e in case_file.events.all()] == [CaseFileStatus.SUBMITTED]


def test_an_external_number_and_id_are_kept_and_unique(organization, services):
    case_file, _ = register(
        organization, services["heirs"], number="94-00-123/12.03.2025", external_id="doc-1"
    )
    assert case_file.number == "94-00-123/12.03.2025"
    assert case_file.sequence is None
    with pytest.raises(RuleViolation) as refused:
        register(organization, services["heirs"], number="94-00-123/12.03.2025")
    assert refused.value.field == "number"
    with pytest.raises(RuleViolation) as refused:
        register(organization, services["heirs"], number="X-2", external_id="doc-1")
    assert refused.value.field == "external_id"


@pytest.mark.parametrize("number", ["with space", "x" * 41, "<script>", "SZ-2025-F00009"])
def test_bad_or_reserved_numbers_are_refused(organization, services, number):
    with pytest.raises(RuleViolation) as refused:
        register(organization, services["heirs"], number=number)
    assert refused.value.field == "number"


def test_the_same_number_may_exist_in_another_organization(
    organization, other_organization, services
):
    register(organization, services["heirs"], number="A-1")
    theirs = make_service(other_organization, "GS-01")
    case_file, _ = register(other_organization, theirs, number="A-1")
    assert case_file.organization == other_organization


def test_a_service_or_sector_of_another_organization_is_refused(
    organization, other_organization, services
):
    theirs = make_service(other_organization, "X")
    with pytest.raises(RuleViolation) as refused:
        register(organization, theirs)
    assert refused.value.field == "service"
    with pytest.raises(RuleViolation) as refused:
        register(
            organization,
            services["heirs"],
            sector=DepartmentFactory(organization=other_organization),
        )
    assert refused.value.field == "sector"


def test_dates_in_the_future_or_a_deadline_before_registration_are_refused(organization, services):
    with pytest.raises(RuleViolation):
        register(organization, services["heirs"], registered_at=timezone.now() + timedelta(days=1))
    with pytest.raises(RuleViolation) as refused:
        register(
            organization,
            services["heirs"],
            registered_at=sofia(2025, 3, 1),
            due_at=sofia(2025, 2, 1),
        )
    assert refused.value.field == "due_at"


def test_an_inactive_service_takes_no_new_files(organization, services):
    services["heirs"].is_active = False
    with scope(organization=organization):
        services["heirs"].save()
    with pytest.raises(RuleViolation):
        register(organization, services["heirs"])


def test_status_changes_are_history_and_completion_is_stamped_once(organization, services):
    case_file, _ = register(organization, services["sketch"], registered_at=sofia(2025, 3, 1))
    with scope(organization=organization):
        casefile_set_status(case_file=case_file, status="in_progress", at=sofia(2025, 3, 2))
        ready = casefile_set_status(
            case_file=case_file, status="ready", at=sofia(2025, 3, 10), note="Елате на гише 3"
        )
        done = casefile_set_status(case_file=case_file, status="completed", at=sofia(2025, 3, 20))
        events = list(case_file.events.values_list("status", flat=True))
    assert ready.completed_at == sofia(2025, 3, 10)
    assert done.completed_at == sofia(2025, 3, 10)  # the administration's part ended then
    assert events == ["submitted", "in_progress", "ready", "completed"]


def test_illegal_moves_and_repeats_are_refused(organization, services):
    case_file, _ = register(organization, services["sketch"])
    with scope(organization=organization):
        casefile_set_status(case_file=case_file, status="refused")
        with pytest.raises(RuleViolation) as refused:
            casefile_set_status(case_file=case_file, status="in_progress")
        assert refused.value.field == "status"
        with pytest.raises(RuleViolation):
            casefile_set_status(case_file=case_file, status="refused")
        with pytest.raises(RuleViolation):
            casefile_set_status(case_file=case_file, status="lost")


def test_done_late_needs_a_reason_and_waiting_for_documents_records_one(organization, services):
    late, _ = register(organization, services["heirs"], registered_at=sofia(2025, 3, 1))
    with scope(organization=organization):
        with pytest.raises(RuleViolation) as refused:
            casefile_set_status(case_file=late, status="completed", at=sofia(2025, 3, 20))
        assert refused.value.field == "delay_reason"
        done = casefile_set_status(
            case_file=late,
            status="completed",
            at=sofia(2025, 3, 20),
            delay_reason=DelayReason.WORKLOAD,
            delay_note="Отпуски",
        )
        assert (done.delay_reason, done.delay_note) == ("workload", "Отпуски")
        waiting, _ = casefile_register(
            organization=organization, service=services["permit"], registered_at=sofia(2025, 3, 1)
        )
        waiting = casefile_set_status(case_file=waiting, status="awaiting_documents")
        assert waiting.delay_reason == DelayReason.MISSING_DOCUMENTS
        # Done late afterwards: the recorded reason is enough.
        casefile_set_status(case_file=waiting, status="ready")


def test_a_change_cannot_be_dated_before_the_last_one(organization, services):
    case_file, _ = register(organization, services["heirs"], registered_at=sofia(2025, 3, 5))
    with scope(organization=organization), pytest.raises(RuleViolation) as refused:
        casefile_set_status(case_file=case_file, status="in_progress", at=sofia(2025, 3, 1))
    assert refused.value.field == "at"


def test_the_history_is_append_only(organization, services):
    case_file, _ = register(organization, services["heirs"])
    with scope(organization=organization):
        event = CaseFileEvent.objects.get(case_file=case_file)
        event.note = "changed"
        with pytest.raises(ValueError, match="only added"):
            event.save()


def test_a_new_access_code_replaces_the_old_one(organization, services):
    case_file, old = register(organization, services["heirs"])
    with scope(organization=organization):
        new = casefile_access_code_renew(case_file=case_file)
    assert new != old
    assert access_code_matches(case_file=case_file, code=new)
    assert not access_code_matches(case_file=case_file, code=old)


def test_service_codes_are_unique_per_organization_whatever_the_case(organization, services):
    from civicpulse.casefiles.models import AdministrativeService

    with scope(organization=organization), pytest.raises(RuleViolation) as refused:
        administrative_service_save(
            service=AdministrativeService(
                organization=organization, code="gs-01", name_bg="Друга", days=3
            )
        )
    assert refused.value.field == "code"
