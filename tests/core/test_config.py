import email
import email.policy
import stat

import pytest
from django.core import mail
from django.db import connection

from civicpulse.config import (
    SQLITE_ENGINE,
    database_from_url,
    load_or_create_secret_key,
    mailer_from_url,
)


def test_sqlite_defaults_to_wal_with_a_busy_timeout(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path}/sub/db.sqlite3")
    assert config["ENGINE"] == SQLITE_ENGINE
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "synchronous=NORMAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] == 20
    assert (tmp_path / "sub").is_dir()


def test_postgres_urls_get_persistent_checked_connections():
    config = database_from_url("postgres://cp:secret@db.internal:5433/civicpulse", conn_max_age=60)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "civicpulse")
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True


def test_sqlite_connections_are_kept_open_too(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path}/db.sqlite3", conn_max_age=60)
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_the_live_sqlite_connection_has_the_pragmas():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        # The test database may be in memory, where WAL does not apply; the rest must hold.
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000


def test_a_secret_key_is_generated_once_and_kept_private(tmp_path):
    path = tmp_path / "secret_key"
    key = load_or_create_secret_key(path)
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret_key(path) == key


def test_email_urls_map_to_mailers():
    assert mailer_from_url("consolemail://")["BACKEND"].endswith("console.EmailBackend")
    smtp = mailer_from_url("smtp+tls://user:p%40ss@mail.example.bg:587")
    assert smtp["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp["OPTIONS"] | {"timeout": None} == {
        "host": "mail.example.bg",
        "port": 587,
        "username": "user",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": None,
    }


def test_mail_goes_out_over_real_smtp_as_configured_by_email_url(smtp_server, settings):
    inbox, port = smtp_server
    settings.MAILERS = {"default": mailer_from_url(f"smtp://127.0.0.1:{port}")}
    sent = mail.send_mail(
        "Сигнал SZ-2026-00001 е регистриран",
        "Благодарим ви.",
        "civicpulse <no-reply@example.bg>",
        ["citizen@example.bg"],
    )
    assert sent == 1
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["citizen@example.bg"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Сигнал SZ-2026-00001 е регистриран"
    assert message.get_content().strip() == "Благодарим ви."
