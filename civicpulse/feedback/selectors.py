"""Reads for staff pages: which touchpoints a member may see, and the figures pages show."""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from civicpulse.core.models import Area, Category, Membership
from civicpulse.core.scoping import narrowed_to_scope
from civicpulse.feedback.models import (
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Touchpoint,
    TouchpointKind,
)
from civicpulse.feedback.questionnaires import questionnaire_for_touchpoint
from civicpulse.feedback.results import past_and_today

RECENT_DAYS = 30


def touchpoints_visible_to(*, membership: Membership) -> QuerySet[Touchpoint]:
    """The organisation's touchpoints, narrowed by a department head's scope
    (core.scoping.narrowed_to_scope)."""
    touchpoints = Touchpoint.objects.filter(organization_id=membership.organization_id)
    return narrowed_to_scope(touchpoints, membership=membership)


@dataclass(frozen=True)
class TouchpointFilters:
    kind: str = ""
    category: Category | None = None
    area: Area | None = None
    is_active: bool | None = None
    text: str = ""
    located: bool | None = None  # has both coordinates (True) or lacks one (False)


def touchpoint_search(
    *, membership: Membership, filters: TouchpointFilters
) -> QuerySet[Touchpoint]:
    """The visible touchpoints that match the filters, with what a list row shows."""
    touchpoints = touchpoints_visible_to(membership=membership).select_related(
        "category", "area", "department"
    )
    if filters.kind:
        touchpoints = touchpoints.filter(kind=filters.kind)
    if filters.category is not None:
        touchpoints = touchpoints.filter(category=filters.category)
    if filters.area is not None:
        touchpoints = touchpoints.filter(area__path__startswith=filters.area.path)
    if filters.is_active is not None:
        touchpoints = touchpoints.filter(is_active=filters.is_active)
    if text := filters.text.strip():
        touchpoints = touchpoints.filter(_text_matches(text, "name_bg", "name_en", "code"))
    if filters.located is not None:
        located = Q(latitude__isnull=False, longitude__isnull=False)
        touchpoints = touchpoints.filter(located if filters.located else ~located)
    return touchpoints.order_by("name_bg", "pk")


def _text_matches(text: str, *fields: str) -> Q:
    # Case folds in every script on both databases (see core/sqlite.py).
    return reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))


@dataclass(frozen=True)
class TouchpointSummary:
    questionnaire: Questionnaire | None
    response_count: int


def touchpoint_summary(*, touchpoint: Touchpoint) -> TouchpointSummary:
    """Every response counts here, flagged ones too."""
    return TouchpointSummary(
        questionnaire=questionnaire_for_touchpoint(touchpoint),
        response_count=past_and_today(
            touchpoint,
            "touchpoint-responses",
            (),
            lambda when: touchpoint.responses.filter(when).count(),
        ),
    )


@dataclass(frozen=True)
class ScoreMean:
    """The mean headline score of responses given on one scale, e.g. 0-10 or 1-5."""

    low: int
    high: int
    responses: int
    mean: float


@dataclass(frozen=True)
class OrganizationOverview:
    touchpoints_by_kind: list[tuple[str, int]]  # (kind, count) for every kind
    questionnaires_in_use: int
    recent_responses: int
    recent_means: list[ScoreMean]
    staff: int


def organization_overview(*, membership: Membership, now=None) -> OrganizationOverview:
    """The figures of the overview page, within what the member may see; the responses'
    figures are the rollups' (as of their last fold)."""
    # Imported here: the analytics build on this app, not the other way round.
    from civicpulse.analytics.overview import recent_sums

    organization = membership.organization
    visible = touchpoints_visible_to(membership=membership)
    counts = dict(visible.values_list("kind").annotate(n=Count("pk")).order_by())
    today = timezone.localdate(now, timezone=ZoneInfo(organization.time_zone))
    recent = recent_sums(membership, today=today, days=RECENT_DAYS)
    shown = recent.total()
    return OrganizationOverview(
        touchpoints_by_kind=[(kind.value, counts.get(kind.value, 0)) for kind in TouchpointKind],
        questionnaires_in_use=_questionnaires_in_use(organization).count(),
        recent_responses=shown.responses + recent.hidden_responses,
        # An employee rated by fewer than the threshold must not show through a mean.
        recent_means=(
            [ScoreMean(low=0, high=10, responses=shown.scored, mean=shown.mean_value)]
            if shown.scored
            else []
        ),
        staff=organization.memberships.count(),
    )


def _questionnaires_in_use(organization) -> QuerySet[Questionnaire]:
    """Questionnaires with questions that an active touchpoint would ask, directly or through
    its category's default."""
    active = Touchpoint.objects.filter(organization=organization, is_active=True)
    return Questionnaire.objects.filter(
        organization=organization, current_version__isnull=False
    ).filter(
        Q(pk__in=active.filter(questionnaire__isnull=False).values("questionnaire"))
        | Q(category__in=active.values("category"))
    )


def questionnaire_list(*, organization) -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.filter(organization=organization)
        .select_related("category", "current_version")
        .annotate(
            version_count=Count("versions", distinct=True),
            response_count=Count("versions__responses", distinct=True),
        )
        .order_by("title_bg", "pk")
    )


def questionnaire_versions(*, questionnaire: Questionnaire) -> QuerySet[QuestionnaireVersion]:
    """The version history, newest first, each with how many responses it received."""
    return (
        questionnaire.versions.select_related("created_by")
        .annotate(response_count=Count("responses"))
        .order_by("-number")
    )


def version_questions(*, version: QuestionnaireVersion) -> list[Question]:
    return list(
        version.questions.select_related("parent").prefetch_related("options").order_by("position")
    )


def flagged_responses(*, organization) -> QuerySet[Response]:
    """Responses kept out of the statistics, newest first, with what a reviewer reads."""
    return (
        Response.objects.filter(organization=organization, is_flagged=True)
        .select_related("touchpoint")
        .prefetch_related("answers__question", "answers__option")
        .order_by("-submitted_at", "-pk")
    )
