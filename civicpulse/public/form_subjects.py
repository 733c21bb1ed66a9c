"""What a public form is about (a touchpoint or a survey campaign) and the questionnaire
version it asks, kept in each server process's memory.

Loading a place, its questionnaire and the questions with their options takes five queries,
the same for every citizen who scans the sticker. A remembered subject is used only while
its organisation's `changes_token` is still the one read when it was loaded: any change
to what a form shows writes a new token (see civicpulse.feedback.signals). A process reads
the token again at most once every TOKEN_TRUSTED_SECONDS, and at once after a change it
made itself, so a change shows in every process within that time.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from time import monotonic
from typing import Any

from django.db import connection
from django.urls import get_script_prefix, reverse
from django_scopes import scope, scopes_disabled

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Organization
from civicpulse.core.models.organizations import changes_here
from civicpulse.feedback.models import Campaign, Channel, QuestionnaireVersion, Touchpoint
from civicpulse.feedback.responses import current_version_for

REMEMBERED_MOST = 4096  # subjects per process: a few MB at most
# On a busy form the token's query would run for every citizen; reading it once a second
# per organisation costs the database nothing, and a second's delay costs no one anything.
TOKEN_TRUSTED_SECONDS = 1.0
_CHANGES_COLUMN = "changes_token"  # Organization.changes_token


@dataclass(frozen=True)
class FormSubject:
    """What a public form is about: a touchpoint (QR code) or a survey campaign (link), with
    the version citizens answer now (None when there is no questionnaire yet)."""

    touchpoint: Touchpoint | None = None
    campaign: Campaign | None = None
    version: QuestionnaireVersion | None = None

    @property
    def organization(self) -> Organization:
        return (self.touchpoint or self.campaign).organization

    @property
    def code(self) -> str:
        return (self.touchpoint or self.campaign).code

    @property
    def title(self) -> str:
        return self.touchpoint.name if self.touchpoint else self.campaign.title

    @property
    def introduction(self) -> str:
        return self.campaign.introduction if self.campaign else ""

    @property
    def is_place(self) -> bool:
        """Photos and location describe a place; a survey asks for neither."""
        return self.touchpoint is not None

    @property
    def token_subject(self) -> str:
        # Codes of touchpoints and campaigns are drawn separately: a form token of one must
        # not open the other's form.
        return self.code if self.touchpoint else f"S-{self.code}"

    @property
    def channel(self) -> str:
        return Channel.QR if self.touchpoint else Channel.LINK

    @cached_property
    def thanks_url(self) -> str:
        name = "public:questionnaire_thanks" if self.touchpoint else "public:campaign_thanks"
        return _thanks_template(name, get_script_prefix()).replace(_CODE_SLOT, self.code)


# reverse() takes longer than storing a response; every place's thank-you URL is the same
# but for its code, so it is reversed once per process with this in the code's place.
_CODE_SLOT = "0CODE0"


@lru_cache(maxsize=8)
def _thanks_template(name: str, script_prefix: str) -> str:
    return reverse(name, kwargs={"code": _CODE_SLOT})


def _version_key(touchpoint: Touchpoint | None, campaign: Campaign | None) -> tuple:
    # What decides the version (see current_version_for): many places share one.
    if campaign is not None:
        return ("questionnaire", campaign.questionnaire_id)
    if touchpoint.questionnaire_id:
        return ("questionnaire", touchpoint.questionnaire_id)
    return ("category", touchpoint.category_id, touchpoint.is_employee)


def _version_load(touchpoint: Touchpoint | None, campaign: Campaign | None):
    with scope(organization=(touchpoint or campaign).organization):
        try:
            version = current_version_for(touchpoint, campaign=campaign)
        except RuleViolation:
            return None
        version.question_list  # noqa: B018 (loaded now, so every later use is from memory)
    return version


# What a form and a response need of a place; anything else loads when first read.
TOUCHPOINT_FIELDS = (
    "id",
    "organization_id",
    "kind",
    "code",
    "name_bg",
    "name_en",
    "category_id",
    "questionnaire_id",
    "is_active",  # the only one to convert: SQLite returns 0 or 1
)


@cache
def _touchpoint_columns() -> tuple[str, ...]:
    # In the model's field order, which is the order Model.from_db reads values in.
    return tuple(
        f.attname for f in Touchpoint._meta.concrete_fields if f.attname in TOUCHPOINT_FIELDS
    )


@cache
def _touchpoint_sql() -> str:
    meta = Touchpoint._meta
    columns = ", ".join(f"t.{meta.get_field(name).column}" for name in _touchpoint_columns())
    return (
        f"SELECT {columns}, o.{_CHANGES_COLUMN} FROM {meta.db_table} t "  # noqa: S608
        f"JOIN {Organization._meta.db_table} o ON o.id = t.organization_id"
    )


def _touchpoint_from_row(row) -> tuple[Touchpoint, Any]:
    *values, token = row
    columns = _touchpoint_columns()
    values[columns.index("is_active")] = bool(values[columns.index("is_active")])
    touchpoint = Touchpoint.from_db(connection.alias, columns, values)
    touchpoint.organization = _organization(touchpoint.organization_id, token)
    return touchpoint, token


def _touchpoint(code: str) -> tuple[Touchpoint, Any] | None:
    """The place behind a code, and its organisation's token read in the same statement."""
    # The URL carries no organisation: the code is global, so this one lookup spans tenants.
    # Raw SQL and Model.from_db, as the ORM would compile the query anew for every citizen.
    with connection.cursor() as cursor:
        cursor.execute(f"{_touchpoint_sql()} WHERE t.code = %s", [code])
        row = cursor.fetchone()
    return _touchpoint_from_row(row) if row is not None else None


