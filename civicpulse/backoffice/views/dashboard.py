"""The analytics dashboard's pages. Each one builds its figures for the member's filters
(`figures`), the charts drawn from them (`charts`) and the tables behind them (`tables`);
the same URL then serves the page, `?export=csv|xlsx` (the tables) and
`?chart=<name>&format=svg|png` (one chart), so every view can be taken away as shown."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from civicpulse.analytics.charts import Chart, chart_download
from civicpulse.analytics.filters import DashboardFilterForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.backoffice.views.posters import attachment
from civicpulse.core.tables import XLSX, Table, table_csv, tables_xlsx

TABS = (
    ("dashboard", gettext_lazy("Overview")),
    ("dashboard_breakdown", gettext_lazy("Breakdowns")),
    ("dashboard_compare", gettext_lazy("Compare")),
    ("dashboard_rankings", gettext_lazy("Rankings")),
)


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

    def get(self, request, *args, **kwargs):
        self.filter_form = DashboardFilterForm(
            request.GET or None, membership=self.membership, today=timezone.localdate()
        )
        self.choice = self.filter_form.choice()
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
                if name != "dashboard_employees"
                or self.membership.has_permission("analytics.employees")
            ],
            "exportable": self.exportable,
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
        _rounded(mean.value),
        _rounded(mean.low),
        _rounded(mean.high),
        _rounded(satisfied.value, 4),
        _rounded(nps.value, 1),
    ]


def _rounded(value, digits: int = 2):
    return None if value is None else round(value, digits)
