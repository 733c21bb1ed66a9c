"""Case figures against hand-counted values, per group and on the staff page."""

import io
import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope
from openpyxl import load_workbook

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.figures import case_figures
from civicpulse.cases.models import Case, CaseKind, CaseStatus, Stage
from civicpulse.cases.selectors import cases_visible_to
from civicpulse.core.models import Department, Role
from tests.factories import MembershipFactory, OrganizationFactory

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)
DAY = timedelta(days=1)


_numbers = itertools.count(1)


def _case(org, *, kind, stage, department, registered, answered=None, due_days=14):
    n = next(_numbers)
    status = CaseStatus.objects.filter(organization=org, stage=stage).first()
    return Case.objects.create(
        organization=org,
        kind=kind,
        status=status,
        department=department,
        title=f"Case {n}",
        description="…",
        sender_name="Мария Петрова",
        sender_email="maria@example.com",
        sender_phone="+359888123456",
        number=f"T-2026-{n:05d}",
        registered_at=registered,
        due_at=registered + due_days * DAY,
        answered_at=answered,
    )


@pytest.fixture
def world(db):
    org = OrganizationFactory()
    cases_install_defaults(organization=org)
    with scope(organization=org):
        roads = Department.objects.create(organization=org, name_bg="Пътища", name_en="Roads")
        parks = Department.objects.create(organization=org, name_bg="Паркове", name_en="Parks")
        signal = CaseKind.objects.get(organization=org, slug="signal")
        question = CaseKind.objects.get(organization=org, slug="question")
        may = datetime(2026, 5, 10, 9, tzinfo=UTC)
        june = datetime(2026, 6, 3, 9, tzinfo=UTC)
        # Roads: answered in 4 and 20 days (the second late), one open and overdue.
        _case(org, kind=signal, stage=Stage.ANSWERED, department=roads, registered=may,
              answered=may + 4 * DAY)  # fmt: skip
        _case(org, kind=signal, stage=Stage.CLOSED, department=roads, registered=may,
              answered=may + 20 * DAY)  # fmt: skip
        _case(org, kind=signal, stage=Stage.IN_PROGRESS, department=roads, registered=june)
        # Parks: a question answered in 2 days; a case answered late but extended in time.
        _case(org, kind=question, stage=Stage.ANSWERED, department=parks, registered=june,
              answered=june + 2 * DAY)  # fmt: skip
        _case(org, kind=signal, stage=Stage.ANSWERED, department=parks, registered=may,
              answered=may + 21 * DAY, due_days=28)  # fmt: skip
        # Not registered: a draft counts nowhere.
        Case.objects.create(
            organization=org, kind=signal, title="Draft", description="…",
            sender_name="Иван Иванов", sender_email="i@example.com", sender_phone="0888123456",
        )  # fmt: skip
    return org, roads, parks


def test_figures_match_hand_counts(world):
    org, _roads, _parks = world
    with scope(organization=org), translation.override("en"):
        figures = case_figures(cases=Case.objects.filter(organization=org), language="en", now=NOW)
    total = figures.total
    assert (total.registered, total.answered, total.on_time) == (5, 4, 3)
    assert total.on_time_share == pytest.approx(0.75)
    assert total.median_days == pytest.approx((4 + 20) / 2)  # 2, 4, 20, 21
    assert (total.open_now, total.overdue_now) == (1, 1)
    by_department = {row.label: row.figures for row in figures.by_department}
    assert by_department["Roads"].registered == 3
    assert (by_department["Roads"].answered, by_department["Roads"].on_time) == (2, 1)
    assert by_department["Parks"].median_days == pytest.approx(11.5)
    assert {row.label: row.figures.registered for row in figures.by_kind} == {
        "Signal": 4,
        "Question": 1,
    }
    assert [(row.label, row.figures.registered) for row in figures.by_month] == [
        ("2026-05", 3),
        ("2026-06", 2),
    ]
    assert figures.by_area[0].label == "No area"
    assert figures.over_time.groups == ["Signal", "Question"]
    assert figures.over_time.months == [("2026-05", [3, 0]), ("2026-06", [1, 1])]


def test_months_split_by_department_keep_the_busiest_groups(world, monkeypatch):
    org, _roads, _parks = world
    monkeypatch.setattr("civicpulse.cases.figures.MOST_GROUPS", 1)
    with scope(organization=org), translation.override("en"):
        figures = case_figures(
            cases=Case.objects.filter(organization=org), language="en", over="department"
        )
    assert figures.over_time.groups == ["Roads", "Other"]
    assert figures.over_time.months == [("2026-05", [2, 1]), ("2026-06", [1, 1])]
    with pytest.raises(ValueError, match="Unknown breakdown"):
        case_figures(cases=Case.objects.none(), over="sender_email")


def test_the_period_limits_by_registration(world):
    org, _roads, _parks = world
    with scope(organization=org):
        figures = case_figures(
            cases=Case.objects.filter(organization=org),
            since=datetime(2026, 6, 1, tzinfo=UTC),
            now=NOW,
        )
    assert figures.total.registered == 2


def test_a_department_head_counts_only_their_departments(world):
    org, roads, _parks = world
    head = MembershipFactory(organization=org, role=Role.DEPARTMENT_HEAD)
    with scope(organization=org):
        head.departments.set([roads])
        figures = case_figures(cases=cases_visible_to(membership=head), now=NOW)
    assert figures.total.registered == 3


def test_the_page_and_its_csv(world, client):
    org, _roads, _parks = world
    viewer = MembershipFactory(organization=org, role=Role.VIEWER)
    client.force_login(viewer.user)
    with translation.override("en"):
        page = client.get(
            reverse("backoffice:casefigures", kwargs={"organization": org.slug}),
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert page.status_code == 200
        text = page.content.decode()
        assert "75%" in text and "(3 of 4)" in text
        assert '<option value="department">' in text
        split = client.get(
            reverse("backoffice:casefigures", kwargs={"organization": org.slug}),
            {"over": "<script>"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert split.status_code == 200  # an unknown split falls back to the kind
        assert "<script>" not in split.content.decode()
        export = client.get(
            reverse("backoffice:casefigures_export", kwargs={"organization": org.slug})
            + "?since=2026-06-01",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    rows = export.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Breakdown,Group,Registered")
    assert any(row.startswith("Month,2026-06,2,") for row in rows)
    with translation.override("en"):
        workbook = client.get(
            reverse("backoffice:casefigures_export", kwargs={"organization": org.slug}),
            {"format": "xlsx"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = load_workbook(io.BytesIO(workbook.content))
    assert sheets.sheetnames[:2] == ["Kind", "Department"]
    assert ("Roads", 3, 2, 1, 0.5, 12.0, 1, 1) in list(
        sheets["Department"].iter_rows(values_only=True)
    )


def test_a_bad_period_is_explained_and_ignored(world, client):
    org, _roads, _parks = world
    client.force_login(MembershipFactory(organization=org, role=Role.LEADER).user)
    with translation.override("en"):
        page = client.get(
            reverse("backoffice:casefigures", kwargs={"organization": org.slug}),
            {"since": "2026-07-01", "until": "2026-06-01"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert page.status_code == 200
    assert "cannot come before its start" in page.content.decode()
