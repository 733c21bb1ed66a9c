"""The dashboard's "Map" page: places coloured by their mean score, each linking to the
dashboard narrowed to it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from civicpulse.analytics.charts import ScoredPlace, score_map
from civicpulse.analytics.charts.score_maps import MIN_N
from civicpulse.analytics.places_map import places_map
from civicpulse.backoffice.views.dashboard import DashboardMixin, sums_cells, sums_header
from civicpulse.core.tables import Table


class DashboardMapView(DashboardMixin):
    template_name = "backoffice/dashboard/map.html"
    export_name = "map"

    @property
    def title(self):
        return _("Map")

    def figures(self):
        return places_map(self.choice)

    def links(self, figures) -> dict:
        """Each place's link to the overview narrowed to it, for the chart and the table."""
        if not hasattr(self, "_links"):
            overview = reverse(
                "backoffice:dashboard", kwargs={"organization": self.organization.slug}
            )
            self._links = {
                item.row.key: f"{overview}?{self.choice.query(**item.row.drill)}"
                for item in figures.places
            }
        return self._links

    def charts(self, figures):
        links = self.links(figures)
        return {
            "places": score_map(
                [
                    ScoredPlace(
                        label=item.row.label,
                        latitude=item.row.place.latitude,
                        longitude=item.row.place.longitude,
                        estimate=item.row.sums.mean,
                        area=item.area,
                        href=links[item.row.key],
                    )
                    for item in figures.places
                ],
                title=_("Mean score by place"),
            )
        }

    def tables(self, figures):
        return [
            Table(
                _("Places"),
                [_("Place"), _("Area"), *sums_header(), _("Latitude"), _("Longitude")],
                [
                    [
                        item.row.label,
                        item.area,
                        *sums_cells(item.row.sums),
                        item.row.place.latitude,
                        item.row.place.longitude,
                    ]
                    for item in figures.places
                ],
            )
        ]

    def get_context_data(self, figures):
        return super().get_context_data(figures) | {
            "min_n": MIN_N,
            "links": self.links(figures),
        }
