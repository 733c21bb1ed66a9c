"""Key drivers: which aspects of a questionnaire go with the overall score."""

from django.utils.translation import gettext as _

from civicpulse.analytics.charts import BarRow, bar_chart
from civicpulse.analytics.charts.labels import percent
from civicpulse.analytics.key_drivers import LATEST, SMALL_N, key_drivers
from civicpulse.analytics.reasons import reason_sentence
from civicpulse.analytics.statistics.estimates import Estimate
from civicpulse.backoffice.views.dashboard import DashboardMixin, rounded
from civicpulse.core.tables import Table


class DashboardDriversView(DashboardMixin):
    template_name = "backoffice/dashboard/drivers.html"
    export_name = "key-drivers"

    @property
    def title(self):
        return _("Key drivers")

    def asked_questionnaire(self) -> int | None:
        raw = self.request.GET.get("questionnaire", "")
        return int(raw) if raw.isdigit() and len(raw) < 12 else (None if not raw else -1)

    def figures(self):
        asked = self.asked_questionnaire()
        figures = key_drivers(self.choice, questionnaire=asked)
        self.problems = []
        if asked is not None and (
            figures.chosen is None or figures.chosen.questionnaire.pk != asked
        ):
            self.problems.append(
                _("That questionnaire has no sub-ratings answered in this selection.")
            )
        return figures

    def charts(self, figures):
        result = figures.result
        n = result.n if result else 0
        return {
            "weights": bar_chart(
                [
                    BarRow(item.aspect.label, Estimate(item.share, None, None, n))
                    for item in figures.aspects
                ],
                title=_("Each aspect's relative weight, as a share of R²"),
                value_range=(0, 100),
                value_format=percent,
            )
        }

    def tables(self, figures):
        result = figures.result
        n = result.n if result else 0
        return [
            Table(
                _("Key drivers"),
                [
                    _("Aspect"),
                    _("Key"),
                    _("Relative weight"),
                    _("Share of R² (%)"),
                    _("Mean rating"),
                    _("Mean, lower limit"),
                    _("Mean, upper limit"),
                    _("Complete responses"),
                ],
                [
                    [
                        item.aspect.label,
                        item.aspect.key,
                        rounded(item.weight, 4),
                        rounded(item.share, 1),
                        rounded(item.mean.value, 2),
                        rounded(item.mean.low, 2),
                        rounded(item.mean.high, 2),
                        n,
                    ]
                    for item in figures.aspects
                ],
            )
        ]

    def get_context_data(self, figures):
        result = figures.result
        return super().get_context_data(figures) | {
            "problems": self.problems,
            "latest": LATEST,
            "small_n": SMALL_N,
            "reason": reason_sentence(result.reason) if result and result.too_few else "",
        }
