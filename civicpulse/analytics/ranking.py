"""Places ranked fairly: empirical Bayes (shrunk) means, or the Wilson lower bound of the
share satisfied, with a funnel plot's verdict for each place and the needs-attention list.

Employees are ranked on their own page; here only places count. Everything comes from one
read of the period's cells and one of the recent weeks (`overview.recent_weeks`).
"""

from dataclasses import dataclass
from datetime import date
from math import sqrt

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.analytics.breakdowns import Row, period_cells
from civicpulse.analytics.filters import Choice
from civicpulse.analytics.overview import Trends, recent_weeks
from civicpulse.analytics.statistics.rankings import (
    FunnelLimits,
    Shrinkage,
    ShrunkMean,
    funnel_limits_mean,
    shrunk_means,
    wilson_lower_bound,
)
from civicpulse.analytics.statistics.summaries import SATISFIED_FROM
from civicpulse.analytics.sums import Source, Sums
from civicpulse.feedback.models import TouchpointKind

MIN_RANKED = 10  # ratings a place needs to be ranked at all
ATTENTION_LIMIT = 10
# The funnel's verdicts worth naming under the chart, most alarming first.
OUTSIDE = ("below", "low", "high", "above")


class Order(models.TextChoices):
    SHRUNK = "shrunk", _("Shrunk mean")
    WILSON = "wilson", _("Share satisfied, lower bound")


@dataclass(frozen=True)
class RankedPlace:
    row: Row
    shrunk: ShrunkMean
    wilson_low: float | None  # the share satisfied a place can claim with 95 % confidence
    funnel: str  # FunnelLimits.position of its raw mean: above, high, within, low, below

    @property
    def n(self) -> int:
        return self.shrunk.n


@dataclass(frozen=True)
class Rankings:
    order: Order
    ranked: list[RankedPlace]  # best first by `order`
    too_few: list[RankedPlace]  # fewer than MIN_RANKED ratings, most ratings first
    shrinkage: Shrinkage
    total: Sums
    funnel_sd: float | None  # the within-place SD of single ratings the limits use
    trends: Trends

    @property
    def places(self) -> list[RankedPlace]:
        return self.ranked + self.too_few

    def outside(self) -> dict[str, list[RankedPlace]]:
        """The places beyond each funnel limit (every place with ratings, ranked or not)."""
        found = {position: [] for position in OUTSIDE}
        for place in sorted(self.places, key=lambda place: place.shrunk.raw_mean or 0):
            if place.funnel in found:
                found[place.funnel].append(place)
        return found


def rankings(
    choice: Choice,
    *,
    today: date,
    order: Order = Order.SHRUNK,
    attention_limit: int = ATTENTION_LIMIT,
    min_ranked: int = MIN_RANKED,
    source: Source = Source.ROLLUPS,
) -> Rankings:
    cells = period_cells(choice, source=source)
    rows = [row for row in cells.by_touchpoint(kind=TouchpointKind.PLACE) if row.sums.scored]
    shrinkage = shrunk_means(places=[row.sums.moments for row in rows])
    places_total = sum((row.sums for row in rows), Sums())
    sd = _funnel_sd(shrinkage, places_total)
    limits = (
        funnel_limits_mean(
            overall_mean=shrinkage.overall_mean, sd=sd, sizes=[row.sums.scored for row in rows]
        )
        if sd is not None
        else [FunnelLimits(row.sums.scored, None, None) for row in rows]
    )
    places = [
        RankedPlace(
            row=row,
            shrunk=shrunk,
            wilson_low=wilson_lower_bound(
                successes=int(row.sums.histogram[SATISFIED_FROM:].sum()), n=row.sums.scored
            ),
            funnel=limit.position(row.sums.mean_value),
        )
        for row, shrunk, limit in zip(rows, shrinkage.places, limits, strict=True)
    ]
    key = (
        (lambda place: (-place.shrunk.value, -place.n, place.row.label))
        if order == Order.SHRUNK
        else (lambda place: (-place.wilson_low, -place.n, place.row.label))
    )
    return Rankings(
        order=order,
        ranked=sorted((place for place in places if place.n >= min_ranked), key=key),
        too_few=[place for place in places if place.n < min_ranked],
        shrinkage=shrinkage,
        total=places_total,
        funnel_sd=sd,
        trends=recent_weeks(
            cells, today=today, limit=attention_limit, kind=TouchpointKind.PLACE, source=source
        ),
    )


def _funnel_sd(shrinkage: Shrinkage, places_total: Sums) -> float | None:
    """The pooled within-place SD; with a single place, that place's own SD."""
    if shrinkage.within_variance is not None:
        return sqrt(shrinkage.within_variance)
    variance = places_total.moments.variance
    return sqrt(variance) if variance is not None else None
