"""Employees ranked with shrunk means, only those rated often enough to be shown."""

from django.utils.translation import gettext as _

from civicpulse.analytics.charts import BarRow, bar_chart
from civicpulse.analytics.employee_ranking import employee_ranking
from civicpulse.analytics.reasons import reason_sentence
from civicpulse.backoffice.views.dashboard import (
    DashboardMixin,
    rounded,
    sums_cells,
    sums_header,
)
from civicpulse.core.tables import Table

CHART_ROWS = 30


def value_range(ranked) -> tuple[float, float]:
    """Around the intervals, so that dots and whiskers use the width (0-10 would squash)."""
    lows = [item.shrunk.low for item in ranked if item.shrunk.low is not None]
    highs = [item.shrunk.high for item in ranked if item.shrunk.high is not None]
    values = [item.shrunk.value for item in ranked]
    low, high = min(lows + values, default=0), max(highs + values, default=10)
    return max(0.0, low - 0.5), min(10.0, high + 0.5)


class DashboardEmployeesView(DashboardMixin):
    permission = "analytics.employees"
    template_name = "backoffice/dashboard/employees.html"
    export_name = "employees"

    @property
    def title(self):
        return _("Employees")

    def figures(self):
        return employee_ranking(self.choice)

    def charts(self, figures):
        ranked = figures.ranked[:CHART_ROWS]
        return {
            "employees": bar_chart(
                [
                    BarRow(
                        item.row.label, item.shrunk, href=f"?{self.choice.query(**item.row.drill)}"
                    )
                    for item in ranked
                ],
                title=_("Employees' shrunk mean scores"),
                value_range=value_range(ranked),
                reference=figures.shrinkage.overall_mean,
                reference_label=_("all employees shown"),
            )
        }

    def tables(self, figures):
        return [
            Table(
                _("Employees"),
                [
                    _("Rank"),
                    _("Employee"),
                    _("Shrunk mean"),
                    _("Shrunk mean, lower limit"),
                    _("Shrunk mean, upper limit"),
                    *sums_header(),
                    _("Previous mean"),
                    _("Change"),
                    _("Change, lower limit"),
                    _("Change, upper limit"),
                ],
                [
                    [
                        rank,
                        item.row.label,
                        rounded(item.shrunk.value),
                        rounded(item.shrunk.low),
                        rounded(item.shrunk.high),
                        *sums_cells(item.sums),
                        rounded(item.previous.mean_value) if item.previous else None,
                        *(
                            rounded(getattr(item.change, name, None))
                            for name in ("value", "low", "high")
                        ),
                    ]
                    for rank, item in enumerate(figures.ranked, start=1)
                ],
            )
        ]

    def get_context_data(self, figures):
        shrinkage = figures.shrinkage
        return super().get_context_data(figures) | {
            "shrinkage_reason": (
                reason_sentence(shrinkage.reason) if shrinkage.too_few and figures.ranked else ""
            ),
        }
