"""The dashboard's aggregate figures through the REST API: a summary, a breakdown by one
dimension and a series, for the client's own organisation.

The query parameters are read by the dashboard's own filter form (analytics.filters), for
the whole organisation, and the figures come from the same functions as the dashboard's
pages, so both always agree. Unlike a page, which falls back to defaults, the API refuses
a wrong parameter with 400 and a message per field that never repeats the value sent.
Employees rated fewer times than the organisation's threshold are left out of everything.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from civicpulse.analytics.breakdowns import PeriodCells, Row, period_cells, without_hidden
from civicpulse.analytics.filters import LANGUAGES, PERIODS, Choice, DashboardFilterForm
from civicpulse.analytics.history import organization_today
from civicpulse.analytics.overview import series
from civicpulse.analytics.sums import Unit
from civicpulse.api.figures_serializers import (
    BreakdownSerializer,
    SeriesSerializer,
    SummarySerializer,
    sums_data,
)
from civicpulse.api.views import OrganizationApiView
from civicpulse.core.models import Membership, Role
from civicpulse.feedback.models import Channel

PARAMETERS = (
    "period",
    "since",
    "until",
    "area",
    "category",
    "channel",
    "language",
    "touchpoint",
    "unit",
)
DIMENSIONS = ("category", "area", "touchpoint", "channel", "language")
ERRORS = OpenApiResponse(description="Invalid parameters: {detail, errors: {field: [messages]}}")

FILTERS = [
    OpenApiParameter("period", enum=list(PERIODS), description="A named period (default 30d)."),
    OpenApiParameter("since", OpenApiTypes.DATE, description="First local day; with `until`."),
    OpenApiParameter("until", OpenApiTypes.DATE, description="Last local day (default today)."),
    OpenApiParameter("area", OpenApiTypes.INT, description="An area's id, with its sub-areas."),
    OpenApiParameter("category", OpenApiTypes.INT, description="A category's id."),
    OpenApiParameter("channel", enum=Channel.values),
    OpenApiParameter("language", enum=[code for code, _name in LANGUAGES]),
    OpenApiParameter("touchpoint", OpenApiTypes.INT, description="A touchpoint's id."),
]


def organization_wide(organization) -> Membership:
    """The client sees its whole organisation, as a leader does: a membership never saved,
    so the dashboard's filters (which narrow by a member's scope) apply unchanged."""
    return Membership(organization=organization, role=Role.LEADER)


def _messages(form) -> dict[str, list[str]]:
    """The form's errors without the values sent (a choice's message repeats it)."""
    errors = {}
    for name, problems in form.errors.as_data().items():
        errors[name] = [
            _("Not one of the allowed values.")
            if problem.code == "invalid_choice"
            else " ".join(problem.messages)
            for problem in problems
        ]
    return errors


def figures_choice(*, organization, params) -> Choice:
    """The query parameters as the dashboard's Choice, or a 400 naming the wrong ones."""
    today = organization_today(organization)
    data = {name: params[name] for name in PARAMETERS if name in params}
    if ("since" in data or "until" in data) and "period" not in data:
        data["period"] = "custom"
        data.setdefault("until", today.isoformat())
    form = DashboardFilterForm(data, membership=organization_wide(organization), today=today)
    if not form.is_valid():
        raise serializers.ValidationError(_messages(form))
    choice = form.choice()
    if data.get("unit") and choice.unit != data["unit"]:
        raise serializers.ValidationError(
            {"unit": [_("Too many points for this period: choose a longer unit.")]}
        )
    return choice


def _period(choice: Choice) -> dict:
    return {"since": choice.start, "until": choice.end}


def _row_data(row: Row) -> dict:
    return {
        "key": str(row.key),
        "label": str(row.label),
        "kind": row.place.kind if row.place else None,
        **sums_data(row.sums),
    }


def _rows(cells: PeriodCells, dimension: str) -> list[Row]:
    return {
        "category": cells.by_category,
        "area": cells.by_area,
        "touchpoint": cells.by_touchpoint,
        "channel": cells.by_channel,
        "language": cells.by_language,
    }[dimension]()


class FiguresSummaryView(OrganizationApiView):
    serializer_class = SummarySerializer

    @extend_schema(
        summary="Headline figures for a period",
        parameters=FILTERS,
        responses={200: SummarySerializer, 400: ERRORS},
    )
    def get(self, request):
        choice = figures_choice(organization=self.organization, params=request.query_params)
        cells = period_cells(choice)
        return Response(SummarySerializer({**_period(choice), **sums_data(cells.total())}).data)


class FiguresByView(OrganizationApiView):
    serializer_class = BreakdownSerializer

    @extend_schema(
        summary="Figures by category, area, touchpoint, channel or language",
        description=(
            "One row per value with responses, most responses first. `area` gives the areas "
            "one level below the chosen `area` (or the top-level areas), each with its whole "
            'subtree; key "0" holds places right at the chosen area or without one. '
            "`touchpoint` rows carry their kind; employees rated fewer times than the "
            "organisation's threshold are left out, here and from every total."
        ),
        parameters=[
            OpenApiParameter("dimension", location=OpenApiParameter.PATH, enum=DIMENSIONS),
            *FILTERS,
        ],
        responses={200: BreakdownSerializer, 400: ERRORS},
    )
    def get(self, request, dimension):
        if dimension not in DIMENSIONS:
            raise serializers.ValidationError({"dimension": [_("Not one of the allowed values.")]})
        choice = figures_choice(organization=self.organization, params=request.query_params)
        rows = _rows(period_cells(choice), dimension)
        body = {**_period(choice), "dimension": dimension, "rows": [_row_data(r) for r in rows]}
        return Response(BreakdownSerializer(body).data)


class FiguresSeriesView(OrganizationApiView):
    serializer_class = SeriesSerializer

    @extend_schema(
        summary="Figures per day, week or month",
        parameters=[
            *FILTERS,
            OpenApiParameter(
                "unit",
                enum=Unit.values,
                description="Default: days up to 92 days, weeks up to 550, then months.",
            ),
        ],
        responses={200: SeriesSerializer, 400: ERRORS},
    )
    def get(self, request):
        choice = figures_choice(organization=self.organization, params=request.query_params)
        cells = period_cells(choice)
        points = series(without_hidden(cells.selection, cells), choice.unit)
        today = organization_today(self.organization)
        body = {
            **_period(choice),
            "unit": choice.unit.value,
            "points": [
                {
                    "start": point.start,
                    "end": point.end,
                    "partial": point.coverage(today) is not None,
                    **sums_data(point.sums),
                }
                for point in points
            ],
        }
        return Response(SeriesSerializer(body).data)
