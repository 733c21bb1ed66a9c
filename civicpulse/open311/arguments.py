"""Reading the arguments of GET requests: the specification's filters, checked before any
query, each refused with a 400 that names it."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils.translation import gettext as _

from civicpulse.open311.errors import Open311Error

MOST_RESULTS = 1000  # "the first 1000 requests returned"
WINDOW = timedelta(days=90)  # "the most recent 90 days"; a range may span no more
STATUSES = ("open", "closed")
MAX_ARGUMENT = 20_000  # characters: a thousand numbers, comma-separated, fit

# The W3C note's profile of ISO 8601: a date, or a date and time with its time zone.
_W3C = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?")


@dataclass(frozen=True)
class RequestsQuery:
    numbers: list[str] | None = None  # when given, the other filters do not apply
    service_codes: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    statuses: list[str] | None = None


def _listed(query, name: str) -> list[str] | None:
    """A comma-separated argument, which may also be given several times; None if empty."""
    raw = ",".join(query.getlist(name))
    if len(raw) > MAX_ARGUMENT:
        raise Open311Error(400, _("%(name)s is too long.") % {"name": name})
    values = [value.strip() for value in raw.split(",") if value.strip()]
    return values or None


def w3c_datetime(value: str, *, name: str, time_zone: tzinfo, end_of_day=False) -> datetime:
    """A W3C datetime; a bare date is that day's start (or end) in the jurisdiction's time."""
    value = value.strip()
    if not _W3C.fullmatch(value):
        raise Open311Error(
            400,
            _("%(name)s must be a W3C date and time with its time zone, e.g. %(example)s.")
            % {"name": name, "example": "2010-01-01T00:00:00Z"},
        )
    try:
        if "T" not in value:
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max if end_of_day else time.min, time_zone)
        return datetime.fromisoformat(value)
    except ValueError:
        raise Open311Error(400, _("%(name)s is not a real date.") % {"name": name}) from None


def requests_query_read(query, *, now: datetime, time_zone: tzinfo) -> RequestsQuery:
    """The filters of GET requests, with the specification's defaults: the last 90 days."""
    numbers = _listed(query, "service_request_id")
    if numbers is not None:
        if len(numbers) > MOST_RESULTS:
            raise Open311Error(
                400,
                _("Ask for at most %(n)s service_request_id at once.") % {"n": MOST_RESULTS},
            )
        return RequestsQuery(numbers=numbers)

    statuses = _listed(query, "status")
    if statuses is not None:
        statuses = [status.lower() for status in statuses]
        if not set(statuses) <= set(STATUSES):
            raise Open311Error(400, _("status may only be open, closed or both, comma-separated."))

    start_text, end_text = query.get("start_date", ""), query.get("end_date", "")
    start = end = None
    if start_text.strip():
        start = w3c_datetime(start_text, name="start_date", time_zone=time_zone)
    if end_text.strip():
        end = w3c_datetime(end_text, name="end_date", time_zone=time_zone, end_of_day=True)
    if start is None and end is None:
        end = now
    try:
        if start is None:
            start = end - WINDOW
        elif end is None:
            end = start + WINDOW
    except OverflowError:
        raise Open311Error(400, _("start_date or end_date is out of range.")) from None
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    return RequestsQuery(
        service_codes=_listed(query, "service_code"), start=start, end=end, statuses=statuses
    )
