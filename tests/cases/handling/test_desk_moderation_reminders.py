"""Registration by staff, moderation and the departments' reminders."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.cases.desk import case_register_by_staff
from civicpulse.cases.handling import case_answer, case_set_status
from civicpulse.cases.models import CaseEvent, CaseKind, CasePhoto, EventAction, Source, Stage
from civicpulse.cases.moderation import case_moderate
from civicpulse.cases.reminders import case_reminders_send
from civicpulse.core.exceptions import RuleViolation
from tests.cases.portal import SITE


def kind(desk, slug="signal"):
    with scopes_disabled():
        return CaseKind.objects.get(organization=desk.organization, slug=slug)


def register(desk, **overrides):
    values = {
        "organization": desk.organization,
        "actor": desk.people["officer"],
        "channel": "phone",
        "kind": kind(desk),
        "title": "Паднало дърво",
        "description": "Дърво е паднало на алеята в парка.",
        "sender_name": "Иван Петров",
        "sender_phone": "0888 123 456",
        **overrides,
    }
    return case_register_by_staff(**values)


# Registration by staff


def test_a_phone_case_is_registered_at_once_without_e_mail(desk, run_jobs, mailbox):
    case = run_jobs(register, desk)
    assert re.fullmatch(r"SZ-\d{4}-00001", case.number)
    assert case.source == Source.STAFF and case.sender_email == ""
    assert case.status.stage == Stage.RECEIVED and case.due_at is not None
    with scope(organization=desk.organization):
        filed, registered = CaseEvent.objects.filter(case=case).order_by("pk")
    assert (filed.action, filed.actor, filed.data) == (
        EventAction.FILED,
        desk.people["officer"],
        {"channel": "phone"},
    )
    assert registered.action == EventAction.REGISTERED
    assert mailbox() == []  # no address, no e-mail


def test_with_an_e_mail_address_the_sender_gets_the_acknowledgement(desk, run_jobs, mailbox):
    case = run_jobs(register, desk, channel="desk", sender_email="ivan@example.org")
    [mail] = mailbox()
    assert mail["To"] == "ivan@example.org" and case.number in mail["Subject"]
    assert f"{SITE}/signals/track/{case.tracking_key}/" in mail.get_content()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sender_phone": ""}, "sender_phone"),  # neither phone nor e-mail
        ({"sender_phone": "", "sender_email": "not-an-address"}, "sender_email"),
        ({"sender_phone": "call me"}, "sender_phone"),
        ({"sender_name": "Иван"}, "sender_name"),
        ({"title": ""}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"channel": "pigeon"}, "channel"),
        ({"publication": "everywhere"}, "publication"),
        ({"kind": None}, "kind"),
    ],
)
def test_registration_refusals(desk, overrides, field):
    with pytest.raises(RuleViolation) as refused:
        register(desk, **overrides)
    assert refused.value.field == field


def test_rows_of_another_organisation_are_refused(desk, other_organization):
    from civicpulse.cases.defaults import cases_install_defaults
    from tests.factories import CategoryFactory

    cases_install_defaults(organization=other_organization)
    with scopes_disabled():
        foreign_kind = CaseKind.objects.get(organization=other_organization, slug="signal")
    with pytest.raises(RuleViolation) as refused:
        register(desk, kind=foreign_kind)
    assert refused.value.field == "kind"
    with pytest.raises(RuleViolation) as refused:
        register(desk, category=CategoryFactory(organization=other_organization))
    assert refused.value.field == "category"


@pytest.mark.parametrize("role", ["head", "viewer", "leader"])
def test_only_triage_roles_register_cases(desk, role):
    with pytest.raises(RuleViolation):
        register(desk, actor=desk.people[role])
    with scope(organization=desk.organization):
        assert not desk.organization.cases.exists()  # nothing left behind, no number used


# Moderation


def test_moderation_records_before_and_after_and_is_internal(desk, run_jobs, mailbox):
    case = desk.case(title="Обадете се на Мария на 0888 111 222")
    officer = desk.people["officer"]
    with scopes_disabled():
        photo = CasePhoto.objects.create(
            organization=desk.organization, case=case, image=ContentFile(b"x", name="a.jpg")
        )
    event = run_jobs(
        case_moderate,
        case=case,
        actor=officer,
        changes={"redacted_title": "Обадете се на [заличено]", "is_hidden": False},
        photos_hidden={photo.pk: True},
        reason="Телефонен номер",
    )
    assert (event.action, event.actor, event.is_public) == (EventAction.MODERATED, officer, False)
    assert event.data == {
        "before": {"redacted_title": ""},
        "after": {"redacted_title": "Обадете се на [заличено]"},
        "photos_hidden": {str(photo.pk): True},
    }
    case.refresh_from_db()
    photo.refresh_from_db()
    assert case.published_title == "Обадете се на [заличено]" and photo.is_hidden
    assert "0888" not in case.search_text  # the register's index holds only what it shows
    assert mailbox() == []

    event = case_moderate(case=case, actor=officer, changes={"is_hidden": True})
    assert event.data["before"] == {"is_hidden": False}
    case.refresh_from_db()
    assert case.is_hidden and not case.is_published


def test_moderation_before_registration_and_refusals(desk, other_organization):
    case = desk.case()
    with scopes_disabled():
        type(case).objects.filter(pk=case.pk).update(registered_at=None)
    officer = desk.people["officer"]
    case_moderate(case=case, actor=officer, changes={"redacted_description": "Текст"})
    with pytest.raises(RuleViolation, match="Nothing"):
        case_moderate(case=case, actor=officer, changes={"redacted_description": "Текст"})
    with pytest.raises(RuleViolation):
        case_moderate(case=case, actor=officer, changes={"redacted_title": "x" * 201})
    with pytest.raises(RuleViolation):
        case_moderate(case=case, actor=officer, changes={"is_hidden": "yes"})
    with pytest.raises(RuleViolation):
        case_moderate(case=case, actor=officer, photos_hidden={999999: True})
    for role in ("head", "viewer", "leader"):
        with pytest.raises(RuleViolation):
            case_moderate(case=case, actor=desk.people[role], changes={"is_hidden": True})


# Reminders


def overdue_and_soon(desk):
    overdue = desk.case(department=desk.roads, days_ago=20, title="Стара дупка")
    soon = desk.case(department=desk.roads, days_ago=12, title="Нова дупка")
    later = desk.case(department=desk.roads, days_ago=1, title="Съвсем нова")
    answered = desk.case(department=desk.roads, days_ago=20, title="Отговорена")
    case_answer(case=answered, text="Готово", actor=desk.people["officer"])
    desk.case(department=desk.parks, days_ago=1)  # parks have nothing due
    return overdue, soon, later


def test_reminders_list_each_department_s_overdue_and_due_soon_cases_once_a_day(
    desk, run_jobs, mailbox
):
    overdue, soon, later = overdue_and_soon(desk)
    reminded = run_jobs(case_reminders_send, organization=desk.organization)
    assert reminded == 1
    [mail] = mailbox()
    assert mail["To"] == "roads@example.bg"
    body = mail.get_content()
    assert overdue.number in body and soon.number in body
    assert later.number not in body and "Отговорена" not in body
    assert f"{SITE}/manage/{desk.organization.slug}/cases/{overdue.pk}/" in body
    assert body.index(overdue.number) < body.index(soon.number)
    with scope(organization=desk.organization):
        reminders = CaseEvent.objects.filter(action=EventAction.REMINDED)
        assert {e.case_id for e in reminders} == {overdue.pk, soon.pk}
        assert all(not e.is_public and e.actor is None for e in reminders)

    assert run_jobs(case_reminders_send, organization=desk.organization) == 0  # same day
    assert len(mailbox()) == 1
    tomorrow = timezone.now() + timedelta(days=1)
    assert run_jobs(case_reminders_send, organization=desk.organization, now=tomorrow) == 1


def test_a_department_without_an_address_or_closed_cases_gets_nothing(desk, run_jobs, mailbox):
    case = desk.case(department=desk.roads, days_ago=20)
    with scopes_disabled():
        type(desk.roads).objects.filter(pk=desk.roads.pk).update(email="")
    assert run_jobs(case_reminders_send, organization=desk.organization) == 0
    with scopes_disabled():
        type(desk.roads).objects.filter(pk=desk.roads.pk).update(email="roads@example.bg")
    case_set_status(case=case, status=desk.status(Stage.CLOSED), actor=desk.people["officer"])
    assert run_jobs(case_reminders_send, organization=desk.organization) == 0
    assert mailbox() == []


def test_the_command_queues_reminders_for_every_organisation(desk, run_jobs, mailbox):
    overdue_and_soon(desk)
    run_jobs(call_command, "send_case_reminders")
    [mail] = mailbox()
    assert mail["To"] == "roads@example.bg"
