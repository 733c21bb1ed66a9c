"""The dashboard's "Over time" page: the series with interventions marked, and the hour ×
weekday heat map."""

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from civicpulse.analytics.charts import heat_map, line_chart
from civicpulse.analytics.charts.labels import count
from civicpulse.analytics.statistics.estimates import Estimate
from civicpulse.analytics.sums import HOURS
from civicpulse.analytics.times import over_time
from civicpulse.backoffice.views.dashboard import DashboardMixin, sums_cells, sums_header
from civicpulse.backoffice.views.dashboard_overview import partial_note, series_points
from civicpulse.core.tables import Table


class DashboardTimesView(DashboardMixin):
    template_name = "backoffice/dashboard/times.html"
    export_name = "over-time"

    @property
    def title(self):
        return _("Over time")

    def figures(self):
        self.today = timezone.localdate()
        return over_time(self.choice)

    def charts(self, figures):
        unit = figures.unit
        markers = [(marker.day, marker.label) for marker in figures.markers]
        counts = [period.sums.responses for period in figures.periods]
        heat = figures.heat
        return {
            "means": line_chart(
                series_points(figures.periods, self.today, lambda period: period.sums.mean),
                title=_("Mean score by %(unit)s") % {"unit": unit.label},
                value_label=_("Mean score (0-10)"),
                markers=markers,
            ),
            "counts": line_chart(
                # A count is exact: no interval, and never drawn hollow for its size.
                series_points(
                    figures.periods,
                    self.today,
                    lambda period: Estimate(
                        period.sums.responses, None, None, period.sums.responses
                    ),
                ),
                title=_("Responses by %(unit)s") % {"unit": unit.label},
                value_label=_("Responses"),
                value_range=(0, max(counts, default=0) or 1),
                markers=markers,
                small_n=0,
                value_format=lambda value: count(round(value)),
            ),
            "hours": heat_map(
                heat.counts, heat.means, title=_("Scored responses by weekday and hour")
            ),
        }

    def tables(self, figures):
        heat = figures.heat
        return [
            Table(
                _("Over time"),
                [_("From"), _("To"), _("Part of the period"), *sums_header()],
                [
                    [p.start, p.end, partial_note(p, self.today), *sums_cells(p.sums)]
                    for p in figures.periods
                ],
            ),
            Table(
                _("Weekday and hour"),
                [_("Weekday"), *(str(hour) for hour in HOURS)],
                [
                    [str(WEEKDAYS[day]), *(int(n) for n in heat.counts[day])]
                    for day in range(len(heat.counts))
                ],
            ),
        ]
