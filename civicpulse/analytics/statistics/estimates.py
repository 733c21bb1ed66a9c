"""The small result types the statistics return: an estimate, its interval, its n."""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from scipy import stats


class Reason(StrEnum):
    """Why a figure or its interval is missing: codes the dashboards translate and explain."""

    NO_DATA = "no_data"
    ONE_VALUE = "one_value"
    NO_VARIATION = "no_variation"
    TOO_FEW_POINTS = "too_few_points"
    TOO_FEW_PLACES = "too_few_places"
    ONE_RATING_PER_PLACE = "one_rating_per_place"
    SINGLE_TIME = "single_time"
    TOO_FEW_BEFORE = "too_few_before"
    TOO_FEW_AFTER = "too_few_after"
    NO_COMPARISON_UNITS = "no_comparison_units"
    NO_TREATED_UNITS = "no_treated_units"
    TOO_FEW_IN_A_CELL = "too_few_in_a_cell"
    OUTCOME_CONSTANT = "outcome_constant"
    PREDICTORS_CONSTANT = "predictors_constant"


NO_DATA = Reason.NO_DATA
ONE_VALUE = Reason.ONE_VALUE
NO_VARIATION = Reason.NO_VARIATION


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a confidence interval.

    ``value`` is None when there is nothing to estimate (n = 0). ``low``/``high`` are None
    when the interval is undefined (too few values, no variation); ``reason`` says why.
    ``too_few`` is True whenever the interval is missing because of the data.
    """

    value: float | None
    low: float | None
    high: float | None
    n: int
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


@dataclass(frozen=True)
class Effect:
    """A regression coefficient with its standard error, interval and two-sided p-value."""

    estimate: float
    se: float
    low: float
    high: float
    p_value: float


# scipy's ppf costs a quarter of a millisecond; a dashboard asks for thousands of intervals
# with a few hundred distinct sample sizes, so the values are remembered.
@cache
def z_critical(confidence: float) -> float:
    """The two-sided standard normal critical value, e.g. 1.96 for 95 %."""
    confidence_check(confidence)
    return float(stats.norm.ppf(0.5 + confidence / 2))


@lru_cache(maxsize=8192)
def t_critical(confidence: float, df: float) -> float:
    confidence_check(confidence)
    return float(stats.t.ppf(0.5 + confidence / 2, df))


def confidence_check(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")


def effect_from(estimate: float, se: float, df: float, confidence: float) -> Effect:
    """A t-based interval and p-value for a coefficient (df residual degrees of freedom)."""
    t = t_critical(confidence, df)
    if se > 0:
        p_value = float(2 * stats.t.sf(abs(estimate / se), df))
    else:  # an exact fit: the estimate is certain
        p_value = 0.0 if estimate != 0 else 1.0
    return Effect(
        estimate=float(estimate),
        se=float(se),
        low=float(estimate - t * se),
        high=float(estimate + t * se),
        p_value=p_value,
    )
