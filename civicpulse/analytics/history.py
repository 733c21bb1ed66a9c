"""Figures of past days, kept between requests.

A dashboard's period mostly lies before today, and the rollups of past days change only
when a late response arrives, a response is flagged or restored or the rollups are
rebuilt. Each of those changes the organisation's `FiguresHistory` token; what
is computed from past days alone is kept in this process under that token, so a page reads
only today's rows afresh and new responses still show within seconds.

The store is per process (no serialising: a year by place is thousands of sums) and keeps
the most recently used entries, `ANALYTICS_HISTORY_ENTRIES` of them.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from civicpulse.analytics.models import FiguresHistory
from civicpulse.core.models import Organization

DEFAULT_ENTRIES = 64
# A process rereads a token it has read this recently only after changing it itself: a page
# makes several reads, and a change made by another process shows a second later at most.
TOKEN_RECHECK_SECONDS = 1.0
_tokens: dict[int, tuple[str, float]] = {}


def organization_today(organization: Organization) -> date:
    return timezone.localdate(timezone=ZoneInfo(organization.time_zone))


def history_token(organization: Organization) -> str:
    """The organisation's current token, made on first use."""
    remembered = _tokens.get(organization.pk)
    if remembered and time.monotonic() - remembered[1] < TOKEN_RECHECK_SECONDS:
        return remembered[0]
    with scopes_disabled():
        token = (
            FiguresHistory.objects.filter(organization=organization)
            .values_list("token", flat=True)
            .first()
        )
        if token is None:
            try:
                with transaction.atomic():
                    token = FiguresHistory.objects.create(
                        organization=organization, token=uuid.uuid4()
                    ).token
            except IntegrityError:  # another request made it first
                token = FiguresHistory.objects.get(organization=organization).token
    _tokens[organization.pk] = (token.hex, time.monotonic())
    return token.hex


def history_changed(organization_id: int) -> None:
    """Past figures of the organisation changed: what was kept for them no longer applies.
    (With no token yet, nothing was kept under one.)"""
    _tokens.pop(organization_id, None)
    with scopes_disabled():
        FiguresHistory.objects.filter(organization_id=organization_id).update(
            token=uuid.uuid4(), changed_at=timezone.now()
        )
    # Again once committed: a read in between may have remembered the old token.
    transaction.on_commit(lambda: _tokens.pop(organization_id, None))


class HistoryStore:
    """A bounded, thread-safe map from keys to values, least recently used out first."""

    def __init__(self):
        self._entries: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def capacity(self) -> int:
        return getattr(settings, "ANALYTICS_HISTORY_ENTRIES", DEFAULT_ENTRIES)

    def get(self, key: str, missing=None):
        with self._lock:
            if key not in self._entries:
                return missing
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key: str, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > max(self.capacity, 0):
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
        _tokens.clear()


store = HistoryStore()
_MISSING = object()


def kept(organization: Organization, name: str, parts: tuple, compute: Callable):
    """`compute()`, or what it gave last time for the same `name` and `parts` while the
    organisation's past stayed the same. `parts` must name everything the result depends on
    (dates, filters, touchpoint ids); the result must be treated as read-only."""
    if store.capacity <= 0:
        return compute()
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"{organization.pk}:{history_token(organization)}:{name}:{digest}"
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        store.put(key, value)
    return value
