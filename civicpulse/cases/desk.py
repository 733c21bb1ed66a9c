"""Cases received by phone, at the desk or by letter, registered by staff at once.

The law's rule stays: no proceedings on anonymous signals (Administrative Procedure Code,
art. 111(4)), so the sender's names are required, and a way to reach them: a phone number
or an e-mail address, at least one. Someone who calls or writes a letter may have no
e-mail; their case is answered the way it came, and nothing is e-mailed to them. There is
no confirmation link: staff took the case from the person, so it is registered with its
number straight away (civicpulse.cases.registry).
"""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_scopes import scope

from civicpulse.cases.filing import (
    MAX_ADDRESS,
    MAX_DESCRIPTION,
    MAX_TITLE,
    email_checked,
    names_checked,
    phone_checked,
    text_checked,
)
from civicpulse.cases.handling import actor_membership
from civicpulse.cases.mail import CaseMail, case_mail_queue
from civicpulse.cases.models import Case, CaseEvent, CaseKind, EventAction, Publication, Source
from civicpulse.cases.registry import case_register
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import CONTENT_LANGUAGES
from civicpulse.core.models import Area, Category, Organization, User


class Channel(models.TextChoices):
    """How the person brought the case to staff."""

    PHONE = "phone", _lazy("By phone")
    DESK = "desk", _lazy("At the desk")
    LETTER = "letter", _lazy("By letter")
    EMAIL = "email", _lazy("By e-mail to the office")


def _own(row, organization: Organization, field: str, *, required: bool = False):
    if row is None:
        if required:
            raise RuleViolation(_("This field is required."), field=field)
        return None
    if row.organization_id != organization.pk:
        raise RuleViolation(_("Choose from the list."), field=field)
    return row


def case_register_by_staff(
    *,
    organization: Organization,
    actor: User,
    channel: str,
    kind: CaseKind,
    title: str,
    description: str,
    sender_name: str,
    sender_email: str = "",
    sender_phone: str = "",
    publication: str = Publication.PRIVATE,
    category: Category | None = None,
    area: Area | None = None,
    address: str = "",
    language: str = "bg",
    now=None,
) -> Case:
    """Registers a case staff took by `channel`, with its number; the FILED event names who
    took it. The sender is e-mailed the acknowledgement when they gave an address."""
    now = now or timezone.now()
    if channel not in Channel.values:
        raise RuleViolation(_("Choose how the case was received."), field="channel")
    if publication not in Publication.values:
        raise RuleViolation(_("Choose how the case may be published."), field="publication")
    email = email_checked(sender_email) if (sender_email or "").strip() else ""
    phone = phone_checked(sender_phone) if (sender_phone or "").strip() else ""
    if not email and not phone:
        raise RuleViolation(
            _("Give a phone number or an e-mail address, so the answer can reach them."),
            field="sender_phone",
        )
    with scope(organization=organization):
        kind = _own(kind, organization, "kind", required=True)
        if not kind.is_active:
            raise RuleViolation(_("Choose from the list."), field="kind")
        case = Case(
            organization=organization,
            kind=kind,
            category=_own(category, organization, "category"),
            area=_own(area, organization, "area"),
            address=text_checked(address, field="address", most=MAX_ADDRESS, required=False),
            title=text_checked(title, field="title", most=MAX_TITLE),
            description=text_checked(description, field="description", most=MAX_DESCRIPTION),
            sender_name=names_checked(sender_name),
            sender_email=email,
            sender_phone=phone,
            publication=publication,
            language=language if language in CONTENT_LANGUAGES else "bg",
            source=Source.STAFF,
        )
        with transaction.atomic():
            case.save()
            actor_membership(case=case, actor=actor, permission="cases.triage")
            CaseEvent.objects.create(
                organization=organization,
                case=case,
                at=now,
                actor=actor,
                action=EventAction.FILED,
                data={"channel": channel},
            )
            return case_register(
                case=case,
                now=now,
                on_registered=lambda new: (
                    case_mail_queue(new, CaseMail.REGISTERED) if new.sender_email else None
                ),
            )
