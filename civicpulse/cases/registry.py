"""Registering a confirmed case: a registry number `<PREFIX>-<YEAR>-<NNNNN>`, gap-free per
organisation and year, stamped with the date and time.

The number comes from the organisation's counter for the year, raised in the transaction
that registers the case: a rollback gives it back, so there are no gaps. Raising it locks
the counter's row until the commit (on SQLite the whole transaction holds the write lock
from BEGIN IMMEDIATE), so concurrent confirmations take turns and no number is given twice.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from civicpulse.cases.models import Case, CaseEvent, CaseStatus, EventAction, RegistryCounter, Stage
from civicpulse.core.yearly_counters import yearly_counter_raise

NUMBER_DIGITS = 5


def registry_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:0{NUMBER_DIGITS}d}"


def status_for_stage(organization, stage: str) -> CaseStatus:
    """The organisation's first active state of a stage (any of its states, if none is)."""
    return (
        CaseStatus.objects.filter(organization=organization, stage=stage, is_active=True)
        .order_by("position", "pk")
        .first()
    ) or CaseStatus.objects.filter(organization=organization, stage=stage).order_by("pk").first()


def case_register(
    *, case: Case, now: datetime | None = None, on_registered: Callable[[Case], None] | None = None
) -> Case:
    """Registers a case once its sender has confirmed; returns it. A case registered before
    (a second click on the link) is returned as it is, with the number it got.

    `on_registered` runs inside the registering transaction, only when this call registered
    the case: what must happen once (the acknowledgement e-mail) goes there."""
    organization = case.organization
    with scope(organization=organization), transaction.atomic():
        locked = Case.objects.select_for_update().select_related("kind").get(pk=case.pk)
        if locked.registered_at is not None:
            return locked
        now = now or timezone.now()
        year = now.astimezone(ZoneInfo(organization.time_zone)).year
        sequence = yearly_counter_raise(RegistryCounter, organization=organization, year=year)
        locked.year, locked.sequence = year, sequence
        locked.number = registry_number(organization.registry_prefix, year, sequence)
        locked.registered_at = now
        locked.due_at = now + timedelta(days=locked.kind.answer_days)
        locked.status = status_for_stage(organization, Stage.RECEIVED)
        locked.save(
            update_fields=["year", "sequence", "number", "registered_at", "due_at", "status"]
        )
        CaseEvent.objects.create(
            organization=organization,
            case=locked,
            at=now,
            action=EventAction.REGISTERED,
            is_public=True,
            data={"number": locked.number},
        )
        if on_registered is not None:
            on_registered(locked)
    return locked
