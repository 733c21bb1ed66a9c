"""The signals portal in figures: volumes, time to answer, the share answered on time."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from civicpulse.backoffice.forms.results import ResultsPeriodForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.backoffice.views.posters import attachment
from civicpulse.cases.figures import (
    OVER_TIME_BY,
    case_figures,
    figures_table,
    figures_tables,
)
from civicpulse.cases.selectors import cases_visible_to
from civicpulse.core.tables import XLSX, table_csv, tables_xlsx


class CaseFiguresMixin(OrganizationPermissionMixin):
    permission = "cases.view"

    def figures(self):
        self.period_form = ResultsPeriodForm(self.request.GET or None)
        since, until = self.period_form.period()
        self.over = self.request.GET.get("over")
        if self.over not in OVER_TIME_BY:
            self.over = "kind"
        return case_figures(
            cases=cases_visible_to(membership=self.membership),
            since=since,
            until=until,
            language=translation.get_language(),
            over=self.over,
        )


class CaseFiguresView(CaseFiguresMixin, TemplateView):
    template_name = "backoffice/cases/figures.html"

    def get_context_data(self, **kwargs):
        figures = self.figures()
        breakdowns = [
            (_("By kind"), figures.by_kind),
            (_("By department"), figures.by_department),
            (_("By category"), figures.by_category),
            (_("By area"), figures.by_area),
            (_("By month of registration"), figures.by_month),
        ]
        peak = max((row.figures.registered for row in figures.by_month), default=0)
        over_choices = [
            ("kind", _("kind")),
            ("department", _("department")),
            ("category", _("category")),
            ("area", _("area")),
        ]
        return super().get_context_data(
            figures=figures,
            breakdowns=breakdowns,
            peak=peak,
            period_form=self.period_form,
            over=self.over,
            over_choices=over_choices,
            **kwargs,
        )


class CaseFiguresExportView(CaseFiguresMixin, View):
    """The page's figures as CSV (every breakdown in one table) or XLSX (a sheet each)."""

    def get(self, request, *args, **kwargs):
        figures = self.figures()
        name = f"{self.organization.slug}-case-figures"
        if request.GET.get("format") == "xlsx":
            return attachment(
                tables_xlsx(figures_tables(figures)), content_type=XLSX, filename=f"{name}.xlsx"
            )
        return attachment(
            table_csv(figures_table(figures)),
            content_type="text/csv; charset=utf-8",
            filename=f"{name}.csv",
        )
