"""Touchpoints as CSV: for printing posters in bulk, or checking the list in a spreadsheet."""

import csv
from typing import TextIO

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_scopes import scope

from civicpulse.core.csv_tables import spreadsheet_safe
from civicpulse.core.models import Organization
from civicpulse.feedback.models import Touchpoint

FIELDS_BEFORE_URL = ("code",)
FIELDS_AFTER_URL = (
    "name_bg", "name_en", "kind", "category", "area", "department", "latitude", "longitude",
    "is_active",
)  # fmt: skip


def _header() -> list[str]:
    """The model's own field names, so the columns read as the back office labels them."""

    def label(field: str) -> str:
        return capfirst(str(Touchpoint._meta.get_field(field).verbose_name))

    return [
        *(label(field) for field in FIELDS_BEFORE_URL),
        _("Public URL"),
        *(label(field) for field in FIELDS_AFTER_URL),
    ]


def touchpoints_csv(*, organization: Organization, stream: TextIO) -> int:
    """Writes a header and one row per touchpoint of the organisation; returns the row count.

    Kind and active stay machine-readable ("place", "yes"); names follow the active language.
    The stream should be opened with newline="" (the csv module writes its own line ends).
    """
    writer = csv.writer(stream)
    writer.writerow(_header())
    count = 0
    with scope(organization=organization):
        touchpoints = (
            Touchpoint.objects.filter(organization=organization)
            .select_related("category", "area", "department")
            .order_by("category__position", "kind", "name_bg", "pk")
        )
        for touchpoint in touchpoints.iterator(chunk_size=2000):
            writer.writerow(
                [
                    touchpoint.code,
                    touchpoint.public_url,
                    spreadsheet_safe(touchpoint.name_bg),
                    spreadsheet_safe(touchpoint.name_en),
                    touchpoint.kind,
                    spreadsheet_safe(touchpoint.category.name),
                    spreadsheet_safe(touchpoint.area.name) if touchpoint.area else "",
                    spreadsheet_safe(touchpoint.department.name) if touchpoint.department else "",
                    touchpoint.latitude if touchpoint.latitude is not None else "",
                    touchpoint.longitude if touchpoint.longitude is not None else "",
                    "yes" if touchpoint.is_active else "no",
                ]
            )
            count += 1
    return count
