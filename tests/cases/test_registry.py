"""Registry numbers: `<PREFIX>-<YEAR>-<NNNNN>`, gap-free per organisation and year, given
once even when confirmations arrive at the same moment, on SQLite and on PostgreSQL."""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection, transaction
from django_scopes import scope

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.models import Case, CaseEvent, CaseKind, EventAction, RegistryCounter, Stage
from civicpulse.cases.registry import case_register

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, EACH = 6, 10


@pytest.fixture
def draft_factory(organization):
    cases_install_defaults(organization=organization)

    def make(kind="signal"):
        with scope(organization=organization):
            return Case.objects.create(
                organization=organization,
                kind=CaseKind.objects.get(slug=kind),
                title="Счупена пейка",
                description="Пейката пред блок 12 е счупена.",
                sender_name="Мария Иванова",
                sender_email="maria@example.org",
                sender_phone="+359 88 765 4321",
            )

    return make


def test_registration_numbers_stamps_and_starts_the_clock(draft_factory, organization):
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    cases = [case_register(case=draft_factory(), now=now) for _ in range(3)]
    assert [c.number for c in cases] == ["SZ-2026-00001", "SZ-2026-00002", "SZ-2026-00003"]
    first = cases[0]
    assert first.registered_at == now and (first.due_at - now).days == 14
    assert first.status.stage == Stage.RECEIVED
    with scope(organization=organization):
        event = CaseEvent.objects.get(case=first)
    assert event.action == EventAction.REGISTERED and event.is_public


def test_a_second_confirmation_keeps_the_first_number(draft_factory):
    draft = draft_factory()
    first = case_register(case=draft)
    again = case_register(case=draft)
    assert again.number == first.number and again.registered_at == first.registered_at
    with scope(organization=draft.organization):
        assert CaseEvent.objects.filter(case=draft).count() == 1


def test_the_year_is_the_organisation_s_and_each_starts_at_one(draft_factory):
    # 23:30 UTC on 31 December is already New Year in Sofia.
    late = datetime(2026, 12, 31, 21, 30, tzinfo=UTC)
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert case_register(case=draft_factory(), now=late).number == "SZ-2026-00001"
    assert case_register(case=draft_factory(), now=new_year).number == "SZ-2027-00001"


def test_a_rolled_back_registration_gives_its_number_back(draft_factory):
    class Refused(Exception):
        pass

    def register_then_fail():
        with transaction.atomic():
            case_register(case=draft_factory())
            raise Refused

    with pytest.raises(Refused):
        register_then_fail()
    assert case_register(case=draft_factory()).number.endswith("-00001")


def test_the_deadline_is_the_kind_s(draft_factory, organization):
    with scope(organization=organization):
        CaseKind.objects.filter(slug="question").update(answer_days=30)
    now = datetime(2026, 5, 4, 12, tzinfo=UTC)
    case = case_register(case=draft_factory("question"), now=now)
    assert (case.due_at - now).days == 30


def _database_url(tmp_path) -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'parallel.sqlite3'}"
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or 'localhost'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )


def _run(environment, *args, timeout=120) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.cases.registry_worker", *map(str, args)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _output(process: subprocess.Popen):
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_get_every_number_once(tmp_path):
    """Six processes confirm ten cases each at the same moment, each on its own connection
    to the database as the production server's workers are (a file on SQLite)."""
    environment = {**os.environ, "DATABASE_URL": _database_url(tmp_path)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor == "sqlite":
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert migrate.returncode == 0, migrate.stderr
    ids = _output(_run(environment, "setup", PROCESSES * EACH))
    start_at = time.time() + 3  # after every process has set Django up
    workers = [
        _run(environment, "register", start_at, *ids[n::PROCESSES]) for n in range(PROCESSES)
    ]
    numbers = [number for worker in workers for number in _output(worker)]
    year = datetime.now(ZoneInfo(settings.TIME_ZONE)).year  # not run across New Year's midnight
    assert sorted(numbers) == [f"PR-{year}-{n:05d}" for n in range(1, PROCESSES * EACH + 1)]
    if connection.vendor != "sqlite":
        assert RegistryCounter.objects.model._base_manager.get().last == PROCESSES * EACH


def test_the_history_is_only_added_to(draft_factory):
    case = case_register(case=draft_factory())
    with scope(organization=case.organization):
        event = CaseEvent.objects.get(case=case)
        event.text = "rewritten"
        with pytest.raises(ValueError, match="only added to"):
            event.save()
