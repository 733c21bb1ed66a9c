"""An officer's day in a real browser: triage (route) a new case, assign it, answer it from a
template, and extend another case's deadline with a reason; the senders get the e-mails
from a real SMTP server. The case page is checked with axe too."""

import email
import email.policy
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.models import AnswerTemplate, Case, CaseKind, EventAction, RoutingRule, Stage
from civicpulse.cases.registry import case_register
from civicpulse.config import mailer_from_url
from civicpulse.core.models import Role
from tests.browser.axe import assert_accessible
from tests.conftest import IMMEDIATE_TASKS
from tests.factories import CategoryFactory, DepartmentFactory


@pytest.fixture
def officer_page(desk, organization, member_factory):
    """A desktop page signed in as a case officer, in English; (page, officer)."""
    officer = member_factory(organization, Role.CASE_OFFICER)
    page = desk(officer)
    return page, officer


def registered(organization, *, title, email_address, days_ago=0, **fields):
    with scopes_disabled():
        case = Case.objects.create(
            organization=organization,
            kind=CaseKind.objects.get(organization=organization, slug="signal"),
            title=title,
            description="Описание на проблема.",
            sender_name="Мария Иванова",
            sender_email=email_address,
            sender_phone="+359 88 765 4321",
            language="en",
            **fields,
        )
    with scope(organization=organization):
        return case_register(case=case, now=timezone.now() - timedelta(days=days_ago))


def test_an_officer_s_day(officer_page, live_server, organization, smtp_server, settings):
    inbox, port = smtp_server
    settings.MAILERS = {"default": mailer_from_url(f"smtp://127.0.0.1:{port}")}
    settings.TASKS = IMMEDIATE_TASKS  # jobs run as each request commits, as a worker would
    cases_install_defaults(organization=organization)
    potholes = CategoryFactory(organization=organization, name_bg="Дупки", name_en="Potholes")
    roads = DepartmentFactory(organization=organization, name_bg="Пътища", name_en="Roads")
    with scopes_disabled():
        RoutingRule.objects.create(organization=organization, category=potholes, department=roads)
        AnswerTemplate.objects.create(
            organization=organization,
            name_bg="Ремонт",
            text_bg="Ремонтът е възложен.",
            text_en="The repair has been ordered.",
        )
    new = registered(
        organization,
        title="Pothole on Tsar Simeon",
        email_address="new@example.org",
        category=potholes,
    )
    older = registered(
        organization,
        title="Broken lamp",
        email_address="old@example.org",
        days_ago=12,
        department=roads,
    )
    page, officer = officer_page
    base = f"{live_server.url}/manage/{organization.slug}/cases/"

    # Triage: the new case waits in the first queue; the rules propose Roads.
    page.goto(base)
    page.get_by_role("link", name=new.number).click()
    assert page.locator("#id_department").input_value() == str(roads.pk)
    assert_accessible(page)
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    assert "The case has been sent to the department." in page.content()

    # Assign it to themselves.
    page.select_option("#id_officer", str(officer.pk))
    page.get_by_role("button", name="Assign", exact=True).click()
    page.wait_for_load_state()
    assert "The case has been assigned." in page.content()

    # Answer from a template: the script inserts it; the officer adds a line and sends.
    page.select_option("#id_template", label="Ремонт")
    page.get_by_role("button", name="Insert the template").click()
    answer = page.locator("#id_answer")
    assert answer.input_value() == "The repair has been ordered."
    assert page.evaluate("() => document.activeElement.id") == "id_answer"
    page.keyboard.type("\nThe crew comes on Monday.")
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_load_state()
    assert "The answer has been sent to the sender." in page.content()

    # Extend the other case's deadline, found in the due-soon queue.
    page.goto(f"{base}?queue=due_soon")
    page.get_by_role("link", name=older.number).click()
    page.fill("#extend-form #id_days", "10")
    page.fill("#extend-form #id_reason", "A site inspection is needed.")
    page.get_by_role("button", name="Extend", exact=True).click()
    page.wait_for_load_state()
    assert "The deadline has been extended and the sender told." in page.content()

    with scopes_disabled():
        new.refresh_from_db()
        older_due = older.due_at
        older.refresh_from_db()
        actions = list(new.events.values_list("action", flat=True))
    assert new.department == roads and new.officer == officer
    assert new.status.stage == Stage.ANSWERED
    assert new.answer == "The repair has been ordered.\nThe crew comes on Monday."
    assert actions == [
        EventAction.REGISTERED,
        EventAction.ROUTED,
        EventAction.ASSIGNED,
        EventAction.ANSWERED,
    ]
    assert older.due_at == older_due + timedelta(days=10)

    mails = [
        email.message_from_bytes(envelope.content, policy=email.policy.default)
        for envelope in inbox.messages
    ]
    got = [(m["To"], m["Subject"]) for m in mails]
    assert got == [
        ("new@example.org", f"Your case {new.number}: Received"),
        ("new@example.org", f"Your case {new.number} is answered"),
        ("old@example.org", f"The deadline of your case {older.number} is extended"),
    ]
    assert "The crew comes on Monday." in mails[1].get_content()
    assert "A site inspection is needed." in mails[2].get_content()
