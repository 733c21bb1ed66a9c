"""Areas against areas, categories against categories, this period against another: each
item's figures with intervals, and its difference from the first in words."""

from django.utils import formats
from django.utils.translation import gettext as _

from civicpulse.analytics.charts import BarRow, bar_chart
from civicpulse.analytics.charts.labels import confidence_label, percent
from civicpulse.analytics.compare import (
    compare_areas,
    compare_categories,
    compare_periods,
    difference_words,
    year_before,
)
from civicpulse.backoffice.forms.dashboard import Against, CompareForm, CompareWhat
from civicpulse.backoffice.views.dashboard import rounded, sums_cells, sums_header
from civicpulse.backoffice.views.dashboard_page import DashboardPageMixin
from civicpulse.core.tables import Table

FIELDS = {
    CompareWhat.AREAS: ("areas",),
    CompareWhat.CATEGORIES: ("categories",),
    CompareWhat.PERIODS: ("against", "against_since", "against_until"),
}


class DashboardCompareView(DashboardPageMixin):
    template_name = "backoffice/dashboard/compare.html"
    export_name = "comparison"

    @property
    def title(self):
        return _("Compare")

    def page_form(self):
        return CompareForm(self.request.GET or None, membership=self.membership, today=self.today)

    def page_figures(self):
        """The comparison asked for, or None when what it needs is wrong (the form says why)."""
        form, choice = self.form, self.choice
        what = CompareWhat(form.value("what"))
        if form.is_bound and (form.errors.keys() & {"what", *FIELDS[what]}):
            return None
        if what == CompareWhat.AREAS:
            return compare_areas(choice, form.value("areas"))
        if what == CompareWhat.CATEGORIES:
            return compare_categories(choice, form.value("categories"))
        against = Against(form.value("against"))
        if against == Against.DATES:
            start, end = form.value("against_since"), form.value("against_until")
        elif against == Against.YEAR:
            start, end = year_before(choice.start), year_before(choice.end)
        else:
            previous = choice.selection().previous()
            start, end = previous.start, previous.end
        return compare_periods(choice, start, end)

    def charts(self, figures):
        if figures is None:
            return {}
        sides = figures.sides
        confidence = {"confidence": confidence_label(0.95)}
        return {
            "means": bar_chart(
                [BarRow(self.label(side), side.sums.mean) for side in sides],
                title=_("Mean score (0-10) with %(confidence)s intervals") % confidence,
                value_range=_range([side.sums.mean for side in sides], (0, 10)),
            ),
            "satisfied": bar_chart(
                [BarRow(self.label(side), side.sums.satisfied) for side in sides],
                title=_("Share satisfied (7-10) with %(confidence)s intervals") % confidence,
                value_range=_range([side.sums.satisfied for side in sides], (0, 1)),
                value_format=lambda value: percent(100 * value),
            ),
        }

    def label(self, side) -> str:
        if side.key in ("current", "other"):
            start, end = (
                formats.date_format(day, "SHORT_DATE_FORMAT") for day in (side.start, side.end)
            )
            return f"{side.label} ({start}–{end})"
        return side.label

    def tables(self, figures):
        if figures is None:
            return [Table(_("Comparison"), [_("Item"), *sums_header()], [])]
        header = [
            _("Item"),
            _("From"),
            _("To"),
            *sums_header(),
            _("Mean: difference from the first"),
            _("Lower limit"),
            _("Upper limit"),
            _("p-value"),
            _("Satisfied: difference from the first"),
            _("Lower limit"),
            _("Upper limit"),
            _("p-value"),
        ]
        first = figures.first
        rows = [[first.label, first.start, first.end, *sums_cells(first.sums), *[None] * 8]]
        for contrast in figures.contrasts:
            side = contrast.side
            rows.append(
                [
                    side.label,
                    side.start,
                    side.end,
                    *sums_cells(side.sums),
                    *_difference_cells(contrast.mean, 2),
                    *_difference_cells(contrast.satisfied, 4),
                ]
            )
        return [Table(_("Comparison"), header, rows)]

    def get_context_data(self, figures):
        context = super().get_context_data(figures)
        if figures is not None:
            context["contrasts"] = [
                (
                    contrast,
                    difference_words(contrast.mean),
                    difference_words(contrast.satisfied, scale=100, decimals=0),
                )
                for contrast in figures.contrasts
            ]
        return context


def _difference_cells(difference, digits):
    p_value = None if difference.p_value is None else round(difference.p_value, 4)
    return [
        rounded(difference.value, digits),
        rounded(difference.low, digits),
        rounded(difference.high, digits),
        p_value,
    ]


def _range(estimates, bounds: tuple[float, float]) -> tuple[float, float]:
    """The intervals' span with a margin, within `bounds`: dots and whiskers, not bars."""
    ends = [
        end
        for estimate in estimates
        for end in (estimate.low, estimate.high, estimate.value)
        if end is not None
    ]
    if not ends:
        return bounds
    margin = (bounds[1] - bounds[0]) / 20
    return max(bounds[0], min(ends) - margin), min(bounds[1], max(ends) + margin)
