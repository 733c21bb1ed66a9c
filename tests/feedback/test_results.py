"""Results as distributions: counted in the database, matched by key across versions."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from civicpulse.analytics import history
from civicpulse.analytics.history import organization_today
from civicpulse.analytics.rollups import rollups_catch_up
from civicpulse.core.models import Role
from civicpulse.feedback.abuse import response_flag
from civicpulse.feedback.models import Response, TouchpointKind
from civicpulse.feedback.questionnaires import questionnaire_save_definition
from civicpulse.feedback.responses import response_record
from civicpulse.feedback.results import (
    Bar,
    employee_results_shown,
    period_condition,
    responses_without_small_employees,
    results_for,
    touchpoint_results,
)
from civicpulse.feedback.selectors import organization_overview, touchpoint_summary
from tests.factories import MembershipFactory, TouchpointFactory, make_questionnaire

RICH = {
    "title": {"bg": "Анкета", "en": "Survey"},
    "questions": [
        {"key": "nps", "kind": "nps", "text": {"bg": "Препоръка", "en": "Recommend"}},
        {"key": "stars", "kind": "stars", "text": {"bg": "Звезди", "en": "Stars"}},
        {
            "key": "visits",
            "kind": "single",
            "text": {"bg": "Колко често", "en": "How often"},
            "options": [
                {"key": "weekly", "label": {"bg": "Седмично", "en": "Weekly"}},
                {"key": "rarely", "label": {"bg": "Рядко", "en": "Rarely"}},
            ],
        },
        {"key": "queue", "kind": "yes_no", "text": {"bg": "Чакахте ли?", "en": "Did you wait?"}},
        {"key": "note", "kind": "text", "text": {"bg": "Бележка", "en": "Note"}},
    ],
}


@pytest.fixture
def rich_touchpoint(organization):
    touchpoint = TouchpointFactory(organization=organization)
    questionnaire = make_questionnaire(
        organization=organization, category=touchpoint.category, definition=RICH
    )
    return touchpoint, questionnaire


def by_key(results):
    return {question.key: question for question in results.questions}


def counts(question):
    return [(bar.label, bar.count) for bar in question.bars]


def test_ratings_count_every_value_of_their_range_with_the_mean(touchpoint, in_scope):
    for score in (10, 10, 8, 3):
        response_record(touchpoint=touchpoint, answers={"overall": score})
    overall = by_key(results_for(responses=Q(touchpoint=touchpoint), questionnaire=None))["overall"]
    assert overall.answered == 4 and overall.scale == (0, 10)
    assert [bar.label for bar in overall.bars] == [str(n) for n in range(11)]
    assert dict(counts(overall)) == {**{str(n): 0 for n in range(11)}, "10": 2, "8": 1, "3": 1}
    assert overall.mean == pytest.approx(7.75)
    assert overall.nps is None  # a plain 0-10 scale has no NPS
    assert overall.bars[10].share == pytest.approx(0.5)


def test_flagged_responses_are_left_out(touchpoint, in_scope):
    response_record(touchpoint=touchpoint, answers={"overall": 9})
    response_flag(response=response_record(touchpoint=touchpoint, answers={"overall": 0}))
    results = results_for(responses=Q(touchpoint=touchpoint), questionnaire=None)
    assert results.responses == 1
    assert by_key(results)["overall"].mean == 9


def test_multiple_choice_shares_are_of_respondents(touchpoint, in_scope):
    response_record(touchpoint=touchpoint, answers={"overall": 2, "problem": ["dirty", "broken"]})
    response_record(touchpoint=touchpoint, answers={"overall": 3, "problem": ["dirty"]})
    response_record(touchpoint=touchpoint, answers={"overall": 9})
    problem = by_key(results_for(responses=Q(touchpoint=touchpoint), questionnaire=None))["problem"]
    assert problem.answered == 2 and problem.shares_of_respondents
    assert [(bar.count, bar.share) for bar in problem.bars] == [(2, 1.0), (1, 0.5)]


def test_single_choice_yes_no_stars_and_nps(rich_touchpoint, in_scope):
    touchpoint, questionnaire = rich_touchpoint
    rows = [
        {"nps": 10, "stars": 5, "visits": "weekly", "queue": "yes"},
        {"nps": 9, "stars": 4, "visits": "weekly", "queue": "no"},
        {"nps": 7, "stars": 4, "visits": "rarely", "queue": "no"},
        {"nps": 2, "stars": 1, "visits": "weekly"},
    ]
    for answers in rows:
        response_record(touchpoint=touchpoint, answers=answers)
    with translation.override("en"):
        results = by_key(
            results_for(responses=Q(touchpoint=touchpoint), questionnaire=questionnaire)
        )
    assert results["nps"].nps == 25  # 2 promoters, 1 detractor of 4
    assert [bar.label for bar in results["stars"].bars] == ["1", "2", "3", "4", "5"]
    assert results["stars"].mean == pytest.approx(3.5)
    assert counts(results["visits"]) == [("Weekly", 3), ("Rarely", 1)]
    assert results["visits"].bars[0].share == pytest.approx(0.75)
    assert counts(results["queue"]) == [("Yes", 1), ("No", 2)]
    assert results["queue"].mean is None


def test_questions_keep_the_questionnaires_order_and_unanswered_ones_are_left_out(
    rich_touchpoint, in_scope
):
    touchpoint, questionnaire = rich_touchpoint
    response_record(touchpoint=touchpoint, answers={"note": "Добре", "visits": "rarely"})
    results = results_for(responses=Q(touchpoint=touchpoint), questionnaire=questionnaire)
    assert [q.key for q in results.questions] == ["visits", "note"]


def test_answers_of_every_version_add_up_by_key(touchpoint, in_scope):
    questionnaire = touchpoint.category.questionnaires.get()
    response_record(touchpoint=touchpoint, answers={"overall": 4, "problem": ["dirty"]})
    edited = {
        "title": {"bg": "Детски площадки", "en": "Playgrounds"},
        "questions": [
            {"key": "overall", "kind": "scale", "text": {"bg": "Нов текст", "en": "New text"}},
            {
                "key": "problem",
                "kind": "multiple",
                "text": {"bg": "Проблем", "en": "Problem"},
                "options": [
                    {"key": "broken", "label": {"bg": "Счупено", "en": "Broken now"}},
                    {"key": "dirty", "label": {"bg": "Мръсно", "en": "Dirty now"}},
                    {"key": "dark", "label": {"bg": "Тъмно", "en": "Dark"}},
                ],
            },
        ],
    }
    questionnaire_save_definition(questionnaire=questionnaire, definition=edited)
    questionnaire.refresh_from_db()
    response_record(touchpoint=touchpoint, answers={"overall": 6, "problem": ["dirty", "dark"]})
    with translation.override("en"):
        results = by_key(
            results_for(responses=Q(touchpoint=touchpoint), questionnaire=questionnaire)
        )
    assert Response.objects.values("version").distinct().count() == 2
    assert results["overall"].text == "New text" and results["overall"].answered == 2
    assert results["overall"].mean == 5
    assert counts(results["problem"]) == [("Broken now", 0), ("Dirty now", 2), ("Dark", 1)]


def test_a_key_asked_with_another_kind_is_not_mixed_in(touchpoint, in_scope):
    questionnaire = touchpoint.category.questionnaires.get()
    response_record(touchpoint=touchpoint, answers={"overall": 9})
    stars = {
        "title": {"bg": "Площадки", "en": "Playgrounds"},
        "questions": [{"key": "overall", "kind": "stars", "text": {"bg": "Общо", "en": "All"}}],
    }
    questionnaire_save_definition(questionnaire=questionnaire, definition=stars)
    questionnaire.refresh_from_db()
    response_record(touchpoint=touchpoint, answers={"overall": 4})
    overall = by_key(results_for(responses=Q(touchpoint=touchpoint), questionnaire=questionnaire))[
        "overall"
    ]
    assert overall.scale == (1, 5) and overall.answered == 1 and overall.mean == 4


def test_comments_only_when_asked_newest_first_and_limited(touchpoint, in_scope):
    start = timezone.now() - timedelta(days=10)
    for day in range(5):
        response_record(
            touchpoint=touchpoint,
            answers={"overall": 5, "comment": f"note {day}"},
            submitted_at=start + timedelta(days=day),
        )
    responses = Q(touchpoint=touchpoint)
    silent = by_key(results_for(responses=responses, questionnaire=None))["comment"]
    assert silent.answered == 5 and silent.comments is None and silent.bars == []
    shown = by_key(results_for(responses=responses, questionnaire=None, comments=3))["comment"]
    assert [c.text for c in shown.comments] == ["note 4", "note 3", "note 2"]


def test_a_period_narrows_the_responses(touchpoint, in_scope):
    now = timezone.now()
    for days_ago in (40, 20, 1):
        response_record(
            touchpoint=touchpoint, answers={"overall": 5}, submitted_at=now - timedelta(days_ago)
        )

    def counted(since, until):
        condition = Q(touchpoint=touchpoint) & period_condition(since=since, until=until)
        return results_for(responses=condition, questionnaire=None).responses

    assert counted(None, None) == 3
    assert counted(now - timedelta(30), None) == 2
    assert counted(None, now - timedelta(20)) == 1  # the end is exclusive
    assert counted(now - timedelta(30), now - timedelta(5)) == 1


def test_the_database_is_asked_a_fixed_number_of_times(
    rich_touchpoint, in_scope, django_assert_max_num_queries
):
    touchpoint, questionnaire = rich_touchpoint
    for n in range(40):
        response_record(
            touchpoint=touchpoint,
            answers={"nps": n % 11, "visits": "weekly", "queue": "yes", "note": f"n{n}"},
        )
    with django_assert_max_num_queries(8):
        results_for(responses=Q(touchpoint=touchpoint), questionnaire=questionnaire, comments=5)


def test_nothing_to_count_is_an_empty_result(touchpoint, in_scope):
    results = results_for(responses=Q(pk__in=[]), questionnaire=None)
    assert results.responses == 0 and results.questions == []


def test_a_bar_width_is_written_with_a_dot_in_every_language():
    with translation.override("bg"):
        assert Bar(label="x", count=1, share=1 / 3).width == "33.3%"


class TestEmployeeThreshold:
    def test_shown_from_exactly_the_organisations_minimum(self, organization):
        organization.employee_min_responses = 5
        assert not employee_results_shown(organization=organization, response_count=4)
        assert employee_results_shown(organization=organization, response_count=5)

    def test_mixed_figures_leave_out_employees_below_it(self, organization, touchpoint, in_scope):
        organization.employee_min_responses = 3
        organization.save()
        few = TouchpointFactory(
            organization=organization, kind=TouchpointKind.EMPLOYEE, category=touchpoint.category
        )
        enough = TouchpointFactory(
            organization=organization, kind=TouchpointKind.EMPLOYEE, category=touchpoint.category
        )
        make_questionnaire(
            organization=organization, category=touchpoint.category, for_employees=True
        )
        for subject, n in ((touchpoint, 1), (few, 2), (enough, 3)):
            for _ in range(n):
                response_record(touchpoint=subject, answers={"overall": 7})
        # A flagged response does not lift an employee over the threshold.
        response_flag(response=response_record(touchpoint=few, answers={"overall": 7}))
        kept = responses_without_small_employees(Response.objects.all(), organization=organization)
        assert set(kept.values_list("touchpoint", flat=True)) == {touchpoint.pk, enough.pk}


def test_the_overview_mean_does_not_reveal_a_lone_employee(
    organization, touchpoint, member_factory
):
    """A department head whose scope holds one employee with too few ratings sees no mean."""
    with scopes_disabled():
        employee = TouchpointFactory(
            organization=organization, kind=TouchpointKind.EMPLOYEE, category=touchpoint.category
        )
        make_questionnaire(
            organization=organization, category=touchpoint.category, for_employees=True
        )
        for _ in range(organization.employee_min_responses - 1):
            response_record(touchpoint=employee, answers={"overall": 2})
        membership = MembershipFactory(organization=organization, role=Role.LEADER)
        rollups_catch_up()
        overview = organization_overview(membership=membership)
        assert overview.recent_responses == organization.employee_min_responses - 1
        assert overview.recent_means == []
        response_record(touchpoint=employee, answers={"overall": 2})
        rollups_catch_up()
        assert organization_overview(membership=membership).recent_means[0].responses == 5


def test_a_places_results_keep_its_past_and_read_today_afresh(rich_touchpoint, in_scope):
    """The past is kept between requests (a busy place's year is 200,000 responses); today's
    responses, a late one and a flag show at the next read all the same."""
    touchpoint, questionnaire = rich_touchpoint
    leader = MembershipFactory(organization=touchpoint.organization, role=Role.LEADER)
    zone = ZoneInfo(touchpoint.organization.time_zone)
    midnight = datetime.combine(organization_today(touchpoint.organization), time(), tzinfo=zone)

    def record(at, nps):
        return response_record(
            touchpoint=touchpoint, answers={"nps": nps, "visits": "weekly"}, submitted_at=at
        )

    def shown():
        results = touchpoint_results(touchpoint=touchpoint, membership=leader)
        counted = results_for(
            responses=Q(touchpoint=touchpoint), questionnaire=questionnaire, comments=20
        )
        assert results.results == counted  # every figure as counted from the raw rows
        return results.response_count

    early = [record(midnight - timedelta(days=days), nps=days) for days in (1, 2, 9)]
    rollups_catch_up()
    assert shown() == 3
    assert shown() == 3  # now from what was kept
    assert any(":touchpoint-answers:" in key for key in history.store._entries)
    record(midnight + timedelta(minutes=5), nps=10)
    assert shown() == 4  # today's, at once
    record(midnight - timedelta(days=3), nps=0)  # a late kiosk press, say
    rollups_catch_up()
    assert shown() == 5
    response_flag(response=early[0])
    assert shown() == 4
    assert touchpoint_summary(touchpoint=touchpoint).response_count == 5  # flagged ones too
