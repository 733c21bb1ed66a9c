"""The handling services: what each allows and refuses, the history it writes, and the
e-mails the sender gets through a real SMTP server, in Bulgarian and in English."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.cases.handling import (
    case_answer,
    case_assign,
    case_extend,
    case_note,
    case_route,
    case_set_status,
    routing_propose,
)
from civicpulse.cases.models import CaseEvent, EventAction, RoutingRule, Stage
from civicpulse.core.exceptions import RuleViolation
from tests.cases.portal import SITE
from tests.factories import DepartmentFactory


def text_of(mail) -> str:
    return mail.get_content().replace("\r\n", "\n")


# New strings are translated into Bulgarian by the lead after merging: a Bulgarian e-mail
# is known by the greeting, which is translated already.
GREETING = {"bg": "Здравейте", "en": "Hello"}


def events(desk, case):
    with scope(organization=desk.organization):
        return list(CaseEvent.objects.filter(case=case).order_by("at", "pk"))


def last_event(desk, case):
    return events(desk, case)[-1]


# Routing proposals


def rule(desk, department, position=0, **conditions):
    with scopes_disabled():
        return RoutingRule.objects.create(
            organization=desk.organization, department=department, position=position, **conditions
        )


def propose(desk, case):
    with scope(organization=desk.organization):
        return routing_propose(case=case)


def test_no_rule_proposes_nothing(desk):
    assert propose(desk, desk.case()) is None


def test_the_most_specific_rule_wins(desk):
    case = desk.case(category=desk.potholes, area=desk.district)
    catch_all = DepartmentFactory(organization=desk.organization)
    rule(desk, catch_all)
    rule(desk, desk.parks, category=desk.potholes)
    rule(desk, desk.roads, category=desk.potholes, kind=case.kind)
    assert propose(desk, case) == desk.roads


def test_an_area_rule_matches_the_areas_inside_it_and_the_deeper_one_wins(desk):
    case = desk.case(area=desk.district)
    rule(desk, desk.parks, area=desk.town)
    assert propose(desk, case) == desk.parks
    rule(desk, desk.roads, area=desk.district, position=9)
    assert propose(desk, case) == desk.roads
    elsewhere = desk.case(area=desk.town)
    assert propose(desk, elsewhere) == desk.parks  # a rule for a part does not reach the whole


def test_of_equally_specific_rules_the_first_by_position_wins(desk):
    case = desk.case(category=desk.potholes)
    rule(desk, desk.parks, position=20, category=desk.potholes)
    rule(desk, desk.roads, position=10, category=desk.potholes)
    assert propose(desk, case) == desk.roads


def test_a_rule_for_another_category_or_an_inactive_department_is_not_proposed(desk):
    case = desk.case()
    rule(desk, desk.roads, category=desk.potholes)
    closed = DepartmentFactory(organization=desk.organization, is_active=False)
    rule(desk, closed)
    assert propose(desk, case) is None


# Routing


def test_route_is_public_and_tells_the_sender_the_department(desk, run_jobs, mailbox):
    case = desk.case()
    officer = desk.people["officer"]
    routed = run_jobs(case_route, case=case, department=desk.roads, actor=officer)
    assert routed.department == desk.roads
    event = last_event(desk, case)
    assert (event.action, event.actor, event.is_public) == (EventAction.ROUTED, officer, True)
    assert event.text == "Пътища" and event.data["department"] == desk.roads.pk
    [mail] = mailbox()
    assert mail["To"] == "maria@example.org"
    assert case.number in mail["Subject"]
    body = mail.get_content()
    assert "Пътища" in body and f"{SITE}/signals/track/{case.tracking_key}/" in body


def test_route_in_english(desk, run_jobs, mailbox):
    case = desk.case(language="en")
    run_jobs(case_route, case=case, department=desk.roads, actor=desk.people["officer"])
    [mail] = mailbox()
    assert mail["Subject"] == f"Your case {case.number}: Received"
    assert "It is handled by: Roads." in mail.get_content()


def test_route_refusals(desk, other_organization):
    case = desk.case()
    officer = desk.people["officer"]
    foreign = DepartmentFactory(organization=other_organization)
    with pytest.raises(RuleViolation) as refused:
        case_route(case=case, department=foreign, actor=officer)
    assert refused.value.field == "department"
    case_route(case=case, department=desk.roads, actor=officer)
    with pytest.raises(RuleViolation, match="already"):
        case_route(case=case, department=desk.roads, actor=officer)
    for role in ("head", "viewer", "leader"):  # triage is for officers and administrators
        with pytest.raises(RuleViolation):
            case_route(case=case, department=desk.parks, actor=desk.people[role])
    assert len([e for e in events(desk, case) if e.action == EventAction.ROUTED]) == 1


def test_rerouting_an_assigned_case_clears_the_officer(desk):
    case = desk.case(department=desk.roads)
    case = case_assign(case=case, officer=desk.people["officer2"], actor=desk.people["head"])
    assert case.status.stage == Stage.ASSIGNED
    case = case_route(case=case, department=desk.parks, actor=desk.people["officer"])
    assert case.officer is None and case.status.stage == Stage.RECEIVED


# Assigning


def test_assign_by_the_head_of_the_department(desk, run_jobs, mailbox):
    case = desk.case(department=desk.roads)
    head, officer = desk.people["head"], desk.people["officer"]
    assigned = run_jobs(case_assign, case=case, officer=officer, actor=head)
    assert assigned.officer == officer and assigned.status.stage == Stage.ASSIGNED
    event = last_event(desk, case)
    assert (event.action, event.actor, event.is_public) == (EventAction.ASSIGNED, head, False)
    assert mailbox() == []  # internal: no e-mail for it


def test_a_head_assigns_only_within_their_departments(desk):
    head = desk.people["head"]
    parks_case = desk.case(department=desk.parks)
    with pytest.raises(RuleViolation, match="outside your departments"):
        case_assign(case=parks_case, officer=desk.people["officer"], actor=head)
    with scopes_disabled():
        head.memberships.get().departments.add(desk.parks)
    loose = desk.case()  # no department yet: not within anyone's departments
    with pytest.raises(RuleViolation):
        case_assign(case=loose, officer=desk.people["officer"], actor=head)


@pytest.mark.parametrize("role", ["viewer", "leader"])
def test_an_officer_must_have_a_handling_role(desk, role):
    case = desk.case()
    with pytest.raises(RuleViolation) as refused:
        case_assign(case=case, officer=desk.people[role], actor=desk.people["officer"])
    assert refused.value.field == "officer"


def test_an_officer_of_another_organisation_is_refused(desk, other_organization, member_factory):
    stranger = member_factory(other_organization)
    with pytest.raises(RuleViolation):
        case_assign(case=desk.case(), officer=stranger, actor=desk.people["admin"])


def test_a_closed_case_is_not_assigned(desk):
    case = desk.case()
    case_set_status(case=case, status=desk.status(Stage.CLOSED), actor=desk.people["officer"])
    with pytest.raises(RuleViolation, match="reopen"):
        case_assign(case=case, officer=desk.people["officer"], actor=desk.people["admin"])


# States


def test_status_change_is_public_and_e_mailed(desk, run_jobs, mailbox):
    case = desk.case()
    officer = desk.people["officer"]
    changed = run_jobs(
        case_set_status,
        case=case,
        status=desk.status(Stage.IN_PROGRESS),
        actor=officer,
        text="Екип е на място.",
    )
    assert changed.status.stage == Stage.IN_PROGRESS
    event = last_event(desk, case)
    assert (event.action, event.actor, event.is_public) == (EventAction.STATUS, officer, True)
    assert event.text == "Екип е на място." and event.data["stage"] == Stage.IN_PROGRESS
    [mail] = mailbox()
    assert "В процес на работа" in mail["Subject"]
    assert "Екип е на място." in mail.get_content()


def test_rejection_needs_a_reason(desk):
    case = desk.case()
    with pytest.raises(RuleViolation) as refused:
        case_set_status(case=case, status=desk.status(Stage.REJECTED), actor=desk.people["officer"])
    assert refused.value.field == "text"
    rejected = case_set_status(
        case=case,
        status=desk.status(Stage.REJECTED),
        actor=desk.people["officer"],
        text="Не е от компетентността на общината.",
    )
    assert rejected.status.stage == Stage.REJECTED


def test_duplicate_needs_another_registered_case_of_the_organisation(
    desk, other_organization, run_jobs, mailbox
):
    case, original = desk.case(language="en"), desk.case()
    duplicate = desk.status(Stage.DUPLICATE)
    officer = desk.people["officer"]
    for wrong in (None, case):
        with pytest.raises(RuleViolation) as refused:
            case_set_status(case=case, status=duplicate, actor=officer, duplicate_of=wrong)
        assert refused.value.field == "duplicate_of"
    changed = run_jobs(
        case_set_status, case=case, status=duplicate, actor=officer, duplicate_of=original
    )
    assert changed.duplicate_of == original
    assert last_event(desk, case).data["duplicate_of"] == original.number
    [mail] = mailbox()
    assert f"It repeats case {original.number}" in mail.get_content()


def test_forwarded_needs_the_institution(desk):
    case = desk.case()
    forwarded = desk.status(Stage.FORWARDED)
    with pytest.raises(RuleViolation) as refused:
        case_set_status(case=case, status=forwarded, actor=desk.people["officer"])
    assert refused.value.field == "forwarded_to"
    changed = case_set_status(
        case=case, status=forwarded, actor=desk.people["officer"], forwarded_to="РИОСВ"
    )
    assert changed.forwarded_to == "РИОСВ"


def test_closing_stamps_and_reopening_clears(desk):
    case = desk.case()
    officer = desk.people["officer"]
    case = case_answer(case=case, text="Ремонтирахме.", actor=officer)
    case = case_set_status(case=case, status=desk.status(Stage.CLOSED), actor=officer)
    assert case.closed_at is not None
    with scopes_disabled():
        type(case).objects.filter(pk=case.pk).update(reopen_requested_at=timezone.now())
    case = case_set_status(case=case, status=desk.status(Stage.IN_PROGRESS), actor=officer)
    assert case.closed_at is None and case.reopen_requested_at is None


def test_status_refusals(desk, other_organization):
    case = desk.case()
    officer = desk.people["officer"]
    with pytest.raises(RuleViolation, match="already"):
        case_set_status(case=case, status=case.status, actor=officer)
    with pytest.raises(RuleViolation, match="answer"):
        case_set_status(case=case, status=desk.status(Stage.ANSWERED), actor=officer)
    inactive = desk.status(Stage.IN_PROGRESS)
    with scopes_disabled():
        type(inactive).objects.filter(pk=inactive.pk).update(is_active=False)
    inactive.refresh_from_db()
    with pytest.raises(RuleViolation):
        case_set_status(case=case, status=inactive, actor=officer)
    with pytest.raises(RuleViolation):
        case_set_status(case=case, status=desk.status(Stage.CLOSED), actor=desk.people["viewer"])
    with pytest.raises(RuleViolation, match="outside"):  # a parks case for the roads head
        case_set_status(
            case=desk.case(department=desk.parks),
            status=desk.status(Stage.CLOSED),
            actor=desk.people["head"],
        )


def test_an_unregistered_case_is_not_handled(desk):
    case = desk.case()
    with scopes_disabled():
        type(case).objects.filter(pk=case.pk).update(registered_at=None)
    with pytest.raises(RuleViolation, match="not registered"):
        case_note(case=case, text="x", actor=desk.people["officer"])


# Answers


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_answer_is_public_and_e_mailed_with_its_text(desk, run_jobs, mailbox, language):
    case = desk.case(language=language)
    officer = desk.people["officer"]
    answer = "Дупката е запълнена на 3 юни.\nБлагодарим за сигнала."
    answered = run_jobs(case_answer, case=case, text=answer, actor=officer)
    assert answered.answer == answer and answered.answered_at is not None
    assert answered.status.stage == Stage.ANSWERED
    event = last_event(desk, case)
    assert (event.action, event.actor, event.is_public, event.text) == (
        EventAction.ANSWERED,
        officer,
        True,
        answer,
    )
    [mail] = mailbox()
    assert case.number in mail["Subject"]
    body = text_of(mail)
    assert body.startswith(GREETING[language])
    assert answer in body and f"/signals/track/{case.tracking_key}/" in body
    if language == "en":
        assert mail["Subject"] == f"Your case {case.number} is answered"
        assert "ask to reopen" in body and "rate the answer" in body and "reply" in body


def test_answer_refusals(desk):
    case = desk.case()
    officer = desk.people["officer"]
    for text in ("", "   ", None, "x" * 10001):
        with pytest.raises(RuleViolation) as refused:
            case_answer(case=case, text=text, actor=officer)
        assert refused.value.field == "answer"
    case_set_status(case=case, status=desk.status(Stage.REJECTED), actor=officer, text="Не.")
    with pytest.raises(RuleViolation, match="reopen"):
        case_answer(case=case, text="Отговор", actor=officer)


def test_a_new_answer_drops_the_redaction_of_the_old_one(desk):
    from civicpulse.cases.moderation import case_moderate

    case = desk.case()
    officer = desk.people["officer"]
    case_answer(case=case, text="Обадете се на 0888 123 456.", actor=officer)
    case_moderate(case=case, actor=officer, changes={"redacted_answer": "Обадете се."})
    case = case_answer(case=case, text="Ремонтът е готов.", actor=officer)
    assert case.redacted_answer == "" and case.published_answer == "Ремонтът е готов."
    assert last_event(desk, case).data["redaction_dropped"] is True


# Extensions


@pytest.mark.parametrize("language", ["bg", "en"])
def test_extend_by_days_is_public_and_e_mailed(desk, run_jobs, mailbox, language):
    case = desk.case(language=language)
    officer = desk.people["officer"]
    due = case.due_at
    extended = run_jobs(
        case_extend, case=case, days=10, reason="Нужна е проверка на място.", actor=officer
    )
    assert extended.due_at == due + timedelta(days=10)
    event = last_event(desk, case)
    assert (event.action, event.actor, event.is_public) == (EventAction.EXTENDED, officer, True)
    assert event.text == "Нужна е проверка на място."
    assert event.data == {"before": due.isoformat(), "after": extended.due_at.isoformat()}
    [mail] = mailbox()
    body = text_of(mail)
    assert body.startswith(GREETING[language]) and "Нужна е проверка на място." in body
    zone = ZoneInfo(desk.organization.time_zone)
    new, old = (d.astimezone(zone).strftime("%d.%m.%Y") for d in (extended.due_at, due))
    assert new in body and old in body


def test_extend_to_a_date_keeps_the_time_of_day(desk):
    case = desk.case()
    new_day = (case.due_at + timedelta(days=20)).date()
    extended = case_extend(
        case=case, due_on=new_day, reason="Обществена поръчка.", actor=desk.people["officer"]
    )
    assert extended.due_at - case.due_at in (
        timedelta(days=20),
        timedelta(days=20, hours=1),
        timedelta(days=19, hours=23),
    )


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"days": 5, "reason": ""}, "reason"),
        ({"days": 5, "reason": "   "}, "reason"),
        ({"reason": "Причина"}, "days"),
        ({"days": 0, "reason": "Причина"}, "days"),
        ({"days": -3, "reason": "Причина"}, "days"),
        ({"days": 366, "reason": "Причина"}, "days"),
        ({"days": "5", "reason": "Причина"}, "days"),
        ({"days": 5, "reason": "x" * 5001}, "reason"),
    ],
)
def test_extend_refusals(desk, arguments, field):
    case = desk.case()
    with pytest.raises(RuleViolation) as refused:
        case_extend(case=case, actor=desk.people["officer"], **arguments)
    assert refused.value.field == field


def test_the_new_date_must_be_later_and_ahead(desk):
    case = desk.case(days_ago=30)  # overdue by 16 days
    officer = desk.people["officer"]
    for day in (case.due_at.date(), (case.due_at - timedelta(days=1)).date()):
        with pytest.raises(RuleViolation, match="later"):
            case_extend(case=case, due_on=day, reason="Причина", actor=officer)
    with pytest.raises(RuleViolation, match="future"):
        case_extend(case=case, days=3, reason="Причина", actor=officer)


# Notes


def test_a_note_is_internal_and_never_e_mailed(desk, run_jobs, mailbox):
    case = desk.case()
    officer = desk.people["officer"]
    event = run_jobs(case_note, case=case, text="Звънях на изпълнителя.", actor=officer)
    assert (event.action, event.actor, event.is_public) == (EventAction.NOTE, officer, False)
    assert mailbox() == []
    with pytest.raises(RuleViolation):
        case_note(case=case, text="", actor=officer)
    with pytest.raises(RuleViolation):
        case_note(case=case, text="Бележка", actor=desk.people["viewer"])


def test_a_case_without_an_e_mail_address_is_handled_without_mail(desk, run_jobs, mailbox):
    case = desk.case(sender_email="")
    run_jobs(case_answer, case=case, text="Готово.", actor=desk.people["officer"])
    assert mailbox() == []
