"""Headline figures of 0-10 scores: mean, share satisfied and NPS, each with its interval.

Every function takes either raw ``scores`` or a ``histogram`` (11 counts, one per score
0..10), because the rollups store histograms; both paths give identical results.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt

import numpy as np

from civicpulse.analytics.statistics.estimates import (
    NO_DATA,
    NO_VARIATION,
    ONE_VALUE,
    Estimate,
    t_critical,
    z_critical,
)

SCORES = range(11)  # the 0-10 scale
SATISFIED_FROM = 7
PROMOTERS_FROM = 9
DETRACTORS_UP_TO = 6


@dataclass(frozen=True)
class ScoreMoments:
    """Sufficient statistics of a sample: its size, mean and sample variance (ddof 1).

    ``mean`` is None when n = 0 and ``variance`` is None when n < 2.
    """

    n: int
    mean: float | None
    variance: float | None


def score_histogram(
    *, scores: Sequence[float] | None = None, histogram: Sequence[int] | None = None
) -> np.ndarray:
    """The 11 counts per score 0..10 from exactly one of raw scores or a histogram."""
    if (scores is None) == (histogram is None):
        raise ValueError("pass exactly one of scores or histogram")
    if histogram is not None:
        counts = np.asarray(histogram)
        if counts.shape != (len(SCORES),):
            raise ValueError(f"a histogram has {len(SCORES)} counts, got shape {counts.shape}")
        if (counts < 0).any() or (counts != np.round(counts)).any():
            raise ValueError("histogram counts must be non-negative whole numbers")
        return counts.astype(np.int64)
    values = np.asarray(scores, dtype=float)
    if values.size and (
        (values != np.round(values)).any() or values.min() < 0 or values.max() > SCORES[-1]
    ):
        raise ValueError("scores must be whole numbers from 0 to 10")
    return np.bincount(values.astype(np.int64), minlength=len(SCORES))


def score_moments(
    *, scores: Sequence[float] | None = None, histogram: Sequence[int] | None = None
) -> ScoreMoments:
    """Size, mean and sample variance of 0-10 scores, computed from the histogram."""
    counts = score_histogram(scores=scores, histogram=histogram)
    return moments_from_histogram(counts)


def moments_from_histogram(counts: np.ndarray) -> ScoreMoments:
    n = int(counts.sum())
    if n == 0:
        return ScoreMoments(n=0, mean=None, variance=None)
    values = np.arange(len(counts))
    mean = float((values * counts).sum() / n)
    if n == 1:
        return ScoreMoments(n=1, mean=mean, variance=None)
    # Sum of squared deviations, not E[x²] - mean², so large n loses no precision.
    variance = float((counts * (values - mean) ** 2).sum() / (n - 1))
    return ScoreMoments(n=n, mean=mean, variance=variance)


def score_mean(
    *,
    scores: Sequence[float] | None = None,
    histogram: Sequence[int] | None = None,
    confidence: float = 0.95,
) -> Estimate:
    """Mean score with a Student t interval: mean ± t(n-1) · s / √n.

    The t interval is fair for small samples because it accounts for the uncertainty of
    the standard deviation itself; bounded 0-10 scores make the central limit theorem work
    quickly, so it holds well from a handful of responses.
    """
    moments = score_moments(scores=scores, histogram=histogram)
    return mean_estimate(moments, confidence=confidence)


def mean_estimate(moments: ScoreMoments, *, confidence: float = 0.95) -> Estimate:
    """The t interval of :func:`score_mean` from sufficient statistics."""
    n = moments.n
    if n == 0:
        return Estimate(None, None, None, 0, confidence, NO_DATA)
    if n == 1:
        return Estimate(moments.mean, None, None, 1, confidence, ONE_VALUE)
    if moments.variance == 0:
        return Estimate(moments.mean, None, None, n, confidence, NO_VARIATION)
    half = t_critical(confidence, n - 1) * sqrt(moments.variance / n)
    return Estimate(moments.mean, moments.mean - half, moments.mean + half, n, confidence)


def wilson_interval(*, successes: int, n: int, confidence: float = 0.95) -> Estimate:
    """A proportion with the Wilson score interval.

    Unlike the textbook p ± z·√(p(1-p)/n), Wilson's interval keeps its coverage near the
    nominal level for small n and for shares near 0 or 1, never leaves [0, 1] and is not
    zero-width when every response agrees, so a place with 3 of 3 satisfied is not shown as
    certainly perfect.
    """
    if not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return Estimate(None, None, None, 0, confidence, NO_DATA)
    z = z_critical(confidence)
    share = successes / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return Estimate(share, max(0.0, centre - half), min(1.0, centre + half), n, confidence)


def share_satisfied(
    *,
    scores: Sequence[float] | None = None,
    histogram: Sequence[int] | None = None,
    threshold: int = SATISFIED_FROM,
    confidence: float = 0.95,
) -> Estimate:
    """Share of scores at or above ``threshold`` (default 7), with the Wilson interval."""
    counts = score_histogram(scores=scores, histogram=histogram)
    return wilson_interval(
        successes=int(counts[threshold:].sum()), n=int(counts.sum()), confidence=confidence
    )


def net_promoter_score(
    *,
    scores: Sequence[float] | None = None,
    histogram: Sequence[int] | None = None,
    confidence: float = 0.95,
) -> Estimate:
    """NPS: % promoters (9-10) minus % detractors (0-6), from -100 to 100, with an interval.

    Promoters, passives and detractors are one multinomial draw, so the two shares are
    negatively correlated: Var(p₊ - p₋) = (p₊ + p₋ - (p₊ - p₋)²) / n. The normal interval
    on that variance is the standard one for NPS; it is clipped to [-100, 100]. When the
    variance is zero (all responses in one group, or n = 1) no interval is claimed.
    """
    counts = score_histogram(scores=scores, histogram=histogram)
    n = int(counts.sum())
    if n == 0:
        return Estimate(None, None, None, 0, confidence, NO_DATA)
    promoters = counts[PROMOTERS_FROM:].sum() / n
    detractors = counts[: DETRACTORS_UP_TO + 1].sum() / n
    difference = float(promoters - detractors)
    if n == 1:
        return Estimate(100 * difference, None, None, 1, confidence, ONE_VALUE)
    variance = (promoters + detractors - difference**2) / n
    if variance <= 0:
        return Estimate(100 * difference, None, None, n, confidence, NO_VARIATION)
    half = z_critical(confidence) * sqrt(variance)
    return Estimate(
        100 * difference,
        max(-100.0, 100 * (difference - half)),
        min(100.0, 100 * (difference + half)),
        n,
        confidence,
    )
