"""The "needs attention" list: the worst places and those falling fastest, fairly ranked."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from civicpulse.analytics.statistics.rankings import shrunk_means
from civicpulse.analytics.statistics.summaries import ScoreMoments
from civicpulse.analytics.statistics.trends import Trend, trend_slope

MIN_RATINGS = 30
MIN_WEEKS = 4


@dataclass(frozen=True)
class PlaceActivity:
    """What the list needs about one place: its ratings and its recent weekly means.

    ``weeks`` are week numbers (any origin), ``weekly_means`` the mean score of each week and
    ``weekly_counts`` the number of ratings behind each mean (used as weights).
    """

    key: Hashable
    moments: ScoreMoments
    weeks: Sequence[float] = field(default_factory=tuple)
    weekly_means: Sequence[float] = field(default_factory=tuple)
    weekly_counts: Sequence[float] = field(default_factory=tuple)


@dataclass(frozen=True)
class AttentionItem:
    key: Hashable
    n: int
    shrunk_mean: float
    raw_mean: float | None
    trend: Trend | None


@dataclass(frozen=True)
class Attention:
    """``lowest``: lowest shrunk means first. ``falling``: steepest reliable declines first."""

    lowest: tuple[AttentionItem, ...]
    falling: tuple[AttentionItem, ...]
    overall_mean: float | None


def needs_attention(
    *,
    places: Sequence[PlaceActivity],
    limit: int = 10,
    min_ratings: int = MIN_RATINGS,
    min_weeks: int = MIN_WEEKS,
    confidence: float = 0.95,
) -> Attention:
    """Rank places by shrunk mean (worst first) and by weekly trend (steepest fall first).

    Fairness rules: a place needs ``min_ratings`` ratings to be listed at all; the ranking
    uses the empirical-Bayes shrunk mean, so a small place's bad luck is discounted; and a
    place counts as falling only when its weighted least-squares slope, over at least
    ``min_weeks`` weeks, is negative with the whole confidence interval below zero, so noise
    from a quiet week does not put a place on the list.
    """
    shrinkage = shrunk_means(places=[place.moments for place in places], confidence=confidence)
    items = []
    for place, shrunk in zip(places, shrinkage.places, strict=True):
        if place.moments.n < min_ratings:
            continue
        trend = None
        if len(place.weeks) >= min_weeks:
            trend = trend_slope(
                times=place.weeks,
                values=place.weekly_means,
                weights=place.weekly_counts if len(place.weekly_counts) else None,
                confidence=confidence,
            )
        items.append(
            AttentionItem(place.key, place.moments.n, shrunk.value, shrunk.raw_mean, trend)
        )
    lowest = sorted(items, key=lambda item: item.shrunk_mean)[:limit]
    falling = sorted(
        (
            item
            for item in items
            if item.trend and item.trend.high is not None and item.trend.high < 0
        ),
        key=lambda item: item.trend.slope,
    )[:limit]
    return Attention(tuple(lowest), tuple(falling), shrinkage.overall_mean)
