"""Rankings that stay fair when places have few ratings.

A place with 3 ratings of 10 should not top a place with 900 ratings averaging 8.9, nor
should a place with 2 bad ratings be named worst. Shrunk means, Wilson lower bounds and
funnel limits each state how much a place's figure is worth given its n.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import inf, sqrt

from civicpulse.analytics.statistics.estimates import Reason, z_critical
from civicpulse.analytics.statistics.summaries import ScoreMoments, wilson_interval

FUNNEL_CONFIDENCES = (0.95, 0.998)  # about 2 and 3 standard errors


@dataclass(frozen=True)
class ShrunkMean:
    """One place's mean pulled toward the overall mean by ``weight`` = n / (n + k)."""

    value: float
    raw_mean: float | None
    n: int
    weight: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Shrinkage:
    """Shrunk means in the order the places were given, and the quantities behind them.

    ``k`` = within / between variance is the number of ratings a place needs before its own
    mean counts as much as the overall mean (infinite when places do not differ beyond
    chance: every place then gets the overall mean). ``too_few`` is set, with a reason, when
    the variances cannot be estimated; the shrunk values are then the raw means.
    """

    places: tuple[ShrunkMean, ...]
    overall_mean: float | None
    within_variance: float | None
    between_variance: float | None
    k: float | None
    too_few: bool = False
    reason: Reason | None = None


def shrunk_means(*, places: Sequence[ScoreMoments], confidence: float = 0.95) -> Shrinkage:
    """Empirical Bayes means: each place's mean shrunk toward the overall mean.

    Model: ratings at place i scatter with variance σ² around the place's true mean, and
    true means scatter with variance τ² around the overall mean μ. The posterior mean is
    μ + w·(ȳᵢ - μ) with w = n / (n + k), k = σ² / τ².

    σ² and τ² are estimated by the method of moments of one-way ANOVA (no iterations, exact
    from the rollups' sufficient statistics): σ² = pooled within-place variance (MSW);
    τ² = max(0, (MSB - MSW) / n₀) with MSB the between-place mean square and
    n₀ = (N - Σnᵢ²/N) / (m - 1), the effective place size for unequal sizes. μ is the
    rating-weighted overall mean. The interval is the normal posterior interval,
    shrunk mean ± z·√(w·σ²/n).
    """
    with_data = [place for place in places if place.n > 0]
    total = sum(place.n for place in with_data)
    if not with_data:
        empty = tuple(ShrunkMean(0.0, None, 0, 0.0, None, None) for _ in places)
        return Shrinkage(empty, None, None, None, None, True, Reason.NO_DATA)
    overall = sum(place.n * place.mean for place in with_data) / total
    within_df = sum(place.n - 1 for place in with_data)
    if len(with_data) < 2 or within_df == 0:
        reason = Reason.TOO_FEW_PLACES if len(with_data) < 2 else Reason.ONE_RATING_PER_PLACE
        unshrunk = tuple(
            ShrunkMean(place.mean if place.n else overall, place.mean, place.n, 1.0, None, None)
            for place in places
        )
        return Shrinkage(unshrunk, overall, None, None, None, True, reason)
    within = sum((place.n - 1) * place.variance for place in with_data if place.n > 1) / within_df
    m = len(with_data)
    between_square = sum(place.n * (place.mean - overall) ** 2 for place in with_data) / (m - 1)
    n0 = (total - sum(place.n**2 for place in with_data) / total) / (m - 1)
    between = max(0.0, (between_square - within) / n0)
    k = _prior_strength(within, between)
    z = z_critical(confidence)
    shrunk = []
    for place in places:
        if place.n == 0:
            shrunk.append(ShrunkMean(overall, None, 0, 0.0, None, None))
            continue
        weight = place.n / (place.n + k) if k != inf else 0.0
        value = overall + weight * (place.mean - overall)
        # w·σ²/n is the posterior variance 1/(n/σ² + 1/τ²); with τ² = 0 it is 0.
        half = z * sqrt(weight * within / place.n)
        low, high = (value - half, value + half) if half > 0 else (None, None)
        shrunk.append(ShrunkMean(value, place.mean, place.n, weight, low, high))
    return Shrinkage(tuple(shrunk), overall, within, between, k)


def _prior_strength(within: float, between: float) -> float:
    """k = σ²/τ²: 0 when ratings never vary within a place (its mean is exact), infinite
    when places differ no more than chance (every place is the overall mean)."""
    if within == 0:
        return 0.0
    return within / between if between > 0 else inf


def wilson_lower_bound(*, successes: int, n: int, confidence: float = 0.95) -> float | None:
    """The lower end of the Wilson interval: the share a place can claim with confidence.

    Ranking by it puts 90 of 100 satisfied above 3 of 3, because the latter could easily be
    a much lower share by chance. None when n = 0 (nothing to rank).
    """
    return wilson_interval(successes=successes, n=n, confidence=confidence).low


@dataclass(frozen=True)
class FunnelLimits:
    """Control limits around the overall figure for a place of size n.

    ``inner`` is the 95 % pair (low, high), ``outer`` the 99.8 % pair; None when n = 0.
    """

    n: int
    inner: tuple[float, float] | None
    outer: tuple[float, float] | None

    def position(self, value: float) -> str:
        """'above'/'below' outside the 99.8 % limits, 'high'/'low' outside 95 %, else 'within'."""
        if self.outer is None:
            return "within"
        if value < self.outer[0]:
            return "below"
        if value > self.outer[1]:
            return "above"
        if value < self.inner[0]:
            return "low"
        if value > self.inner[1]:
            return "high"
        return "within"


def funnel_limits_mean(
    *, overall_mean: float, sd: float, sizes: Sequence[int]
) -> tuple[FunnelLimits, ...]:
    """Funnel plot limits for means: overall mean ± z·σ/√n at 95 % and 99.8 %.

    A funnel plot judges each place against what chance alone would produce at its n, so
    small places are not flagged for noise and large ones are not excused (Spiegelhalter
    2005). ``sd`` is the within-place standard deviation of single ratings.
    """
    return tuple(
        _funnel(
            size, lambda z, n: (overall_mean - z * sd / sqrt(n), overall_mean + z * sd / sqrt(n))
        )
        for size in sizes
    )


def funnel_limits_share(*, overall_share: float, sizes: Sequence[int]) -> tuple[FunnelLimits, ...]:
    """Funnel plot limits for a share: p ± z·√(p(1-p)/n), clipped to [0, 1].

    The normal approximation to the binomial is what most funnel plots draw; it is close to
    exact once n·p and n·(1-p) exceed about 5, the sizes at which a place is worth judging.
    """
    spread = sqrt(overall_share * (1 - overall_share))

    def bounds(z, n):
        return (
            max(0.0, overall_share - z * spread / sqrt(n)),
            min(1.0, overall_share + z * spread / sqrt(n)),
        )

    return tuple(_funnel(size, bounds) for size in sizes)


def _funnel(size, bounds) -> FunnelLimits:
    if size <= 0:
        return FunnelLimits(size, None, None)
    inner, outer = (bounds(z_critical(confidence), size) for confidence in FUNNEL_CONFIDENCES)
    return FunnelLimits(size, inner, outer)
