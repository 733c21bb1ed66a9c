"""The analytics dashboard's pages. Each one builds its figures for the member's filters
(`figures`), the charts drawn from them (`charts`) and the tables behind them (`tables`);
the same URL then serves the page, `?export=csv|xlsx` (the tables) and
`?chart=<name>&format=svg|png` (one chart), so every view can be taken away as shown."""

from django.conf import settings
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from django_scopes import scope

from civicpulse.analytics.charts import Chart, chart_download
from civicpulse.analytics.charts.labels import separators_pinned
from civicpulse.analytics.filters import DashboardFilterForm
from civicpulse.analytics.live import live_mark
from civicpulse.analytics.response_exports import (
    XLSX_MOST,
    exported_responses,
    question_keys,
    response_header,
    response_rows,
)
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.backoffice.views.posters import attachment
from civicpulse.core.tables import XLSX, Table, csv_lines, table_csv, tables_xlsx

# (url name, label) of every dashboard page, in the order of the tabs.
TABS = (
    ("dashboard", gettext_lazy("Overview")),
    ("dashboard_breakdown", gettext_lazy("Breakdowns")),
    ("dashboard_compare", gettext_lazy("Compare")),
    ("dashboard_rankings", gettext_lazy("Rankings")),
    ("dashboard_times", gettext_lazy("Over time")),
    ("dashboard_map", gettext_lazy("Map")),
    ("dashboard_comments", gettext_lazy("Comments and photos")),
    ("dashboard_interventions", gettext_lazy("Before and after")),
    ("dashboard_drivers", gettext_lazy("Key drivers")),
    ("dashboard_employees", gettext_lazy("Employees")),
    ("dashboard_cases", gettext_lazy("Cases")),
)
# A tab shows only to members with its own permission, besides the dashboard's.
TAB_PERMISSIONS = {
    "dashboard_cases": "cases.view",
    "dashboard_comments": "responses.view",
    "dashboard_employees": "analytics.employees",
}


class DashboardMixin(OrganizationPermissionMixin, View):
    permission = "analytics.view"
    template_name = ""
    title = ""
    export_name = "dashboard"
    exportable = True  # the page offers its tables as CSV and XLSX

    def figures(self):
        raise NotImplementedError

    def charts(self, figures) -> dict[str, Chart]:
        return {}

    def tables(self, figures) -> list[Table]:
        return []

    def choose(self, request) -> None:
        """The member's filters, read from the query string (wrong values fall back)."""
        self.filter_form = DashboardFilterForm(
            request.GET or None, membership=self.membership, today=timezone.localdate()
        )
        self.choice = self.filter_form.choice()

    def get(self, request, *args, **kwargs):
        with separators_pinned():
            return self.respond(request)

    def respond(self, request):
        self.choose(request)
        figures = self.figures()
        if fmt := request.GET.get("export"):
            return self.export(figures, fmt)
        if name := request.GET.get("chart"):
            drawn = self.charts(figures).get(name)
            if drawn is None:
                raise Http404
            try:
                return chart_download(
                    drawn, fmt=request.GET.get("format", "svg"), filename=self.filename(name)
                )
            except ValueError:
                raise Http404 from None
        return render(request, self.template_name, self.get_context_data(figures))

    def get_context_data(self, figures) -> dict:
        return {
            "title": self.title,
            "figures": figures,
            "charts": self.charts(figures),
            "filter_form": self.filter_form,
            "choice": self.choice,
            "tabs": [
                (name, label)
                for name, label in TABS
                if self.membership.has_permission(TAB_PERMISSIONS.get(name, self.permission))
            ],
            "exportable": self.exportable,
            "live_mark": live_mark(self.organization),
            "can_export_responses": self.membership.has_permission("responses.view"),
            "live_every": settings.DASHBOARD_LIVE_EVERY_MS,
        }

    def filename(self, name: str) -> str:
        choice = self.choice
        return f"{self.organization.slug}-{name}-{choice.start:%Y%m%d}-{choice.end:%Y%m%d}"

    def export(self, figures, fmt: str):
        tables = self.tables(figures)
        if fmt == "xlsx":
            return attachment(
                tables_xlsx(tables),
                content_type=XLSX,
                filename=f"{self.filename(self.export_name)}.xlsx",
            )
        if fmt != "csv" or not tables:
            raise Http404
        try:
            index = int(self.request.GET.get("table", 1)) - 1
            table = tables[index] if index >= 0 else None
        except (ValueError, IndexError):
            table = None
        if table is None:
            raise Http404
        return attachment(
            table_csv(table),
            content_type="text/csv; charset=utf-8",
            filename=f"{self.filename(self.export_name)}-{index + 1}.csv",
        )


class DashboardLiveView(OrganizationPermissionMixin, View):
    """A number the open dashboard polls; when it grows, the page fetches itself again."""

    permission = "analytics.view"

    def get(self, request, *args, **kwargs):
        response = JsonResponse({"mark": live_mark(self.organization)})
        response["Cache-Control"] = "no-store"
        return response


def sums_header() -> list[str]:
    """The columns every export of sums has, after its own label columns."""
    return [
        _("Responses"),
        _("With a score"),
        _("Mean score"),
        _("Mean, lower limit"),
        _("Mean, upper limit"),
        _("Share satisfied (7-10)"),
        _("NPS"),
    ]


def sums_cells(sums) -> list:
    mean, satisfied, nps = sums.mean, sums.satisfied, sums.nps
    return [
        sums.responses,
        sums.scored,
        rounded(mean.value),
        rounded(mean.low),
        rounded(mean.high),
        rounded(satisfied.value, 4),
        rounded(nps.value, 1),
    ]


def rounded(value, digits: int = 2):
    return None if value is None else round(value, digits)


class DashboardResponsesExportView(DashboardMixin):
    """The selection's individual responses about places: CSV streamed whatever its size,
    XLSX up to XLSX_MOST rows (a second sheet says when more were left out)."""

    permission = "responses.view"

    def figures(self):
        return None

    def get(self, request, *args, **kwargs):
        self.choose(request)
        responses = exported_responses(self.choice)
        keys = question_keys(responses)
        header = response_header(keys)
        name = self.filename("responses")
        fmt = request.GET.get("format", "csv")
        if fmt == "csv":

            def lines():
                # Streamed after the view returns, outside the request's scope: in its own.
                with scope(organization=self.organization):
                    yield from csv_lines(header, response_rows(self.choice, keys))

            response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
            return response
        if fmt != "xlsx":
            raise Http404
        rows = list(response_rows(self.choice, keys, most=XLSX_MOST))
        tables = [Table(_("Responses"), header, rows)]
        if len(rows) == XLSX_MOST and (total := responses.count()) > XLSX_MOST:
            note = _("The first %(most)s of %(total)s responses; the CSV download has them all.")
            tables.append(
                Table(_("About"), [_("Note")], [[note % {"most": XLSX_MOST, "total": total}]])
            )
        return attachment(tables_xlsx(tables), content_type=XLSX, filename=f"{name}.xlsx")
