"""The published figures' period and cells, without a page."""

from datetime import date

import pytest
from django.utils import timezone
from django_scopes import scope

from civicpulse.analytics.published import months, published_figures, published_period
from civicpulse.analytics.sums import Source, total
from tests.analytics.publishing import publishing


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2026, 11, 22), date(2025, 11, 1), date(2026, 10, 31)),
        (date(2026, 1, 1), date(2025, 1, 1), date(2025, 12, 31)),
        (date(2024, 3, 31), date(2023, 3, 1), date(2024, 2, 29)),
    ],
)
def test_the_period_is_the_last_twelve_full_months(today, start, end):
    assert published_period(today) == (start, end)


@pytest.mark.django_db
def test_rows_add_up_the_published_cells_only():
    world = publishing()
    with scope(organization=world.organization):
        figures = published_figures(organization=world.organization, today=timezone.localdate())
    assert len(months(figures)) == 12
    assert len(figures.by_month()) == 12
    assert figures.total.scored == 2 * (12 + 11 + 10)
    assert figures.withheld_ratings == 2 * 3
    for rows in (figures.by_category(), figures.by_settlement(), figures.by_month()):
        assert total(row.sums for row in rows) == figures.total
    # The district's park counts for its town; the village's small desk is left out.
    settlements = {row.key: row.sums.scored for row in figures.by_settlement()}
    assert settlements == {world.town.pk: 2 * (12 + 10), world.village.pk: 2 * 11}
    where = {row.key: (row.category.slug, row.settlement.key) for row in figures.places}
    assert where == {
        world.park_in_town.pk: ("parks", world.town.pk),
        world.park_in_village.pk: ("parks", world.village.pk),
        world.desk_in_town.pk: ("desks", world.town.pk),
    }


@pytest.mark.django_db
def test_the_rollups_give_what_the_raw_responses_give():
    world = publishing()
    today = timezone.localdate()
    with scope(organization=world.organization):
        rolled = published_figures(organization=world.organization, today=today)
        raw = published_figures(organization=world.organization, today=today, source=Source.RAW)
    assert [(c.month, c.category, c.settlement, c.sums) for c in rolled.cells] == [
        (c.month, c.category, c.settlement, c.sums) for c in raw.cells
    ]
    assert [(row.key, row.sums) for row in rolled.places] == [
        (row.key, row.sums) for row in raw.places
    ]
