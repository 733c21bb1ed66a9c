"""Membership services: inviting staff, changing their role and scope, removing them.

The rule they guard: an organisation always keeps at least one administrator. A scope
(departments, categories, areas) only means something for a department head and an
external organisation only for an auditor, so other roles keep neither.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.jobs import JobContext, job, job_enqueue
from civicpulse.core.models import (
    Area,
    Category,
    Department,
    Membership,
    Organization,
    Role,
    User,
)


@dataclass(frozen=True)
class MemberScope:
    """What narrows a member's view: lists for a department head (each non-empty one
    narrows, see feedback.selectors.touchpoints_visible_to), an employer for an auditor."""

    departments: Iterable[Department] = ()
    categories: Iterable[Category] = ()
    areas: Iterable[Area] = ()
    external_organization: str = ""


def member_invite(
    *,
    organization: Organization,
    email: str,
    full_name: str,
    role: str,
    scope: MemberScope | None = None,
    language: str = settings.LANGUAGE_CODE,
    invited_by: User | None = None,
) -> Membership:
    """Adds a person to the organisation, creating their account if there is none, and
    e-mails them; a new account gets a link to choose a password."""
    _check_role(role)
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=full_name.strip(), language=language)
            user.set_unusable_password()  # they choose one through the invitation link
            user.save()
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    organization=organization, user=user, role=role
                )
        except IntegrityError:  # one membership per person and organisation
            raise RuleViolation(
                _("%(email)s is already a member of this organisation.") % {"email": email},
                field="email",
            ) from None
        _apply_scope(membership, scope or MemberScope())
        _queue_invitation(membership, invited_by)
    return membership


def member_update(
    *,
    membership: Membership,
    role: str,
    scope: MemberScope | None = None,
) -> Membership:
    """Changes a member's role and scope; the last administrator cannot step down."""
    _check_role(role)
    with transaction.atomic():
        if role != Role.ADMINISTRATOR:
            _refuse_if_last_administrator(
                membership,
                _("The organisation needs at least one administrator; appoint another first."),
            )
        membership.role = role
        membership.save(update_fields=["role"])
        _apply_scope(membership, scope or MemberScope())
    return membership


def member_remove(*, membership: Membership) -> None:
    """Takes a person out of the organisation (their account stays for other organisations);
    the last administrator cannot be removed."""
    with transaction.atomic():
        _refuse_if_last_administrator(
            membership,
            _("This is the organisation's last administrator; appoint another first."),
        )
        membership.delete()


def member_invitation_resend(*, membership: Membership, invited_by: User | None = None) -> None:
    """E-mails the invitation again, with a fresh link for someone who has no password yet."""
    with transaction.atomic():
        _queue_invitation(membership, invited_by)


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise RuleViolation(_("Choose one of the roles offered."), field="role")


def _refuse_if_last_administrator(membership: Membership, message: str) -> None:
    # Locking the administrators' rows makes two simultaneous demotions queue up, so the
    # second one sees the first and is refused.
    administrators = list(
        Membership.objects.select_for_update()
        .filter(organization_id=membership.organization_id, role=Role.ADMINISTRATOR)
        .values_list("pk", flat=True)
    )
    if administrators == [membership.pk]:
        raise RuleViolation(message, field="role")


def _apply_scope(membership: Membership, scope: MemberScope) -> None:
    is_head = membership.role == Role.DEPARTMENT_HEAD
    for field in ("departments", "categories", "areas"):
        items = list(getattr(scope, field)) if is_head else []
        if any(item.organization_id != membership.organization_id for item in items):
            raise RuleViolation(_("Choose from this organisation's own lists."), field=field)
        getattr(membership, field).set(items)
    is_auditor = membership.role == Role.AUDITOR
    membership.external_organization = scope.external_organization.strip() if is_auditor else ""
    membership.save(update_fields=["external_organization"])


def _queue_invitation(membership: Membership, invited_by: User | None) -> None:
    job_enqueue(
        invitation_send,
        organization=membership.organization,
        created_by=invited_by,
        membership_id=membership.pk,
    )


def password_set_path(user: User) -> str:
    """The invitation link's path: Django's password-reset token, valid for
    PASSWORD_RESET_TIMEOUT and spent once the password is set."""
    return reverse(
        "backoffice:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@job(title=_lazy("Send an invitation"), max_attempts=5)
def invitation_send(context: JobContext, *, membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("user", "organization").filter(pk=membership_id).first()
    )
    if membership is None:
        return  # removed before the e-mail went out
    user = membership.user
    needs_password = not user.has_usable_password()
    with translation.override(user.language):
        values = {
            "user": user,
            "organization": membership.organization,
            "role": membership.get_role_display(),
            "link": settings.SITE_URL
            + (password_set_path(user) if needs_password else reverse("login")),
            "needs_password": needs_password,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        subject = render_to_string("core/email/invitation_subject.txt", values)
        body = render_to_string("core/email/invitation_body.txt", values)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
    context.progress(1, 1)
