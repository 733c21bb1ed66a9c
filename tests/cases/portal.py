"""Fixtures and helpers shared by the signals portal's tests (cases, public, browser):
an organisation that takes cases, a real SMTP server's parsed inbox, and links in e-mails.

tests/conftest.py loads this module as a plugin, so its fixtures are everywhere.
"""

import email
import email.policy
import re

import pytest
from django.utils import timezone
from django_scopes import scope

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.filing import case_confirm, case_file
from civicpulse.cases.links import confirmation_token
from civicpulse.cases.models import Case, CaseEvent, CaseStatus, EventAction, Stage
from civicpulse.config import mailer_from_url

SITE = "https://signals.example.bg"
FILED = {
    "kind": "signal",
    "title": "Счупена пейка в парка",
    "description": "Пейката до детската площадка е счупена от седмица.",
    "sender_name": "Мария Иванова",
    "sender_email": "maria@example.org",
    "sender_phone": "+359 88 765 4321",
    "publication": "anonymous",
}

# The same, as case_file's arguments.
FILING = {**{k: v for k, v in FILED.items() if k != "kind"}, "kind_slug": "signal"}


def registered(organization) -> Case:
    """A case filed and confirmed, as its sender would (no e-mail is sent here)."""
    return case_confirm(token=confirmation_token(case_file(organization=organization, **FILING)))


def staged(case: Case, stage: str, **changes) -> Case:
    """Moves the case to a stage directly (the officers' services are not this module's)."""
    with scope(organization=case.organization):
        status = CaseStatus.objects.get(stage=stage)
        Case.objects.filter(pk=case.pk).update(status=status, **changes)
        return Case.objects.select_related("status", "organization").get(pk=case.pk)


def answered(case: Case, text="Пейката е поправена.") -> Case:
    now = timezone.now()
    with scope(organization=case.organization):
        CaseEvent.objects.create(
            organization=case.organization,
            case=case,
            at=now,
            action=EventAction.ANSWERED,
            is_public=True,
            text=text,
        )
    return staged(case, Stage.ANSWERED, answer=text, answered_at=now)


@pytest.fixture
def portal(organization):
    cases_install_defaults(organization=organization)
    return organization


@pytest.fixture
def mailbox(smtp_server, settings):
    """mailbox() → the messages a real SMTP server received, parsed; links use SITE."""
    inbox, port = smtp_server
    settings.MAILERS = {"default": mailer_from_url(f"smtp://127.0.0.1:{port}")}
    settings.SITE_URL = SITE

    def messages():
        return [
            email.message_from_bytes(envelope.content, policy=email.policy.default)
            for envelope in inbox.messages
        ]

    return messages


def link_in(message, path: str, site: str = SITE) -> str:
    """The path (from `path` on) of the first link to `site` + `path` in an e-mail's body."""
    found = re.search(rf"{re.escape(site)}({re.escape(path)}\S+)", message.get_content())
    assert found, message.get_content()
    return found.group(1)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
