"""Filing a case without registration, and confirming it from the e-mailed link.

Names, phone and e-mail are required: the Administrative Procedure Code (art. 111(4))
allows no proceedings on anonymous signals. A filed case is a draft until its sender opens
the signed link e-mailed to them; only then is it registered (civicpulse.cases.registry).
Drafts left unconfirmed for DRAFT_VALID are deleted: filing tidies them away, at most once
every DRAFTS_TIDY_EVERY per process, so no scheduler is needed.
"""

import re
import uuid
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from civicpulse.cases.abuse import case_filing_count
from civicpulse.cases.links import CONFIRM_SALT
from civicpulse.cases.mail import CaseMail, case_mail_queue
from civicpulse.cases.models import Case, CaseEvent, CaseKind, EventAction, Publication, Source
from civicpulse.cases.photos import case_photos_clean, case_photos_store
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


def text_checked(value, *, field: str, most: int, required: bool = True) -> str:
    """The text stripped; RuleViolation on `field` when missing (if required) or too long.

    Browsers send a textarea's line breaks as CRLF; the texts keep plain newlines."""
    text = value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""
    if required and not text:
        raise RuleViolation(_("This field is required."), field=field)
    if len(text) > most:
        raise RuleViolation(
            _("Keep it under %(n)s characters (now %(length)s).")
            % {"n": most, "length": len(text)},
            field=field,
        )
    return text


def names_checked(value) -> str:
    names = " ".join(text_checked(value, field="sender_name", most=MAX_NAME).split())
    if len(names.split(" ")) < 2:
        raise RuleViolation(_("Enter your first name and surname."), field="sender_name")
    return names


def email_checked(value) -> str:
    address = text_checked(value, field="sender_email", most=254)
    try:
        validate_email(address)
    except ValidationError:
        raise RuleViolation(_("Enter a valid e-mail address."), field="sender_email") from None
    return address


def phone_checked(value) -> str:
    phone = " ".join(text_checked(value, field="sender_phone", most=40).split())
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


class CaseInvalid(RuleViolation):
    """Every field of a filing that was wrong, with its message (`errors`, in form order);
    `field` and `message` are the first of them, as for any RuleViolation."""

    def __init__(self, errors: dict[str | None, str]):
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field)
        self.errors = errors


class _Checks:
    """Runs each field's check and keeps every refusal, so a form can show them all at once."""

    def __init__(self):
        self.errors: dict[str | None, str] = {}

    def __call__(self, check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except RuleViolation as refused:
            self.errors.setdefault(refused.field, refused.message)
            return None


def _kind(organization: Organization, slug) -> CaseKind:
    kind = CaseKind.objects.filter(organization=organization, slug=slug or "", is_active=True)
    found = kind.first() if isinstance(slug, str) else None
    if found is None:
        raise RuleViolation(_("Choose what kind of case this is."), field="kind")
    return found


def _publication(value) -> str:
    if value not in Publication.values:
        raise RuleViolation(_("Choose how the case may be published."), field="publication")
    return value


def _place(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    place = (_coordinate(latitude, 90, "latitude"), _coordinate(longitude, 180, "longitude"))
    if (place[0] is None) != (place[1] is None):
        raise RuleViolation(_("The place on the map is not valid."), field="latitude")
    return place


def _filed_with(nonce: uuid.UUID | None) -> Case | None:
    """The case an earlier post of the same form filed, if any."""
    return None if nonce is None else Case.objects.filter(filing_nonce=nonce).first()


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
    photos=(),
    filing_nonce: uuid.UUID | None = None,
    fingerprint: str | None = None,
    honeypot_filled: bool = False,
    now: datetime | None = None,
) -> Case:
    """Checks and stores a draft case with its photos and e-mails its sender the link.

    Raises CaseInvalid (a RuleViolation) naming every field that is missing or wrong. A
    `filing_nonce` already used returns the draft it made, filing nothing new. A filled
    honeypot is refused; with a `fingerprint`, too many filings from one client are
    refused with SubmissionThrottled (see civicpulse.cases.abuse).

    A case from a trusted API client (civicpulse.open311) is registered at once instead:
    the client has confirmed its users itself, and the sender gets the acknowledgement."""
    if source not in Source.values:
        raise RuleViolation(_("Choose how the case was received."), field="source")
    if client is not None and (client.organization_id != organization.pk or not client.is_active):
        raise RuleViolation(_("This API client may not file cases here."), field="client")
    with scope(organization=organization):
        earlier = _filed_with(filing_nonce)
        if earlier is not None:
            return earlier
        if honeypot_filled:
            raise RuleViolation(
                _("This form could not be sent: a field meant to stay empty was filled in.")
            )
        check = _Checks()
        kind = check(_kind, organization, kind_slug)
        categories = Category.objects.filter(organization=organization, is_active=True)
        category = check(_chosen, categories, category_id, "category")
        area = check(_chosen, Area.objects.filter(organization=organization), area_id, "area")
        place = check(_place, latitude, longitude) or (None, None)
        case = Case(
            organization=organization,
            kind=kind,
            category=category,
            area=area,
            touchpoint=touchpoint
            if touchpoint and touchpoint.organization_id == organization.pk
            else None,
            latitude=place[0],
            longitude=place[1],
            address=check(text_checked, address, field="address", most=MAX_ADDRESS, required=False),
            title=check(text_checked, title, field="title", most=MAX_TITLE),
            description=check(text_checked, description, field="description", most=MAX_DESCRIPTION),
            sender_name=check(names_checked, sender_name),
            sender_email=check(email_checked, sender_email),
            sender_phone=check(phone_checked, sender_phone),
            publication=check(_publication, publication),
            language=language if language in CONTENT_LANGUAGES else FALLBACK_LANGUAGE,
            source=source,
            client=client,
            filing_nonce=filing_nonce,
        )
        cleaned_photos = check(case_photos_clean, uploads=photos) or []
        if check.errors:
            raise CaseInvalid(check.errors)
        now = now or timezone.now()
        if fingerprint:
            case_filing_count(organization=organization, fingerprint=fingerprint, now=now)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    case.save()
            except IntegrityError:
                # The same form sent twice at the same moment: the other request filed it.
                earlier = _filed_with(filing_nonce)
                if earlier is None:
                    raise
                return earlier
            CaseEvent.objects.create(
                organization=organization, case=case, at=now, action=EventAction.FILED
            )
            case_photos_store(case=case, photos=cleaned_photos)
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
