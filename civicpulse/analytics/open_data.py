"""The published figures as open data: one row per month × category × settlement cell, with
column names that stay the same across languages and versions (COLUMNS, documented on the
public page), as UTF-8 CSV and as JSON with ISO dates."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from civicpulse.analytics.published import Cell, PublishedFigures
from civicpulse.core.tables import Table, table_csv

COLUMNS = (
    ("month", _("The month's first day (YYYY-MM-DD).")),
    ("category", _("The category's short name, the same in every language.")),
    ("category_bg", _("The category's name in Bulgarian.")),
    ("category_en", _("The category's name in English.")),
    ("settlement_id", _("The settlement's number (0: places outside any settlement).")),
    ("settlement_bg", _("The settlement's name in Bulgarian.")),
    ("settlement_en", _("The settlement's name in English.")),
    ("responses", _("Responses received.")),
    ("ratings", _("Responses with a 0-10 score: the n of the figures that follow.")),
    ("mean", _("Mean score out of 10.")),
    # xgettext:no-python-format
    ("mean_low", _("Lower limit of the mean's 95% confidence interval.")),
    # xgettext:no-python-format
    ("mean_high", _("Upper limit of the mean's 95% confidence interval.")),
    ("satisfied", _("Share of ratings from 7 to 10 (0 to 1).")),
    # xgettext:no-python-format
    ("satisfied_low", _("Lower limit of that share's 95% confidence interval (Wilson).")),
    # xgettext:no-python-format
    ("satisfied_high", _("Upper limit of that share's 95% confidence interval (Wilson).")),
)
NAMES = tuple(name for name, _description in COLUMNS)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def cell_values(cell: Cell) -> tuple:
    sums = cell.sums
    mean, satisfied = sums.mean, sums.satisfied
    return (
        cell.month,
        cell.category.slug,
        cell.category.name_bg,
        cell.category.name_en,
        cell.settlement.key,
        cell.settlement.name_bg,
        cell.settlement.name_en,
        sums.responses,
        sums.scored,
        _rounded(mean.value, 3),
        _rounded(mean.low, 3),
        _rounded(mean.high, 3),
        _rounded(satisfied.value, 4),
        _rounded(satisfied.low, 4),
        _rounded(satisfied.high, 4),
    )


def open_data_csv(figures: PublishedFigures) -> bytes:
    table = Table(title="figures", header=NAMES, rows=[cell_values(c) for c in figures.cells])
    return table_csv(table)


def open_data_json(figures: PublishedFigures) -> dict:
    organization = figures.organization
    return {
        "organization": {
            "slug": organization.slug,
            "name_bg": organization.name_bg,
            "name_en": organization.name_en,
        },
        "period": {"start": figures.start.isoformat(), "end": figures.end.isoformat()},
        "minimum_ratings": figures.minimum,
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "columns": list(NAMES),
        "rows": [
            {
                name: value.isoformat() if hasattr(value, "isoformat") else value
                for name, value in zip(NAMES, cell_values(cell), strict=True)
            }
            for cell in figures.cells
        ],
    }
