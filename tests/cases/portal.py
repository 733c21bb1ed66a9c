"""Fixtures and helpers shared by the signals portal's tests (cases, public, browser):
an organisation that takes cases, a real SMTP server's parsed inbox, and links in e-mails.

tests/conftest.py loads this module as a plugin, so its fixtures are everywhere.
"""

import email
import email.policy
import re

import pytest

from civicpulse.cases.defaults import cases_install_defaults
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
