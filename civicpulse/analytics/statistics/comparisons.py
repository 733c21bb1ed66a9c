"""Differences between two periods or two groups, with confidence intervals.

The same functions serve "this month against last month" and "settlement A against
settlement B": the difference is always ``first - second``.
"""

from dataclasses import dataclass
from math import sqrt

from scipy import stats

from civicpulse.analytics.statistics.estimates import (
    NO_DATA,
    NO_VARIATION,
    ONE_VALUE,
    Reason,
    t_critical,
)
from civicpulse.analytics.statistics.summaries import ScoreMoments, wilson_interval


@dataclass(frozen=True)
class Difference:
    """``first - second`` with its interval, the sizes of both samples and a p-value.

    ``low``/``high``/``p_value`` are None when the interval is undefined; ``reason`` says why.
    """

    value: float | None
    low: float | None
    high: float | None
    n_first: int
    n_second: int
    p_value: float | None = None
    confidence: float = 0.95
    reason: Reason | None = None

    @property
    def too_few(self) -> bool:
        return self.low is None

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)


def mean_difference(
    *, first: ScoreMoments, second: ScoreMoments, confidence: float = 0.95
) -> Difference:
    """Difference of two means with Welch's t interval.

    Welch's test does not assume the two groups share a variance (a quiet village and a busy
    town office rarely do) and uses the Welch-Satterthwaite degrees of freedom, which keeps
    the coverage honest when the sizes differ a lot.
    """
    n1, n2 = first.n, second.n
    if n1 == 0 or n2 == 0:
        value = None
        return Difference(value, None, None, n1, n2, None, confidence, NO_DATA)
    value = first.mean - second.mean
    if n1 < 2 or n2 < 2:
        return Difference(value, None, None, n1, n2, None, confidence, ONE_VALUE)
    part1, part2 = first.variance / n1, second.variance / n2
    se = sqrt(part1 + part2)
    if se == 0:
        return Difference(value, None, None, n1, n2, None, confidence, NO_VARIATION)
    df = (part1 + part2) ** 2 / (part1**2 / (n1 - 1) + part2**2 / (n2 - 1))
    half = t_critical(confidence, df) * se
    p_value = float(2 * stats.t.sf(abs(value) / se, df))
    return Difference(value, value - half, value + half, n1, n2, p_value, confidence)


def proportion_difference(
    *,
    successes_first: int,
    n_first: int,
    successes_second: int,
    n_second: int,
    confidence: float = 0.95,
) -> Difference:
    """Difference of two proportions with Newcombe's hybrid score interval (his method 10).

    Each share gets its Wilson interval (l1, u1), (l2, u2); the difference p1 - p2 then has
    low = d - √((p1 - l1)² + (u2 - p2)²) and high = d + √((u1 - p1)² + (p2 - l2)²).
    It inherits Wilson's good coverage at small n and at shares of 0 or 1, where the normal
    (Wald) interval collapses or overshoots [-1, 1]. The p-value is the pooled two-proportion
    z-test, the usual companion (None when the pooled share is 0 or 1).
    """
    if n_first == 0 or n_second == 0:
        return Difference(None, None, None, n_first, n_second, None, confidence, NO_DATA)
    first = wilson_interval(successes=successes_first, n=n_first, confidence=confidence)
    second = wilson_interval(successes=successes_second, n=n_second, confidence=confidence)
    p1, p2 = first.value, second.value
    value = p1 - p2
    low = value - sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2)
    high = value + sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2)
    pooled = (successes_first + successes_second) / (n_first + n_second)
    pooled_se = sqrt(pooled * (1 - pooled) * (1 / n_first + 1 / n_second))
    p_value = float(2 * stats.norm.sf(abs(value) / pooled_se)) if pooled_se > 0 else None
    return Difference(value, low, high, n_first, n_second, p_value, confidence)
