"""The officers' pages: queues and filters, bulk actions (partly refused too), the case page
per role (personal data only with cases.personal_data), department heads' scope, the
answer-template picker without JavaScript, and the set-up pages with hostile input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from civicpulse.cases.handling import case_answer
from civicpulse.cases.models import (
    AnswerTemplate,
    CaseEvent,
    CaseKind,
    CaseStatus,
    EventAction,
    RoutingRule,
    Stage,
)
from tests.cases.handling.conftest import make_desk

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def office(organization, member_factory):
    """The organisation of tests.cases.handling: departments, a member per role, cases."""
    return make_desk(organization, member_factory)


@pytest.fixture
def pages(office, client):
    """pages(role) → a client signed in as that member of the office, reading English."""

    def sign_in(role):
        client.force_login(office.people[role])
        client.cookies["django_language"] = "en"
        return client

    return sign_in


def url(office, name, **kwargs):
    return reverse(
        f"backoffice:{name}", kwargs={"organization": office.organization.slug, **kwargs}
    )


def numbers(response) -> set[str]:
    return {case.number for case in response.context["page"].object_list}


# Queues


def test_tabs_count_and_list_their_cases(office, pages):
    new = office.case(title="Нов сигнал")
    mine = office.case(department=office.roads, officer=office.people["officer"])
    overdue = office.case(department=office.roads, days_ago=20)
    soon = office.case(department=office.parks, days_ago=12)
    reopened = office.case(department=office.parks, reopen_requested_at=timezone.now())
    client = pages("officer")
    response = client.get(url(office, "case_list"))
    assert response.context["queue"] == "triage"  # officers start with what to triage
    counts = {key: count for key, _label, count in response.context["tabs"]}
    assert counts["triage"] == 1 and counts["all"] == 5
    assert counts["mine"] == 1 and counts["overdue"] == 1 and counts["due_soon"] == 1
    assert counts["reopen"] == 1 and "departments" not in counts  # no departments of their own
    assert numbers(response) == {new.number}
    expected = {
        "mine": {mine.number},
        "overdue": {overdue.number},
        "due_soon": {soon.number},
        "reopen": {reopened.number},
        "all": {c.number for c in (new, mine, overdue, soon, reopened)},
    }
    for queue, found in expected.items():
        assert numbers(client.get(url(office, "case_list"), {"queue": queue})) == found
    page = client.get(url(office, "case_list"), {"queue": "overdue"}).content.decode()
    assert "overdue by 6 days" in page  # in words, not only by colour
    assert "Send reminders now" in page


def test_filters(office, pages):
    pothole = office.case(
        title="Дупка на булеварда",
        category=office.potholes,
        area=office.district,
        department=office.roads,
    )
    bench = office.case(title="Счупена пейка", description="В парка до езерото", area=office.town)
    old = office.case(title="Стар сигнал", description="Отдавна", days_ago=40)
    client = pages("officer")

    def found(**query):
        return numbers(client.get(url(office, "case_list"), {"queue": "all", **query}))

    assert found(text="ДУПКА") == {pothole.number}  # any case of letters
    assert found(text="езерото") == {bench.number}  # the description too
    assert found(text=old.number) == {old.number}
    assert found(category=office.potholes.pk) == {pothole.number}
    assert found(area=office.town.pk) == {pothole.number, bench.number}  # with what lies inside
    assert found(department=office.roads.pk) == {pothole.number}
    assert found(status=office.status(Stage.RECEIVED).pk) == {
        c.number for c in (pothole, bench, old)
    }
    since = (timezone.now() - timedelta(days=5)).date().isoformat()
    assert found(registered_from=since) == {pothole.number, bench.number}
    assert found(registered_until=since) == {old.number}
    # Nonsense is ignored, not an error.
    assert len(found(kind="abc", area="999999", registered_from="yesterday", sort="x")) == 3
    response = client.get(url(office, "case_list"), {"queue": "all", "sort": "-registered"})
    assert [c.number for c in response.context["page"].object_list][-1] == old.number


def test_a_department_head_sees_only_their_departments(office, pages):
    roads = office.case(department=office.roads)
    parks = office.case(department=office.parks)
    loose = office.case()
    client = pages("head")
    response = client.get(url(office, "case_list"), {"queue": "all"})
    assert numbers(response) == {roads.number}
    tabs = {key for key, _label, _count in response.context["tabs"]}
    assert "departments" in tabs
    assert numbers(client.get(url(office, "case_list"), {"queue": "departments"})) == {roads.number}
    assert client.get(url(office, "case_detail", pk=roads.pk)).status_code == 200
    for other in (parks, loose):
        assert client.get(url(office, "case_detail", pk=other.pk)).status_code == 404
        assert client.post(url(office, "case_note", pk=other.pk), {"text": "x"}).status_code == 404


# The case page


@pytest.mark.parametrize(
    ("role", "sees_sender", "forms"),
    [
        ("admin", True, {"answer-form", "route-form", "assign-form", "moderate-form"}),
        ("officer", True, {"answer-form", "route-form", "assign-form", "moderate-form"}),
        ("viewer", False, set()),
        ("leader", False, set()),
    ],
)
def test_the_case_page_per_role(office, pages, role, sees_sender, forms):
    case = office.case(department=office.roads)
    page = pages(role).get(url(office, "case_detail", pk=case.pk)).content.decode()
    assert case.title in page and case.description in page
    for personal in ("maria@example.org", "+359 88 765 4321", "Мария Иванова"):
        assert (personal in page) is sees_sender
    if not sees_sender:
        assert "your role does not see senders' personal data" in page
    every = {
        "answer-form",
        "route-form",
        "assign-form",
        "status-form",
        "note-form",
        "moderate-form",
    }
    for form in every:
        assert (f'id="{form}"' in page) is (
            form in forms or (bool(forms) and form != "moderate-form")
        )


def test_the_head_handles_but_neither_routes_nor_moderates(office, pages):
    case = office.case(department=office.roads)
    page = pages("head").get(url(office, "case_detail", pk=case.pk)).content.decode()
    assert 'id="assign-form"' in page and 'id="answer-form"' in page
    assert 'id="route-form"' not in page and 'id="moderate-form"' not in page
    assert "maria@example.org" in page


def test_history_marks_internal_notes(office, pages):
    case = office.case()
    client = pages("officer")
    response = client.post(
        url(office, "case_note", pk=case.pk), {"text": "<script>alert(1)</script>"}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'class="event-internal"' in page and "internal" in page


def test_the_proposed_department_is_shown_and_preselected(office, pages):
    case = office.case(category=office.potholes)
    with scopes_disabled():
        RoutingRule.objects.create(
            organization=office.organization, category=office.potholes, department=office.roads
        )
    response = pages("officer").get(url(office, "case_detail", pk=case.pk))
    assert response.context["proposed_department"] == office.roads
    assert response.context["route_form"]["department"].value() == office.roads.pk
    assert "the routing rules propose Roads" in response.content.decode()


def test_a_refused_action_comes_back_with_what_was_typed(office, pages):
    case = office.case()
    rejected = office.status(Stage.REJECTED)
    response = pages("officer").post(
        url(office, "case_status", pk=case.pk),
        {"status": rejected.pk, "text": "", "forwarded_to": "РИОСВ"},
    )
    assert response.status_code == 200
    form = response.context["status_form"]
    assert form.errors["text"] == ["This field is required."]
    assert form["forwarded_to"].value() == "РИОСВ"
    assert 'href="#id_text"' in response.content.decode()  # the summary links to the field


def test_extend_by_the_page(office, pages):
    case = office.case()
    client = pages("officer")
    response = client.post(url(office, "case_extend", pk=case.pk), {"days": "abc", "reason": "x"})
    assert response.status_code == 200 and "days" in response.context["extend_form"].errors
    response = client.post(url(office, "case_extend", pk=case.pk), {"reason": "Проверка"})
    assert "Give either the number of days or the new date." in response.content.decode()
    response = client.post(
        url(office, "case_extend", pk=case.pk), {"days": "7", "reason": "Проверка"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_at.date() > (timezone.now() + timedelta(days=14)).date()


def test_answer_templates_insert_without_javascript(office, pages):
    case = office.case(language="en")
    with scopes_disabled():
        template = AnswerTemplate.objects.create(
            organization=office.organization,
            name_bg="Ремонт",
            text_bg="Ремонтът е възложен.",
            text_en="The repair is ordered.",
        )
        AnswerTemplate.objects.create(
            organization=office.organization, name_bg="Стар", text_bg="Стар", is_active=False
        )
    client = pages("officer")
    page = client.get(url(office, "case_detail", pk=case.pk))
    assert [name for _pk, name, _text in page.context["answer_templates"]] == ["Ремонт"]
    response = client.post(
        url(office, "case_answer", pk=case.pk),
        {"template": template.pk, "answer": "Dear sender,", "insert": "1"},
    )
    assert response.status_code == 200
    assert response.context["answer_form"]["answer"].value() == (
        "Dear sender,\n\nThe repair is ordered."
    )
    assert "autofocus" in response.content.decode()
    case.refresh_from_db()
    assert case.answer == ""  # inserting sends nothing
    response = client.post(url(office, "case_answer", pk=case.pk), {"answer": "Done.\nThanks."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.answer == "Done.\nThanks." and case.status.stage == Stage.ANSWERED


def test_moderation_by_the_page(office, pages):
    case = office.case()
    client = pages("officer")
    response = client.post(
        url(office, "case_moderate", pk=case.pk),
        {"is_hidden": "on", "redacted_title": "Сигнал за улица", "reason": "Лични данни"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_hidden and case.published_title == "Сигнал за улица"
    response = client.post(
        url(office, "case_moderate", pk=case.pk),
        {"is_hidden": "on", "redacted_title": "Сигнал за улица"},
    )
    assert "Nothing was changed." in response.content.decode()


# Bulk actions


def test_bulk_route_and_status_partly_refused(office, pages):
    first, second = office.case(), office.case()
    closed = office.case()
    case_answer(case=closed, text="Готово", actor=office.people["officer"])
    client = pages("officer")
    response = client.post(
        url(office, "case_bulk"),
        {
            "action": "route",
            "cases": [first.pk, second.pk, closed.pk],
            "department": office.roads.pk,
            "query": "queue=triage&text=x&evil=1",
        },
    )
    assert response.status_code == 302
    assert response.url.endswith("?queue=triage&text=x")  # only the list's own filters kept
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown[0] == "2 cases changed."
    assert shown[1] == "1 case was not changed:"
    assert shown[2].startswith(f"{closed.number}: The case is no longer open")

    response = client.post(
        url(office, "case_bulk"),
        {
            "action": "status",
            "cases": [first.pk, second.pk],
            "status": office.status(Stage.REJECTED).pk,
        },
    )
    shown = [str(m) for m in response.wsgi_request._messages]
    assert "2 cases were not changed:" in shown  # a rejection needs its reason


def test_bulk_assign_and_bad_input(office, pages, other_organization):
    case = office.case()
    client = pages("officer")
    response = client.post(
        url(office, "case_bulk"),
        {"action": "assign", "cases": [case.pk], "officer": office.people["officer2"].pk},
    )
    assert [str(m) for m in response.wsgi_request._messages] == ["1 case changed."]
    case.refresh_from_db()
    assert case.officer == office.people["officer2"]
    for data in (
        {"action": "assign", "cases": [case.pk]},  # no officer
        {"action": "route", "cases": [], "department": office.roads.pk},
        {"action": "explode", "cases": [case.pk]},
        {"action": "route", "cases": ["abc"], "department": office.roads.pk},
    ):
        response = client.post(url(office, "case_bulk"), data)
        assert response.status_code == 302
        assert any(m.level_tag == "error" for m in response.wsgi_request._messages)


def test_bulk_cannot_reach_cases_outside_the_organisation(office, pages, other_organization):
    from civicpulse.cases.defaults import cases_install_defaults
    from civicpulse.cases.models import Case
    from civicpulse.cases.registry import case_register

    cases_install_defaults(organization=other_organization)
    with scopes_disabled():
        foreign = Case.objects.create(
            organization=other_organization,
            kind=CaseKind.objects.get(organization=other_organization, slug="signal"),
            title="Чужд",
            description="Чужд",
            sender_name="А Б",
            sender_email="a@example.org",
            sender_phone="0888123456",
        )
    with scope(organization=other_organization):
        case_register(case=foreign)
    response = pages("officer").post(
        url(office, "case_bulk"),
        {"action": "route", "cases": [foreign.pk], "department": office.roads.pk},
    )
    assert any(m.level_tag == "error" for m in response.wsgi_request._messages)
    foreign.refresh_from_db()
    assert foreign.department_id is None


# Registration by staff and reminders


def test_register_by_staff_page(office, pages):
    client = pages("officer")
    with scopes_disabled():
        kind = CaseKind.objects.get(organization=office.organization, slug="complaint")
    data = {
        "channel": "phone",
        "kind": kind.pk,
        "title": "Шум през нощта",
        "description": "<b>Шум</b> от заведение.",
        "sender_name": "Иван Петров",
        "sender_phone": "",
        "sender_email": "",
        "publication": "private",
        "language": "bg",
    }
    response = client.post(url(office, "case_register"), data)
    assert response.status_code == 200  # neither phone nor e-mail
    assert response.context["form"]["title"].value() == "Шум през нощта"
    assert "Give a phone number or an e-mail address" in response.content.decode()
    response = client.post(url(office, "case_register"), {**data, "sender_phone": "0888 123 456"})
    assert response.status_code == 302
    with scope(organization=office.organization):
        case = office.organization.cases.get()
    assert response.url == url(office, "case_detail", pk=case.pk)
    assert case.source == "staff" and case.number
    page = client.get(response.url).content.decode()
    assert "&lt;b&gt;Шум&lt;/b&gt;" in page


def test_send_reminders_now(office, pages, run_jobs, mailoutbox):
    office.case(department=office.roads, days_ago=20)
    response = run_jobs(pages("officer").post, url(office, "case_reminders"))
    assert response.status_code == 302 and response.url.endswith("?queue=overdue")
    assert [m.to for m in mailoutbox] == [["roads@example.bg"]]
    with scope(organization=office.organization):
        assert CaseEvent.objects.filter(action=EventAction.REMINDED).count() == 1


# Set-up pages


def test_kinds_set_up_with_bad_input(office, pages):
    client = pages("admin")
    base = {
        "name_bg": "Сигнал за шум",
        "slug": "noise",
        "answer_days": "7",
        "position": "5",
        "is_active": "on",
    }
    for bad in (
        {"answer_days": "0"},
        {"answer_days": "366"},
        {"answer_days": "seven"},
        {"slug": "не е"},
        {"slug": "signal"},
        {"name_bg": "x" * 101},
        {"position": "99999999"},
    ):
        response = client.post(url(office, "casesetup_kind_create"), {**base, **bad})
        assert response.status_code == 200, bad
        assert response.context["form"].errors, bad
    response = client.post(
        url(office, "casesetup_kind_create"), {**base, "name_bg": "<script>alert(1)</script>"}
    )
    assert response.status_code == 302
    listing = client.get(url(office, "casesetup_kind_list")).content.decode()
    assert "&lt;script&gt;" in listing and "<script>alert" not in listing
    with scopes_disabled():
        kind = CaseKind.objects.get(organization=office.organization, slug="noise")
    response = client.post(
        url(office, "casesetup_kind_edit", pk=kind.pk),
        {**base, "slug": "changed", "answer_days": "30"},
    )
    kind.refresh_from_db()
    assert kind.slug == "noise" and kind.answer_days == 30  # the short name stays


def test_every_stage_keeps_an_active_state(office, pages):
    client = pages("admin")
    closed = office.status(Stage.CLOSED)
    data = {"name_bg": closed.name_bg, "name_en": "", "position": "1"}  # is_active left off
    response = client.post(url(office, "casesetup_status_edit", pk=closed.pk), data)
    assert response.status_code == 200 and "is_active" in response.context["form"].errors
    response = client.post(
        url(office, "casesetup_status_create"),
        {"stage": Stage.CLOSED, "name_bg": "Архивиран", "position": "2", "is_active": "on"},
    )
    assert response.status_code == 302
    response = client.post(url(office, "casesetup_status_edit", pk=closed.pk), data)
    assert response.status_code == 302
    with scopes_disabled():
        assert not CaseStatus.objects.get(pk=closed.pk).is_active
    response = client.post(
        url(office, "casesetup_status_create"), {"stage": "limbo", "name_bg": "X", "position": "1"}
    )
    assert "stage" in response.context["form"].errors


def test_routing_rules_refuse_another_organisation_s_rows(office, pages, other_organization):
    from tests.factories import DepartmentFactory

    client = pages("admin")
    foreign = DepartmentFactory(organization=other_organization)
    response = client.post(
        url(office, "casesetup_routing_create"), {"department": foreign.pk, "position": "0"}
    )
    assert "department" in response.context["form"].errors
    response = client.post(
        url(office, "casesetup_routing_create"),
        {"department": office.roads.pk, "category": office.potholes.pk, "position": "1"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        rule = RoutingRule.objects.get(organization=office.organization)
    assert client.get(url(office, "casesetup_routing_delete", pk=rule.pk)).status_code == 200
    assert client.post(url(office, "casesetup_routing_delete", pk=rule.pk)).status_code == 302
    with scopes_disabled():
        assert not RoutingRule.objects.filter(pk=rule.pk).exists()


def test_answer_templates_set_up(office, pages):
    client = pages("admin")
    data = {"name_bg": "Благодарност", "text_bg": "Благодарим!", "is_active": "on"}
    response = client.post(
        url(office, "casesetup_template_create"), {**data, "text_bg": "x" * 10001}
    )
    assert "text_bg" in response.context["form"].errors
    response = client.post(url(office, "casesetup_template_create"), {**data, "kind": "abc"})
    assert "kind" in response.context["form"].errors
    assert client.post(url(office, "casesetup_template_create"), data).status_code == 302
    with scopes_disabled():
        template = AnswerTemplate.objects.get(organization=office.organization)
    response = client.post(
        url(office, "casesetup_template_edit", pk=template.pk), {**data, "is_active": ""}
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert not template.is_active  # deactivated, kept


def test_navigation_shows_cases_to_staff_and_set_up_to_administrators(office, pages):
    with translation.override("en"):
        page = pages("viewer").get(url(office, "case_list")).content.decode()
        assert ">Cases<" in page and "Case set-up" not in page
        page = pages("admin").get(url(office, "case_list")).content.decode()
        assert "Case set-up" in page
