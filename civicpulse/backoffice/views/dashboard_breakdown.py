"""The period's figures by category, area, place, channel or language, with each row's
change against the previous period."""

from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext as _

from civicpulse.analytics.charts import BarRow, bar_chart
from civicpulse.analytics.dimensions import NEXT, Dimension, breakdown
from civicpulse.backoffice.forms.dashboard import BreakdownForm
from civicpulse.backoffice.views.dashboard import rounded, sums_cells, sums_header
from civicpulse.backoffice.views.dashboard_page import DashboardPageMixin
from civicpulse.core.tables import Table

SCORE_RANGE = (0, 10)
CHART_ROWS = 30  # places with most responses
# The table lists the rows with most responses unless asked for all (exports carry all):
# hundreds of places make a page nobody reads to the end, and cost a second to write.
SHOWN_ROWS = 50


class DashboardBreakdownView(DashboardPageMixin):
    template_name = "backoffice/dashboard/breakdown.html"
    export_name = "breakdown"
    page_form_class = BreakdownForm

    @property
    def title(self):
        return _("Breakdowns")

    def page_figures(self):
        return breakdown(self.choice, Dimension(self.form.value("by")))

    def drill(self, row) -> str | None:
        """The narrowed dashboard: the next breakdown down, or a place's overview."""
        if row.drill is None:
            return None
        following = NEXT[Dimension(self.form.value("by"))]
        if following is None:
            return self.overview + f"?{self.choice.query(**row.drill, by=None, all=None)}"
        return f"?{self.choice.query(**row.drill, by=following.value, all=None)}"

    def url(self, name: str, **kwargs) -> str:
        return reverse(
            f"backoffice:{name}", kwargs={"organization": self.organization.slug, **kwargs}
        )

    @cached_property
    def overview(self) -> str:
        return self.url("dashboard")

    def results(self, pk: int) -> str:
        """A place's results page: reversed once, as every place of hundreds has one."""
        if not hasattr(self, "_results"):
            head, _mark, tail = self.url("touchpoint_detail", pk=0).rpartition("/0/")
            self._results = (f"{head}/", f"/{tail}")
        head, tail = self._results
        return f"{head}{pk}{tail}"

    def charts(self, figures):
        rows = figures.rows
        if figures.by == Dimension.TOUCHPOINT:
            rows = rows[:CHART_ROWS]
        return {
            "breakdown": bar_chart(
                [
                    BarRow(item.row.label, item.row.sums.mean, href=self.drill(item.row))
                    for item in rows
                ],
                title=_("Mean score by %(dimension)s") % {"dimension": figures.by.label.lower()},
                value_range=SCORE_RANGE,
                reference=figures.total.mean.value,
                reference_label=_("whole selection"),
            )
        }

    def tables(self, figures):
        return [
            Table(
                _("By %(dimension)s") % {"dimension": figures.by.label.lower()},
                [
                    figures.by.label,
                    *sums_header(),
                    _("Previous period: responses"),
                    _("Previous period: mean score"),
                    _("Change in mean"),
                    _("Change, lower limit"),
                    _("Change, upper limit"),
                ],
                [
                    [
                        item.row.label,
                        *sums_cells(item.row.sums),
                        item.previous.responses,
                        rounded(item.previous.mean_value),
                        rounded(item.change.value),
                        rounded(item.change.low),
                        rounded(item.change.high),
                    ]
                    for item in figures.rows
                ],
            )
        ]

    def get_context_data(self, figures):
        is_places = figures.by == Dimension.TOUCHPOINT
        shortens = len(figures.rows) > SHOWN_ROWS
        shown = figures.rows if self.form.value("all") else figures.rows[:SHOWN_ROWS]
        return super().get_context_data(figures) | {
            "rows": [
                (
                    item,
                    self.drill(item.row),
                    self.results(item.row.key) if is_places else None,
                )
                for item in shown
            ],
            "left_out": len(figures.rows) - len(shown),
            "total_rows": len(figures.rows),
            "shortens": shortens,
            "shown_rows": SHOWN_ROWS,
            "chart_rows": CHART_ROWS if is_places and len(figures.rows) > CHART_ROWS else None,
        }
