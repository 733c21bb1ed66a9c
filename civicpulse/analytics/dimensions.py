"""The period's figures by one dimension (category, area, place, channel or language), each
row beside the previous period's and the change in its mean with an interval.

Both periods are read once each (`breakdowns.period_cells`); the rows' Welch intervals are
computed together in one vectorised scipy call, since a breakdown by place has hundreds
of rows and each call costs a quarter of a millisecond.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _
from scipy import stats

from civicpulse.analytics.breakdowns import PeriodCells, Row, period_cells
from civicpulse.analytics.filters import Choice
from civicpulse.analytics.statistics.comparisons import Difference
from civicpulse.analytics.statistics.estimates import NO_DATA, NO_VARIATION, ONE_VALUE
from civicpulse.analytics.statistics.summaries import ScoreMoments
from civicpulse.analytics.sums import Source, Sums
from civicpulse.feedback.models import TouchpointKind


class Dimension(models.TextChoices):
    CATEGORY = "category", _("Category")
    AREA = "area", _("Area")
    TOUCHPOINT = "touchpoint", _("Place")
    CHANNEL = "channel", _("Channel")
    LANGUAGE = "language", _("Language")


# Where a row's drill leads: the breakdown of the narrowed selection by this dimension
# (an area's sub-areas, a category's places); None: out of the breakdowns, to the place.
NEXT = {
    Dimension.CATEGORY: Dimension.TOUCHPOINT,
    Dimension.AREA: Dimension.AREA,
    Dimension.TOUCHPOINT: None,
    Dimension.CHANNEL: Dimension.TOUCHPOINT,
    Dimension.LANGUAGE: Dimension.TOUCHPOINT,
}


def rows_by(cells: PeriodCells, dimension: Dimension) -> list[Row]:
    if dimension == Dimension.TOUCHPOINT:
        return cells.by_touchpoint(kind=TouchpointKind.PLACE)
    return {
        Dimension.CATEGORY: cells.by_category,
        Dimension.AREA: cells.by_area,
        Dimension.CHANNEL: cells.by_channel,
        Dimension.LANGUAGE: cells.by_language,
    }[dimension]()


@dataclass(frozen=True)
class ChangedRow:
    row: Row
    previous: Sums
    change: Difference  # this period's mean minus the previous one's


@dataclass(frozen=True)
class Breakdown:
    by: Dimension
    rows: list[ChangedRow]
    total: Sums
    previous_start: date
    previous_end: date


def breakdown(choice: Choice, by: Dimension, *, source: Source = Source.ROLLUPS) -> Breakdown:
    """The choice's rows by `by`, most responses first, each with its change."""
    current = period_cells(choice, source=source)
    previous_selection = choice.selection().previous()
    previous = period_cells(
        choice, selection=previous_selection, source=source, known=current.places
    )
    rows = rows_by(current, by)
    before = {row.key: row.sums for row in rows_by(previous, by)}
    changes = mean_changes(
        [
            (
                row.sums.moments,
                before.get(row.key, Sums()).moments,
            )
            for row in rows
        ]
    )
    return Breakdown(
        by=by,
        rows=[
            ChangedRow(row, before.get(row.key, Sums()), change)
            for row, change in zip(rows, changes, strict=True)
        ],
        total=current.total(),
        previous_start=previous_selection.start,
        previous_end=previous_selection.end,
    )


def mean_changes(
    pairs: Sequence[tuple[ScoreMoments, ScoreMoments]], *, confidence: float = 0.95
) -> list[Difference]:
    """`statistics.comparisons.mean_difference` (Welch) for many pairs at once: the same
    results, with the t quantiles and p-values of all pairs in one scipy call each."""
    results: list[Difference | None] = [None] * len(pairs)
    indices, values, errors, freedoms, sizes = [], [], [], [], []
    for index, (first, second) in enumerate(pairs):
        n1, n2 = first.n, second.n
        if n1 == 0 or n2 == 0:
            results[index] = Difference(None, None, None, n1, n2, None, confidence, NO_DATA)
            continue
        value = first.mean - second.mean
        if n1 < 2 or n2 < 2:
            results[index] = Difference(value, None, None, n1, n2, None, confidence, ONE_VALUE)
            continue
        part1, part2 = first.variance / n1, second.variance / n2
        if part1 + part2 == 0:
            results[index] = Difference(value, None, None, n1, n2, None, confidence, NO_VARIATION)
            continue
        indices.append(index)
        values.append(value)
        errors.append(np.sqrt(part1 + part2))
        freedoms.append((part1 + part2) ** 2 / (part1**2 / (n1 - 1) + part2**2 / (n2 - 1)))
        sizes.append((n1, n2))
    if indices:
        value = np.array(values)
        se = np.array(errors)
        df = np.array(freedoms)
        half = stats.t.ppf(0.5 + confidence / 2, df) * se
        p_values = 2 * stats.t.sf(np.abs(value) / se, df)
        for at, index in enumerate(indices):
            results[index] = Difference(
                float(value[at]),
                float(value[at] - half[at]),
                float(value[at] + half[at]),
                *sizes[at],
                float(p_values[at]),
                confidence,
            )
    return results
