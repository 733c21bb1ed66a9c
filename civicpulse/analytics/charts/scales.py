"""From data to drawing units: linear and log scales, round tick values, colour scales.

The colours come from palettes that stay distinct for the common colour-vision
deficiencies (viridis for amounts, ColorBrewer's RdYlBu for scores around a midpoint).
Marks drawn in a pale colour carry a dark outline, so every mark keeps 3:1 against white.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

NICE_STEPS = (1, 2, 2.5, 5, 10)

# Viridis, pale to dark: more is darker. The palest step still differs from the empty cell.
SEQUENTIAL = ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154")
EMPTY = "#eef1f4"
# RdYlBu, 7 classes: low scores red, high scores blue; the middle is pale.
DIVERGING = ("#d73027", "#fc8d59", "#fee090", "#ffffbf", "#e0f3f8", "#91bfdb", "#4575b4")
INK = "#1b1f24"  # text, axes and the outline around pale marks
MUTED = "#5b636d"  # secondary text and grid labels: 6:1 against white


def nice_ticks(low: float, high: float, count: int = 5) -> tuple[float, ...]:
    """About ``count`` round values (1, 2, 2.5 or 5 × 10ⁿ apart) covering low..high.

    The first tick is at or below ``low`` and the last at or above ``high``, so an axis drawn
    through them holds every value.
    """
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    step = nice_step((high - low) / max(count, 1))
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    steps = round((last - first) / step)
    return tuple(_clean(first + i * step) for i in range(steps + 1))


def nice_step(raw: float) -> float:
    """The smallest round step at least ``raw``."""
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(s * magnitude for s in NICE_STEPS if s * magnitude >= raw * (1 - 1e-9))


def _clean(value: float) -> float:
    """0.30000000000000004 → 0.3: ticks are printed, and must compare equal in tests."""
    return float(f"{value:.12g}")


def tick_decimals(ticks: Sequence[float]) -> int:
    """The fewest decimals that tell the ticks apart: 0 for 2, 4, 6; 1 for 0.5; 2 for 0.25."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return next((d for d in range(4) if abs(round(step, d) - step) < 1e-9), 4)


def log_ticks(low: float, high: float) -> tuple[float, ...]:
    """1, 2, 5 × 10ⁿ within low..high (or only the powers of ten when there are many)."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    multiples = (1,) if last - first > 4 else (1, 2, 5)
    ticks = [
        m * 10**e for e in range(first, last + 1) for m in multiples if low <= m * 10**e <= high
    ]
    return tuple(ticks)


@dataclass(frozen=True)
class Tick:
    """A labelled position along an axis, in drawing units."""

    position: float
    label: str
    anchor: str = "middle"  # "start"/"end" where a centred label would leave the drawing


@dataclass(frozen=True)
class LinearScale:
    """Maps domain (d0, d1) onto drawing units (r0, r1); r0 > r1 for an upward y axis."""

    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, value: float) -> float:
        span = self.d1 - self.d0
        fraction = (value - self.d0) / span if span else 0.5
        return round(self.r0 + fraction * (self.r1 - self.r0), 1)

    def clamped(self, value: float) -> float:
        return self(min(max(value, min(self.d0, self.d1)), max(self.d0, self.d1)))


@dataclass(frozen=True)
class LogScale(LinearScale):
    """The same on log10 of the value; the domain must be positive."""

    def __call__(self, value: float) -> float:
        log0, log1 = math.log10(self.d0), math.log10(self.d1)
        span = log1 - log0
        fraction = (math.log10(value) - log0) / span if span else 0.5
        return round(self.r0 + fraction * (self.r1 - self.r0), 1)


@dataclass(frozen=True)
class ColourBin:
    """One step of a colour scale: values in [low, high) get ``colour``."""

    low: float
    high: float
    colour: str


def binned(bounds: Sequence[float], palette: Sequence[str]) -> tuple[ColourBin, ...]:
    """Consecutive bins between the bounds, coloured from the palette spread end to end."""
    count = len(bounds) - 1
    if count == 1:
        picks = [len(palette) - 1]
    else:
        picks = [round(i * (len(palette) - 1) / (count - 1)) for i in range(count)]
    return tuple(ColourBin(bounds[i], bounds[i + 1], palette[pick]) for i, pick in enumerate(picks))


def bin_of(value: float, bins: Sequence[ColourBin]) -> int:
    """The index of the bin holding value; the ends take what lies beyond them."""
    for index, colour_bin in enumerate(bins):
        if value < colour_bin.high:
            return index
    return len(bins) - 1


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ink_on(colour: str) -> str:
    """Black or white text, whichever reads better on the given fill."""
    return INK if contrast(colour, INK) >= contrast(colour, "#ffffff") else "#ffffff"