def _campaign(code: str) -> tuple[Campaign, Any] | None:
    with scopes_disabled():
        found = Campaign.objects.select_related("organization").filter(code=code).first()
    return (found, _raw_token(found.organization)) if found else None


class Remembered:
    """A bounded, least-recently-used map whose entries carry the organisation token they
    were loaded under."""

    def __init__(self, most: int):
        self.most = most
        self.entries: OrderedDict[tuple[str, str], tuple[Any, FormSubject]] = OrderedDict()
        self.lock = threading.Lock()  # for threaded workers; sync workers never wait

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.most:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


subjects = Remembered(REMEMBERED_MOST)  # (kind, code) → (token, FormSubject)
versions = Remembered(REMEMBERED_MOST // 8)  # (organisation, version key) → (token, version)
organizations = Remembered(REMEMBERED_MOST // 8)  # id → (token, Organization)
# organisation id → (when read, changes_here() before reading, token)
_tokens_read: dict[int, tuple[float, int, Any]] = {}


def form_subjects_forget() -> None:
    """Forgets every remembered subject, version, organisation and token of this process."""
    for remembered in (subjects, versions, organizations):
        remembered.clear()
    _tokens_read.clear()


def _current_token(organization_id: int):
    """The organisation's token, as read from the database less than TOKEN_TRUSTED_SECONDS
    ago and since this process last changed anything."""
    now, here = monotonic(), changes_here()
    read = _tokens_read.get(organization_id)
    if read is not None and now - read[0] < TOKEN_TRUSTED_SECONDS and read[1] == here:
        return read[2]
    token = _changes_token(organization_id)
    _tokens_read[organization_id] = (now, here, token)
    return token


def _changes_token(organization_id: int):
    # Raw SQL: the ORM would build the query each time.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_CHANGES_COLUMN} FROM {Organization._meta.db_table} WHERE id = %s",  # noqa: S608
            [organization_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _organization(organization_id: int, token) -> Organization:
    remembered = organizations.get(organization_id)
    if remembered is not None and remembered[0] == token:
        return remembered[1]
    organization = Organization.objects.get(pk=organization_id)
    organizations.put(organization_id, (_raw_token(organization), organization))
    return organization


def _raw_token(organization: Organization):
    # The token as the raw query above returns it (SQLite keeps a UUID as 32 hex digits).
    field = Organization._meta.get_field("changes_token")
    return field.get_db_prep_value(organization.changes_token, connection)


def form_subject(kind: str, code: str) -> FormSubject | None:
    """The subject behind a public code ("touchpoint" or "campaign"), or None if unknown."""
    key = (kind, code.upper())
    remembered = subjects.get(key)
    if remembered is not None:
        token, subject = remembered
        if _current_token(subject.organization.pk) == token:
            return subject
    read_at, here = monotonic(), changes_here()
    loaded = (_touchpoint if kind == "touchpoint" else _campaign)(key[1])
    if loaded is None:
        return None
    found, token = loaded
    _tokens_read[found.organization_id] = (read_at, here, token)  # read with the row
    touchpoint, campaign = (found, None) if kind == "touchpoint" else (None, found)
    return _remember(key, touchpoint, campaign, token)


def _remember(key, touchpoint: Touchpoint | None, campaign: Campaign | None, token) -> FormSubject:
    # The token came with the organisation's row, before any version was read: a change in
    # between leaves a newer token in the database, and a reload on the next request.
    found = touchpoint or campaign
    version_key = (found.organization_id, *_version_key(touchpoint, campaign))
    remembered = versions.get(version_key)
    if remembered is not None and remembered[0] == token:
        version = remembered[1]
    else:
        version = _version_load(touchpoint, campaign)
        versions.put(version_key, (token, version))
    subject = FormSubject(touchpoint=touchpoint, campaign=campaign, version=version)
    subjects.put(key, (token, subject))
    return subject


def form_subjects_preload(most: int = REMEMBERED_MOST) -> int:
    """Remembers the newest active places of every organisation, up to `most`; returns how many.

    gunicorn (preload_app) calls this before it forks, so every worker, including one that
    replaces a retired worker, starts with the forms in memory instead of loading each on
    its first citizen. Each is still checked against its organisation's token on use.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_touchpoint_sql()} WHERE t.is_active AND o.is_active ORDER BY t.id DESC LIMIT %s",
            [most],
        )
        rows = cursor.fetchall()
    for row in rows:
        touchpoint, token = _touchpoint_from_row(row)
        _remember(("touchpoint", touchpoint.code.upper()), touchpoint, None, token)
    return len(rows)
