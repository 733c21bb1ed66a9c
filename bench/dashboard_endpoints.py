"""The dashboard endpoints `make bench` measures at 10 million responses: add yours here.

Each `Endpoint` names a page (`path` builds its URL from the `BenchContext`), the role that
requests it ("leader" sees the whole organisation, "head" a department head's few
settlements) and, optionally, `raw`: the same figures computed straight from the raw
response rows, which the bench times beside the page for the ratio raw / endpoint. `raw`
runs inside the organisation's scope and must return its result fully evaluated (a list,
not a lazy QuerySet).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.http import urlencode

from civicpulse.analytics.local_days import LocalDate, WeekStart
from civicpulse.core.models import Area, Category, Organization, User
from civicpulse.feedback.models import Response, Touchpoint


@dataclass(frozen=True)
class BenchContext:
    organization: Organization
    zone: ZoneInfo
    now: datetime
    first_day: date  # the seeded year: first_day .. last_day, local days
    last_day: date
    areas: list[Area]
    settlements: list[Area]
    categories: list[Category]
    touchpoints: list[Touchpoint]
    sample_touchpoint: Touchpoint  # the busiest place
    head_touchpoint: Touchpoint  # the busiest place in the department head's scope
    head_areas: list[Area]  # the department head's scope
    leader: User
    head: User

    def url(self, name: str, **kwargs) -> str:
        """A back-office URL of this organisation, e.g. url("backoffice:overview")."""
        return reverse(name, kwargs={"organization": self.organization.slug, **kwargs})


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: Callable[[BenchContext], str]
    user: Literal["leader", "head"] = "leader"
    raw: Callable[[BenchContext], object] | None = None


def raw_settlement_weeks(context: BenchContext) -> list[dict]:
    """Responses, score sum and count per area × local week of the year, from raw rows (the
    issue's "1.3 s on PostgreSQL, 5.4 s on SQLite" figure)."""
    since = datetime.combine(context.first_day, datetime.min.time(), tzinfo=context.zone)
    rows = (
        Response.objects.filter(
            organization=context.organization,
            submitted_at__gte=since,
            touchpoint__isnull=False,
            is_flagged=False,
        )
        .values("touchpoint__area", week=WeekStart(LocalDate("submitted_at", zone=context.zone)))
        .annotate(n=Count("id"), total=Sum("score"))
        .order_by()
    )
    return list(rows)


def _choice(context: BenchContext, user: User, query: dict):
    from civicpulse.analytics.filters import DashboardFilterForm

    membership = user.memberships.get(organization=context.organization)
    form = DashboardFilterForm(query, membership=membership, today=context.now.date())
    return form.choice()


def raw_overview(query: dict, user: str = "leader") -> Callable[[BenchContext], object]:
    """The dashboard overview's figures for `query`, every one from raw rows."""

    def compute(context: BenchContext):
        from civicpulse.analytics.overview import overview
        from civicpulse.analytics.sums import Source

        choice = _choice(context, getattr(context, user), query)
        return overview(choice, today=context.now.date(), source=Source.RAW)

    return compute


def raw_page(builder: str, query: dict, *, dated: bool = False, **options):
    """A dashboard page's figures (`builder`: "module.function" in civicpulse.analytics,
    taking a Choice and `source`, and `today` when `dated`) from raw rows, as the leader."""

    def compute(context: BenchContext):
        from importlib import import_module

        from civicpulse.analytics.sums import Source

        module, function = builder.rsplit(".", 1)
        build = getattr(import_module(f"civicpulse.analytics.{module}"), function)
        choice = _choice(context, context.leader, query)
        if dated:
            options["today"] = context.now.date()
        return build(choice, source=Source.RAW, **options)

    return compute


def dashboard(name: str, query: dict) -> Callable[[BenchContext], str]:
    def path(context: BenchContext) -> str:
        return f"{context.url(name)}?{urlencode(query)}"

    return path


ENDPOINTS: list[Endpoint] = [
    Endpoint(
        name="dashboard, last 30 days",
        path=dashboard("backoffice:dashboard", {"period": "30d"}),
        raw=raw_overview({"period": "30d"}),
    ),
    Endpoint(
        name="dashboard, last 12 months by week",
        path=dashboard("backoffice:dashboard", {"period": "365d"}),
        raw=raw_overview({"period": "365d"}),
    ),
    Endpoint(
        name="dashboard, department head, 90 days",
        path=dashboard("backoffice:dashboard", {"period": "90d"}),
        user="head",
        raw=raw_overview({"period": "90d"}, user="head"),
    ),
    Endpoint(
        name="breakdown by area, 12 months",
        path=dashboard("backoffice:dashboard_breakdown", {"period": "365d", "by": "area"}),
        raw=raw_page("dimensions.breakdown", {"period": "365d"}, by="area"),
    ),
    Endpoint(
        name="breakdown by place, 90 days",
        path=dashboard("backoffice:dashboard_breakdown", {"period": "90d", "by": "touchpoint"}),
        raw=raw_page("dimensions.breakdown", {"period": "90d"}, by="touchpoint"),
    ),
    Endpoint(
        name="compare with the previous period, 90 days",
        path=dashboard("backoffice:dashboard_compare", {"period": "90d"}),
    ),
    Endpoint(
        name="rankings and funnel, 90 days",
        path=dashboard("backoffice:dashboard_rankings", {"period": "90d"}),
        raw=raw_page("ranking.rankings", {"period": "90d"}, dated=True),
    ),
    Endpoint(
        name="over time with the heat map, 12 months",
        path=dashboard("backoffice:dashboard_times", {"period": "365d"}),
        raw=raw_page("times.over_time", {"period": "365d"}),
    ),
    Endpoint(
        name="map, 30 days",
        path=dashboard("backoffice:dashboard_map", {"period": "30d"}),
        raw=raw_page("places_map.places_map", {"period": "30d"}),
    ),
    Endpoint(
        name="comments, latest page",
        path=dashboard("backoffice:dashboard_comments", {"period": "30d"}),
    ),
    Endpoint(
        name="before and after, every intervention",
        path=dashboard("backoffice:dashboard_interventions", {"period": "365d"}),
    ),
    Endpoint(
        name="key drivers, 90 days",
        path=dashboard("backoffice:dashboard_drivers", {"period": "90d"}),
    ),
    Endpoint(
        name="employees, 90 days",
        path=dashboard("backoffice:dashboard_employees", {"period": "90d"}),
        raw=raw_page("employee_ranking.employee_ranking", {"period": "90d"}),
    ),
    Endpoint(
        name="dashboard, live check",
        path=lambda c: c.url("backoffice:dashboard_live"),
    ),
    Endpoint(
        name="back-office overview",
        path=lambda c: c.url("backoffice:overview"),
        user="leader",
        raw=raw_settlement_weeks,
    ),
    Endpoint(
        name="touchpoint results",
        path=lambda c: c.url("backoffice:touchpoint_detail", pk=c.sample_touchpoint.pk),
        user="leader",
    ),
    Endpoint(
        name="back-office overview (department head)",
        path=lambda c: c.url("backoffice:overview"),
        user="head",
    ),
]
