"""Filing a case without registration, and confirming it from the e-mailed link.

Names, phone and e-mail are required: the Administrative Procedure Code (art. 111(4))
allows no proceedings on anonymous signals. A filed case is a draft until its sender opens
the signed link e-mailed to them; only then is it registered (civicpulse.cases.registry).
Drafts left unconfirmed for DRAFT_VALID are deleted: filing tidies them away, at most once
every DRAFTS_TIDY_EVERY per process, so no scheduler is needed.
"""

import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from civicpulse.cases.links import CONFIRM_SALT
from civicpulse.cases.mail import CaseMail, case_mail_queue
from civicpulse.cases.models import Case, CaseEvent, CaseKind, EventAction, Publication, Source
from civicpulse.cases.registry import case_register
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import CONTENT_LANGUAGES, FALLBACK_LANGUAGE
from civicpulse.core.models import ApiClient, Area, Category, Organization

DRAFT_VALID = timedelta(hours=48)
DRAFTS_TIDY_EVERY = 3600  # seconds
MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_NAME = 200
MAX_ADDRESS = 300
PHONE_DIGITS = (6, 15)  # E.164 allows at most 15
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")


def _text(value, *, field: str, most: int, required: bool = True) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if required and not text:
        raise RuleViolation(_("This field is required."), field=field)
    if len(text) > most:
        raise RuleViolation(
            _("Keep it under %(n)s characters (now %(length)s).")
            % {"n": most, "length": len(text)},
            field=field,
        )
    return text


def _names(value) -> str:
    names = " ".join(_text(value, field="sender_name", most=MAX_NAME).split())
    if len(names.split(" ")) < 2:
        raise RuleViolation(_("Enter your first name and surname."), field="sender_name")
    return names


def _email(value) -> str:
    address = _text(value, field="sender_email", most=254)
    try:
        validate_email(address)
    except ValidationError:
        raise RuleViolation(_("Enter a valid e-mail address."), field="sender_email") from None
    return address


def _phone(value) -> str:
    phone = " ".join(_text(value, field="sender_phone", most=40).split())
    digits = sum(c.isdigit() for c in phone)
    if not _PHONE.match(phone) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise RuleViolation(
            _("Enter a phone number of 6 to 15 digits, such as +359 88 123 4567."),
            field="sender_phone",
        )
    return phone


def _coordinate(value, limit: int, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not -limit <= number <= limit:
        raise RuleViolation(_("The place on the map is not valid."), field=field)
    return number


def _chosen(rows, pk, field: str):
    """The row of `rows` (the organisation's choices) with this key; None if none was chosen."""
    if pk in (None, ""):
        return None
    try:
        found = rows.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise RuleViolation(_("Choose from the list."), field=field)
    return found


def case_file(
    *,
    organization: Organization,
    kind_slug: str,
    title: str,
    description: str,
    sender_name: str,
    sender_email: str,
    sender_phone: str,
    publication: str = Publication.NAMED,
    category_id=None,
    area_id=None,
    touchpoint=None,
    latitude=None,
    longitude=None,
    address: str = "",
    language: str = FALLBACK_LANGUAGE,
    source: str = Source.WEB,
    client: ApiClient | None = None,
    now: datetime | None = None,
) -> Case:
    """Checks and stores a draft case and e-mails its sender the confirmation link.

    A case from a trusted API client (civicpulse.open311) is registered at once instead:
    the client has confirmed its users itself, and the sender gets the acknowledgement.
    Raises RuleViolation, naming the field, for anything missing or wrong."""
    if source not in Source.values:
        raise RuleViolation(_("Choose how the case was received."), field="source")
    if client is not None and (client.organization_id != organization.pk or not client.is_active):
        raise RuleViolation(_("This API client may not file cases here."), field="client")
    with scope(organization=organization):
        kind = CaseKind.objects.filter(
            organization=organization, slug=kind_slug, is_active=True
        ).first()
        if kind is None:
            raise RuleViolation(_("Choose what kind of case this is."), field="kind")
        if publication not in Publication.values:
            raise RuleViolation(_("Choose how the case may be published."), field="publication")
        case = Case(
            organization=organization,
            kind=kind,
            category=_chosen(
                Category.objects.filter(organization=organization, is_active=True),
                category_id,
                "category",
            ),
            area=_chosen(Area.objects.filter(organization=organization), area_id, "area"),
            touchpoint=touchpoint
            if touchpoint and touchpoint.organization_id == organization.pk
            else None,
            latitude=_coordinate(latitude, 90, "latitude"),
            longitude=_coordinate(longitude, 180, "longitude"),
            address=_text(address, field="address", most=MAX_ADDRESS, required=False),
            title=_text(title, field="title", most=MAX_TITLE),
            description=_text(description, field="description", most=MAX_DESCRIPTION),
            sender_name=_names(sender_name),
            sender_email=_email(sender_email),
            sender_phone=_phone(sender_phone),
            publication=publication,
            language=language if language in CONTENT_LANGUAGES else FALLBACK_LANGUAGE,
            source=source,
            client=client,
        )
        if (case.latitude is None) != (case.longitude is None):
            raise RuleViolation(_("The place on the map is not valid."), field="latitude")
        now = now or timezone.now()
        with transaction.atomic():
            case.save()
            CaseEvent.objects.create(
                organization=organization, case=case, at=now, action=EventAction.FILED
            )
            if client is not None and client.is_trusted:
                case = case_register(
                    case=case,
                    now=now,
                    on_registered=lambda new: case_mail_queue(new, CaseMail.REGISTERED),
                )
            else:
                case_mail_queue(case, CaseMail.CONFIRM)
    case_drafts_tidy(now=now)
    return case


def case_confirm(*, token: str) -> Case:
    """Registers the case a confirmation link names, once; a second use returns it as it is.

    Raises RuleViolation for a forged or expired link."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token or "", max_age=DRAFT_VALID)
    except signing.SignatureExpired:
        raise RuleViolation(_("This link has expired. Please file the case again.")) from None
    except signing.BadSignature:
        raise RuleViolation(
            _("This link is not valid. Please copy it from the e-mail whole.")
        ) from None
    pk, _dot, key = value.partition(".")
    with scopes_disabled():  # the link names no organisation: the case does
        case = Case.objects.select_related("organization").filter(pk=pk, tracking_key=key).first()
    if case is None:
        raise RuleViolation(_("This case no longer exists. Please file it again."))
    if case.is_registered:
        return case
    with scope(organization=case.organization):
        return case_register(
            case=case, on_registered=lambda new: case_mail_queue(new, CaseMail.REGISTERED)
        )


def case_drafts_purge(*, now: datetime | None = None) -> int:
    """Deletes drafts whose confirmation link has expired; returns how many."""
    before = (now or timezone.now()) - DRAFT_VALID
    with scopes_disabled():  # housekeeping across organisations
        _total, by_model = Case.objects.filter(
            registered_at__isnull=True, created_at__lt=before
        ).delete()
    return by_model.get(Case._meta.label, 0)  # their history goes with them


_drafts_tidied_at = 0.0  # per process


def case_drafts_tidy(*, now: datetime) -> int:
    """case_drafts_purge, if DRAFTS_TIDY_EVERY has passed since this process last ran it."""
    global _drafts_tidied_at
    if abs(now.timestamp() - _drafts_tidied_at) < DRAFTS_TIDY_EVERY:
        return 0
    _drafts_tidied_at = now.timestamp()
    return case_drafts_purge(now=now)
