"""Before and after: one intervention's effect, and the dashboard's list of them all."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from civicpulse.analytics.charts import SeriesPoint, line_chart
from civicpulse.analytics.filters import query_string
from civicpulse.analytics.intervention_effects import (
    DEFAULT_WEEKS,
    FEWEST_WEEKS,
    MOST_WEEKS,
    change_sentence,
    intervention_effect,
    interventions_summary,
)
from civicpulse.analytics.interventions import interventions_visible_to
from civicpulse.analytics.reasons import reason_sentence
from civicpulse.analytics.sums import Sums
from civicpulse.backoffice.views.dashboard import DashboardMixin, sums_cells, sums_header
from civicpulse.core.tables import Table

LISTED = 50  # the latest interventions on the dashboard's list


@dataclass(frozen=True)
class EffectLinks:
    """Stands in for the dashboard's `Choice` in links: keeps the window and the channel."""

    weeks: int
    channel: str

    def query(self, **changes) -> str:
        values = {"weeks": self.weeks, "channel": self.channel or None} | changes
        return query_string(values)


def week_label(week) -> str:
    return formats.date_format(week, "SHORT_DATE_FORMAT")


def side_label(window, week) -> str:
    side = window.side(week)
    return _("transition") if side is None else (_("after") if side else _("before"))


def effect_cells(effect) -> list:
    """Estimate, standard error, limits and p-value; blanks when there is no estimate."""
    if effect is None:
        return [None] * 5
    return [
        round(effect.estimate, 3),
        round(effect.se, 3),
        round(effect.low, 3),
        round(effect.high, 3),
        round(effect.p_value, 4),
    ]


class InterventionEffectView(DashboardMixin):
    permission = "interventions.view"
    template_name = "backoffice/dashboard/intervention_effect.html"
    export_name = "intervention"

    @property
    def title(self):
        return _("Before and after: %(title)s") % {"title": self.intervention.title}

    def weeks(self) -> int:
        raw = self.request.GET.get("weeks", "")
        if not raw:
            return DEFAULT_WEEKS
        if raw.isdigit() and FEWEST_WEEKS <= int(raw) <= MOST_WEEKS:
            return int(raw)
        self.problems.append(
            _("Choose a window of %(low)s to %(high)s weeks; showing %(default)s.")
            % {"low": FEWEST_WEEKS, "high": MOST_WEEKS, "default": DEFAULT_WEEKS}
        )
        return DEFAULT_WEEKS

    def figures(self):
        self.problems = []
        self.intervention = get_object_or_404(
            interventions_visible_to(membership=self.membership), pk=self.kwargs["pk"]
        )
        return intervention_effect(
            self.intervention,
            membership=self.membership,
            today=timezone.localdate(),
            weeks=self.weeks(),
            channel=self.choice.channel,
        )

    def filename(self, name):
        return f"{self.organization.slug}-{name}-{self.intervention.pk}"

    def charts(self, figures):
        return {
            "weekly": line_chart(
                [SeriesPoint(week, week_label(week), sums.mean) for week, sums in figures.series],
                title=_("Weekly mean score before and after %(date)s")
                % {"date": formats.date_format(figures.intervention.started_on)},
                value_label=_("Mean score (0-10)"),
                markers=[(figures.intervention.started_on, figures.intervention.title)],
            )
        }

    def tables(self, figures):
        window = figures.window
        compared = dict(figures.comparison_series)
        its, did = figures.its, figures.did
        its_n = its.n_before + its.n_after
        did_n = sum(
            (
                did.n_treated_before,
                did.n_treated_after,
                did.n_comparison_before,
                did.n_comparison_after,
            )
        )
        estimate_header = [
            _("Estimate"),
            _("Value"),
            _("Standard error"),
            _("Lower limit"),
            _("Upper limit"),
            _("p-value"),
            _("Weekly figures (n)"),
        ]
        return [
            Table(
                _("Weekly series"),
                [
                    _("Week from"),
                    _("Side"),
                    *sums_header(),
                    *(_("Comparison: %(column)s") % {"column": c} for c in sums_header()),
                ],
                [
                    [
                        week,
                        side_label(window, week),
                        *sums_cells(sums),
                        *sums_cells(compared.get(week, Sums())),
                    ]
                    for week, sums in figures.series
                ],
            ),
            Table(
                _("Estimates"),
                estimate_header,
                [
                    [
                        _("Change in level (interrupted time series)"),
                        *effect_cells(its.level_change),
                        its_n,
                    ],
                    [
                        _("Change in weekly trend (interrupted time series)"),
                        *effect_cells(its.slope_change),
                        its_n,
                    ],
                    [_("Difference-in-differences"), *effect_cells(did.effect), did_n],
                ],
            ),
            Table(
                _("Places"),
                [_("Role"), _("Name")],
                [[_("intervention"), place.name] for place in figures.treated]
                + [[_("comparison"), place.name] for place in figures.comparisons],
            ),
        ]

    def get_context_data(self, figures):
        its, did = figures.its, figures.did
        weeks = figures.window.weeks
        return super().get_context_data(figures) | {
            "choice": EffectLinks(weeks, self.choice.channel),
            "problems": self.problems,
            "weeks": weeks,
            "level_sentence": change_sentence(its.level_change, what="level"),
            "trend_sentence": change_sentence(its.slope_change, what="trend"),
            "did_sentence": change_sentence(did.effect, what="difference"),
            "its_reason": reason_sentence(its.reason) if its.too_few else "",
            "did_reason": reason_sentence(did.reason) if did.too_few else "",
        }


class DashboardInterventionsView(DashboardMixin):
    template_name = "backoffice/dashboard/interventions.html"
    export_name = "interventions"

    @property
    def title(self):
        return _("Before and after")

    def figures(self):
        interventions = list(interventions_visible_to(membership=self.membership)[:LISTED])
        return interventions_summary(
            interventions,
            membership=self.membership,
            today=timezone.localdate(),
            channel=self.choice.channel,
        )

    def tables(self, figures):
        return [
            Table(
                _("Interventions"),
                [
                    _("From"),
                    _("What was done"),
                    _("Places"),
                    _("Ratings before"),
                    _("Ratings after"),
                    _("Change in level"),
                    _("Standard error"),
                    _("Lower limit"),
                    _("Upper limit"),
                    _("p-value"),
                    _("Why no estimate"),
                ],
                [
                    [
                        row.intervention.started_on,
                        row.intervention.title,
                        row.places,
                        row.before.scored,
                        row.after.scored,
                        *effect_cells(row.its.level_change),
                        reason_sentence(row.its.reason) if row.its.too_few else "",
                    ]
                    for row in figures
                ],
            )
        ]

    def get_context_data(self, figures):
        return super().get_context_data(figures) | {
            "rows": [
                (row, reason_sentence(row.its.reason) if row.its.too_few else "") for row in figures
            ],
            "listed": LISTED,
            "weeks": DEFAULT_WEEKS,
        }
