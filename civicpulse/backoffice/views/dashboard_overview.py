"""The dashboard's first page: how the period went, against the one before."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicpulse.analytics.charts import BarRow, SeriesPoint, bar_chart, line_chart
from civicpulse.analytics.overview import overview
from civicpulse.analytics.sums import Period, Unit
from civicpulse.backoffice.views.dashboard import DashboardMixin, sums_cells, sums_header
from civicpulse.core.tables import Table

SCORE_RANGE = (0, 10)
BREAKDOWN_ROWS = 12


def period_label(start, unit: Unit) -> str:
    if unit == Unit.MONTH:
        return formats.date_format(start, "YEAR_MONTH_FORMAT")
    return formats.date_format(start, "SHORT_DATE_FORMAT")


def partial_note(period: Period, today) -> str:
    """What part of its day, week or month a series' bucket covers, when not all of it."""
    coverage = period.coverage(today)
    if coverage is None:
        return ""
    days, whole = coverage
    if period.unit == Unit.DAY:
        return _("so far")
    if period.end >= today:
        return ngettext(
            "%(days)s of %(whole)s day so far", "%(days)s of %(whole)s days so far", whole
        ) % {"days": days, "whole": whole}
    return ngettext("%(days)s of %(whole)s day", "%(days)s of %(whole)s days", whole) % {
        "days": days,
        "whole": whole,
    }


def series_points(periods: list[Period], today, value) -> list[SeriesPoint]:
    """Chart points of a series, partial buckets marked; `value` gives a bucket's estimate."""
    return [
        SeriesPoint(
            period.start,
            period_label(period.start, period.unit),
            value(period),
            partial=partial_note(period, today),
        )
        for period in periods
    ]


class DashboardView(DashboardMixin):
    template_name = "backoffice/dashboard/overview.html"
    export_name = "overview"

    @property
    def title(self):
        return _("Dashboard")

    def figures(self):
        self.today = timezone.localdate()
        return overview(self.choice, today=self.today)

    def charts(self, figures):
        cells = figures.cells
        mean = figures.headline.current.mean.value
        return {
            "trend": line_chart(
                series_points(figures.series, self.today, lambda period: period.sums.mean),
                title=_("Mean score by %(unit)s") % {"unit": self.choice.unit.label},
                value_label=_("Mean score (0-10)"),
            ),
            "categories": self.bars(cells.by_category(), _("Mean score by category"), mean),
            "areas": self.bars(cells.by_area(), _("Mean score by area"), mean),
        }

    def bars(self, rows, title, reference):
        return bar_chart(
            [
                BarRow(row.label, row.sums.mean, href=self.drill(row))
                for row in rows[:BREAKDOWN_ROWS]
            ],
            title=title,
            value_range=SCORE_RANGE,
            reference=reference,
            reference_label=_("whole selection"),
        )

    def drill(self, row) -> str | None:
        if row.drill is None:
            return None
        return f"?{self.choice.query(**row.drill)}"

    def tables(self, figures):
        cells = figures.cells
        header = sums_header()
        return [
            Table(
                _("Over time"),
                [_("From"), _("To"), _("Part of the period"), *header],
                [
                    [p.start, p.end, partial_note(p, self.today), *sums_cells(p.sums)]
                    for p in figures.series
                ],
            ),
            *(
                Table(title, [_("Group"), *header], [[r.label, *sums_cells(r.sums)] for r in rows])
                for title, rows in (
                    (_("By category"), cells.by_category()),
                    (_("By area"), cells.by_area()),
                    (_("By channel"), cells.by_channel()),
                    (_("By language"), cells.by_language()),
                    (_("By touchpoint"), cells.by_touchpoint(kind="place")),
                )
            ),
        ]

    def get_context_data(self, figures):
        cells = figures.cells
        return super().get_context_data(figures) | {
            "breakdowns": [
                ("channel", _("By channel"), cells.by_channel()),
                ("language", _("By language"), cells.by_language()),
            ],
        }
