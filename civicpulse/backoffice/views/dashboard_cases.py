"""The signals portal's figures on the dashboard, for the same period, area and category:
how many cases came, how fast they were answered and how many on time, by department."""

from django.utils import translation
from django.utils.translation import gettext as _

from civicpulse.analytics.charts import BarRow, bar_chart
from civicpulse.analytics.statistics.summaries import wilson_interval
from civicpulse.analytics.sums import local_bounds
from civicpulse.backoffice.views.dashboard import DashboardMixin
from civicpulse.cases.figures import case_figures, figures_tables
from civicpulse.cases.selectors import cases_visible_to


def on_time_estimate(figures):
    return wilson_interval(successes=figures.on_time, n=figures.answered)


class DashboardCasesView(DashboardMixin):
    template_name = "backoffice/dashboard/cases.html"
    export_name = "cases"

    @property
    def title(self):
        return _("Cases")

    def figures(self):
        cases = cases_visible_to(membership=self.membership)
        if self.choice.area is not None:
            cases = cases.filter(area__path__startswith=self.choice.area.path)
        if self.choice.category is not None:
            cases = cases.filter(category=self.choice.category)
        since, until = local_bounds(self.choice.selection())
        return case_figures(
            cases=cases,
            since=since,
            until=until,
            language=translation.get_language(),
            over="department",
        )

    def charts(self, figures):
        return {
            "on_time": bar_chart(
                [
                    BarRow(row.label, on_time_estimate(row.figures))
                    for row in figures.by_department
                    if row.figures.answered
                ],
                title=_("Share answered on time, by department"),
                value_range=(0, 1),
                reference=figures.total.on_time_share,
                reference_label=_("all departments"),
                value_format=lambda value: f"{round(100 * value)} %",
            )
        }

    def tables(self, figures):
        return figures_tables(figures)

    def get_context_data(self, figures):
        return super().get_context_data(figures) | {
            "on_time": on_time_estimate(figures.total),
            "breakdowns": [
                (_("By department"), figures.by_department),
                (_("By kind"), figures.by_kind),
                (_("By category"), figures.by_category),
                (_("By area"), figures.by_area),
            ],
        }
