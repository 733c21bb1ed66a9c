"""Places ranked fairly, a funnel plot of every place, and what needs attention."""

from dataclasses import dataclass
from functools import cached_property, partial

from django.urls import reverse
from django.utils.translation import gettext as _

from civicpulse.analytics.charts import BarRow, FunnelPoint, bar_chart, funnel_plot
from civicpulse.analytics.charts.funnels import position_meaning
from civicpulse.analytics.ranking import MIN_RANKED, Order, rankings
from civicpulse.analytics.statistics.estimates import Estimate
from civicpulse.analytics.statistics.rankings import funnel_limits_mean
from civicpulse.backoffice.forms.dashboard import RankingForm
from civicpulse.backoffice.views.dashboard import rounded
from civicpulse.backoffice.views.dashboard_page import DashboardPageMixin
from civicpulse.core.tables import Table

SCORE_RANGE = (0, 10)
CHART_ROWS = 30  # the best places in the chart
# The page lists the best and the worst places unless asked for all (exports carry all):
# a list of hundreds is long to read and slow to draw.
SHOWN_EACH_END = 20
SHOWN_WHOLE = 45  # up to this many, every place is listed anyway


@dataclass(frozen=True)
class Shortened:
    """A list's first and last items with their positions (1-based); `left_out` between."""

    first: list[tuple[int, object]]
    last: list[tuple[int, object]]
    left_out: int

    @property
    def rows(self) -> list[tuple[int | None, object]]:
        """The items shown, with (None, None) where the left-out ones would be."""
        return [*self.first, *([(None, None)] if self.left_out else []), *self.last]

    @property
    def total(self) -> int:
        return len(self.first) + self.left_out + len(self.last)


def shortened(items: list, *, everything: bool = False) -> Shortened:
    numbered = list(enumerate(items, start=1))
    if everything or len(items) <= SHOWN_WHOLE:
        return Shortened(numbered, [], 0)
    return Shortened(
        numbered[:SHOWN_EACH_END],
        numbered[-SHOWN_EACH_END:],
        len(items) - 2 * SHOWN_EACH_END,
    )


class DashboardRankingsView(DashboardPageMixin):
    template_name = "backoffice/dashboard/rankings.html"
    export_name = "rankings"
    page_form_class = RankingForm

    @property
    def title(self):
        return _("Rankings")

    def page_figures(self):
        return rankings(
            self.choice,
            today=self.today,
            order=Order(self.form.value("order")),
            attention_limit=self.form.value("limit"),
        )

    def drill(self, row) -> str:
        """The dashboard's overview narrowed to the place (kept: the funnel, the tables and
        the lists all link every place)."""
        drills = self.__dict__.setdefault("_drills", {})
        if row.key not in drills:
            query = self.choice.query(**row.drill, order=None, limit=None, all=None)
            drills[row.key] = f"{self.overview}?{query}"
        return drills[row.key]

    @cached_property
    def overview(self) -> str:
        return reverse("backoffice:dashboard", kwargs={"organization": self.organization.slug})

    def charts(self, figures):
        if figures.funnel_sd is None:
            limits = partial(funnel_limits_mean, overall_mean=0, sd=0)
            centre = 0
        else:
            centre = figures.shrinkage.overall_mean
            limits = partial(funnel_limits_mean, overall_mean=centre, sd=figures.funnel_sd)
        return {
            "ranking": bar_chart(
                [
                    BarRow(
                        place.row.label,
                        Estimate(place.shrunk.value, place.shrunk.low, place.shrunk.high, place.n),
                        href=self.drill(place.row),
                    )
                    for place in figures.ranked[:CHART_ROWS]
                ],
                title=_("Shrunk mean score of the ranked places"),
                value_range=SCORE_RANGE,
                reference=figures.shrinkage.overall_mean,
                reference_label=_("all places"),
            ),
            "funnel": funnel_plot(
                [
                    FunnelPoint(
                        place.row.label, place.n, place.shrunk.raw_mean, self.drill(place.row)
                    )
                    for place in figures.places
                ],
                centre=centre,
                limits=limits,
                value_range=SCORE_RANGE,
                title=_("Mean score of each place against its number of ratings"),
            ),
        }

    def tables(self, figures):
        header = [
            _("Rank"),
            _("Place"),
            _("Ratings (n)"),
            _("Mean score"),
            _("Shrunk mean"),
            _("Shrunk mean, lower limit"),
            _("Shrunk mean, upper limit"),
            _("Share satisfied, lower bound"),
            _("Against the funnel limits"),
        ]

        def cells(rank, place):
            return [
                rank,
                place.row.label,
                place.n,
                rounded(place.shrunk.raw_mean),
                rounded(place.shrunk.value),
                rounded(place.shrunk.low),
                rounded(place.shrunk.high),
                rounded(place.wilson_low, 4),
                position_meaning(place.funnel),
            ]

        return [
            Table(
                _("Ranked places"),
                header,
                [cells(rank, place) for rank, place in enumerate(figures.ranked, start=1)],
            ),
            Table(
                _("Too few ratings to rank"),
                header,
                [cells(None, place) for place in figures.too_few],
            ),
        ]

    def get_context_data(self, figures):
        outside = figures.outside()
        everything = self.form.value("all")
        return super().get_context_data(figures) | {
            "min_ranked": MIN_RANKED,
            "shown_each_end": SHOWN_EACH_END,
            "shortens": everything and max(len(figures.ranked), len(figures.too_few)) > SHOWN_WHOLE,
            "ranked": shortened(figures.ranked, everything=everything),
            "too_few": shortened(figures.too_few, everything=everything),
            "links": {
                row.key: self.drill(row)
                for row in [
                    *(place.row for place in figures.places),
                    *figures.trends.places.values(),
                ]
            },
            "outside": [
                (position_meaning(position), places) for position, places in outside.items()
            ],
        }
