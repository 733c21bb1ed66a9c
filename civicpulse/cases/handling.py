"""Handling a registered case: routing it to a department, assigning an officer, changing its
state, answering, extending the deadline and internal notes.

Every service runs in one transaction on the locked case, checks that the actor's role may
do it (a department head only within their scope), adds one event to the case's history
with the actor and the time, and e-mails the sender at most once, only at a public step.
Anything not allowed is refused with RuleViolation, naming the field where there is one.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope

from civicpulse.cases.filing import text_checked
from civicpulse.cases.mail import CaseMail, case_mail_queue
from civicpulse.cases.models import Case, CaseEvent, CaseStatus, EventAction, Stage
from civicpulse.cases.registry import status_for_stage
from civicpulse.cases.selectors import (
    case_is_in_scope_of,
    handling_officers,
    routing_rules_matching,
)
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Department, Membership, Role, User

MAX_TEXT = 5000  # a note, a reason
MAX_ANSWER = 10000
MAX_EXTENSION_DAYS = 365
MAX_FORWARDED_TO = 200


def routing_propose(*, case: Case) -> Department | None:
    """The department of the most specific routing rule the case matches; of equally
    specific rules, the first by position. A rule for an area also matches the areas inside
    it, and a rule for a deeper area is more specific than one for an area above it."""
    rules = list(routing_rules_matching(case).select_related("area"))
    if not rules:
        return None

    def rank(rule):
        depth = rule.area.depth if rule.area_id else -1
        return (-rule.specificity, -depth, rule.position, rule.pk)

    return min(rules, key=rank).department


def actor_membership(*, case: Case, actor: User | None, permission: str) -> Membership | None:
    """The actor's membership, if their role may do this to this case; None for the system.

    A department head acts only on the cases within their scope."""
    if actor is None:
        return None
    membership = Membership.objects.filter(user=actor, organization_id=case.organization_id).first()
    if membership is None or not membership.has_permission(permission):
        raise RuleViolation(_("Your role does not allow this."))
    if not case_is_in_scope_of(membership=membership, case=case):
        raise RuleViolation(_("This case is outside your departments."))
    return membership


@contextmanager
def _changing(
    case: Case, actor: User | None, permission: str
) -> Iterator[tuple[Case, Membership | None]]:
    """The case, locked and read afresh, and the actor's membership, inside the
    organisation's scope and a transaction."""
    with scope(organization=case.organization), transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("organization", "kind", "status", "department", "officer", "area")
            .get(pk=case.pk)
        )
        if not locked.is_registered:
            raise RuleViolation(_("This case is not registered yet."))
        yield locked, actor_membership(case=locked, actor=actor, permission=permission)


def _record(case: Case, action: str, actor, now, *, public: bool, text: str = "", **data):
    return CaseEvent.objects.create(
        organization_id=case.organization_id,
        case=case,
        at=now,
        actor=actor,
        action=action,
        is_public=public,
        text=text,
        data=data,
    )


def _mail(case: Case, message: str, **values) -> None:
    # A case registered by staff may have no e-mail address: it is answered by its channel.
    if case.sender_email:
        case_mail_queue(case, message, **values)


def _in_language(case: Case, value) -> str:
    """A name (a state's, a department's) as the sender reads it."""
    with translation.override(case.language):
        return str(value)


def _require_open(case: Case) -> None:
    if case.status is None or case.status.stage not in Stage.open():
        raise RuleViolation(_("The case is no longer open: reopen it first."))


def case_route(*, case: Case, department: Department, actor: User | None, now=None) -> Case:
    """Sends an open case to one of the organisation's active departments.

    A different department clears the officer (its head assigns one) and an assigned case
    goes back to received. Public: the sender is told which department handles it."""
    now = now or timezone.now()
    with _changing(case, actor, "cases.triage") as (locked, _membership):
        if (
            department is None
            or department.organization_id != locked.organization_id
            or not department.is_active
        ):
            raise RuleViolation(_("Choose one of the active departments."), field="department")
        _require_open(locked)
        if locked.department_id == department.pk:
            raise RuleViolation(_("The case is already with this department."), field="department")
        before = locked.department
        locked.department = department
        if locked.officer_id:
            locked.officer = None
        if locked.status.stage == Stage.ASSIGNED:
            locked.status = status_for_stage(locked.organization, Stage.RECEIVED)
        locked.save(update_fields=["department", "officer", "status", "updated_at"])
        name = _in_language(locked, department)
        _record(
            locked,
            EventAction.ROUTED,
            actor,
            now,
            public=True,
            text=name,
            department=department.pk,
            before=before.pk if before else None,
        )
        _mail(locked, CaseMail.STATUS, state=_in_language(locked, locked.status), department=name)
    return locked


def case_assign(*, case: Case, officer: User, actor: User | None, now=None) -> Case:
    """Gives an open case to an officer, a member whose role handles cases; the case moves
    to the assigned stage. A department head assigns only the cases of their departments.

    Internal: the sender sees the state, but is not e-mailed for it."""
    now = now or timezone.now()
    with _changing(case, actor, "cases.assign") as (locked, membership):
        _require_open(locked)
        if officer is None or not (
            handling_officers(organization_id=locked.organization_id).filter(pk=officer.pk).exists()
        ):
            raise RuleViolation(_("Choose a member whose role handles cases."), field="officer")
        if locked.officer_id == officer.pk:
            raise RuleViolation(_("The case is already assigned to them."), field="officer")
        if not _may_assign(membership, locked):
            raise RuleViolation(
                _("A department head assigns only the cases of their own departments.")
            )
        before = locked.officer
        locked.officer = officer
        locked.status = status_for_stage(locked.organization, Stage.ASSIGNED)
        locked.save(update_fields=["officer", "status", "updated_at"])
        _record(
            locked,
            EventAction.ASSIGNED,
            actor,
            now,
            public=False,
            text=str(officer),
            officer=officer.pk,
            before=before.pk if before else None,
        )
    return locked


def _may_assign(membership: Membership | None, case: Case) -> bool:
    if membership is None or membership.role != Role.DEPARTMENT_HEAD:
        return True
    return (
        case.department_id is not None
        and membership.departments.filter(pk=case.department_id).exists()
    )


def case_set_status(
    *,
    case: Case,
    status: CaseStatus,
    actor: User | None,
    text: str = "",
    duplicate_of: Case | None = None,
    forwarded_to: str = "",
    now=None,
) -> Case:
    """Moves the case to another of the organisation's active states. Public: `text` goes to
    the sender with the new state.

    Rejected needs the reason in `text`; duplicate needs `duplicate_of`, another registered
    case of the organisation; forwarded needs `forwarded_to`, the institution now in charge.
    Closing stamps closed_at; back to an open stage (a reopening) clears it and any reopen
    request. The answered stage is reached by answering (case_answer), not here."""
    now = now or timezone.now()
    with _changing(case, actor, "cases.handle") as (locked, _membership):
        if (
            status is None
            or status.organization_id != locked.organization_id
            or not status.is_active
        ):
            raise RuleViolation(_("Choose one of the active states."), field="status")
        if status.pk == locked.status_id:
            raise RuleViolation(_("The case is already in this state."), field="status")
        text = text_checked(
            text, field="text", most=MAX_TEXT, required=status.stage == Stage.REJECTED
        )
        if status.stage == Stage.ANSWERED and not locked.answer:
            raise RuleViolation(
                _("Write the answer to move the case to an answered state."), field="status"
            )
        locked.duplicate_of = _duplicate_of(locked, duplicate_of, status)
        locked.forwarded_to = (
            text_checked(forwarded_to, field="forwarded_to", most=MAX_FORWARDED_TO)
            if status.stage == Stage.FORWARDED
            else ""
        )
        before = locked.status
        locked.status = status
        if status.stage == Stage.CLOSED:
            locked.closed_at = now
        elif status.stage in Stage.open():
            locked.closed_at = None
            locked.reopen_requested_at = None
        locked.save(
            update_fields=[
                "status",
                "duplicate_of",
                "forwarded_to",
                "closed_at",
                "reopen_requested_at",
                "updated_at",
            ]
        )
        _record(
            locked,
            EventAction.STATUS,
            actor,
            now,
            public=True,
            text=text,
            status=status.pk,
            stage=status.stage,
            before=before.pk if before else None,
            duplicate_of=locked.duplicate_of.number if locked.duplicate_of else "",
            forwarded_to=locked.forwarded_to,
        )
        _mail(
            locked,
            CaseMail.STATUS,
            state=_in_language(locked, status),
            stage=status.stage,
            text=text,
            duplicate_of=locked.duplicate_of.number if locked.duplicate_of else "",
            forwarded_to=locked.forwarded_to,
        )
    return locked


def _duplicate_of(case: Case, original: Case | None, status: CaseStatus) -> Case | None:
    if status.stage != Stage.DUPLICATE:
        return None
    if (
        original is None
        or original.organization_id != case.organization_id
        or original.registered_at is None
        or original.pk == case.pk
    ):
        raise RuleViolation(
            _("Give the registry number of the case this one repeats."), field="duplicate_of"
        )
    return original


def case_answer(*, case: Case, text: str, actor: User | None, now=None) -> Case:
    """Gives the sender the answer: it is stamped, the case moves to the answered stage and
    the sender gets it by e-mail. A case already answered may be answered again (a reopened
    one first goes back to an open state); a newer answer replaces the published one, and a
    redaction of the older answer is dropped with it."""
    now = now or timezone.now()
    with _changing(case, actor, "cases.handle") as (locked, _membership):
        if locked.status.stage not in {*Stage.open(), Stage.ANSWERED}:
            raise RuleViolation(_("The case is no longer open: reopen it first."))
        text = text_checked(text, field="answer", most=MAX_ANSWER)
        redaction_dropped = bool(locked.redacted_answer)
        locked.answer = text
        locked.redacted_answer = ""
        locked.answered_at = now
        locked.reopen_requested_at = None
        locked.status = status_for_stage(locked.organization, Stage.ANSWERED)
        locked.save(
            update_fields=[
                "answer",
                "redacted_answer",
                "answered_at",
                "reopen_requested_at",
                "status",
                "updated_at",
            ]
        )
        _record(
            locked,
            EventAction.ANSWERED,
            actor,
            now,
            public=True,
            text=text,
            redaction_dropped=redaction_dropped,
        )
        _mail(locked, CaseMail.ANSWERED, answer=text)
    return locked


def _due_on(case: Case, day: date) -> datetime:
    """A new deadline on `day`, at the time of day the current one falls (organisation time)."""
    zone = ZoneInfo(case.organization.time_zone)
    return datetime.combine(
        day, case.due_at.astimezone(zone).timetz().replace(tzinfo=None)
    ).replace(tzinfo=zone)


def case_extend(
    *,
    case: Case,
    reason: str,
    actor: User | None,
    days: int | None = None,
    due_on: date | None = None,
    now=None,
) -> Case:
    """Moves an open case's deadline later, by `days` or to the day `due_on` (one of them),
    for a reason the sender is told by e-mail. The new deadline must be later than the
    current one and still ahead."""
    now = now or timezone.now()
    with _changing(case, actor, "cases.handle") as (locked, _membership):
        _require_open(locked)
        reason = text_checked(reason, field="reason", most=MAX_TEXT)
        if (days is None) == (due_on is None):
            raise RuleViolation(_("Give either the number of days or the new date."), field="days")
        if days is not None:
            if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
                raise RuleViolation(
                    _("Give from 1 to %(n)s days.") % {"n": MAX_EXTENSION_DAYS}, field="days"
                )
            new_due = locked.due_at + timedelta(days=days)
        else:
            new_due = _due_on(locked, due_on)
            if new_due > locked.due_at + timedelta(days=MAX_EXTENSION_DAYS):
                raise RuleViolation(
                    _("Extend by at most %(n)s days.") % {"n": MAX_EXTENSION_DAYS}, field="due_on"
                )
        if new_due <= locked.due_at:
            raise RuleViolation(
                _("The new deadline must be later than the current one."), field="due_on"
            )
        if new_due <= now:
            raise RuleViolation(_("The new deadline must be in the future."), field="due_on")
        before = locked.due_at
        locked.due_at = new_due
        locked.save(update_fields=["due_at", "updated_at"])
        _record(
            locked,
            EventAction.EXTENDED,
            actor,
            now,
            public=True,
            text=reason,
            before=before.isoformat(),
            after=new_due.isoformat(),
        )
        zone = ZoneInfo(locked.organization.time_zone)
        previous, new = (
            moment.astimezone(zone).strftime("%d.%m.%Y") for moment in (before, new_due)
        )
        _mail(locked, CaseMail.EXTENDED, reason=reason, previous_due=previous, new_due=new)
    return locked


def case_note(*, case: Case, text: str, actor: User | None, now=None) -> CaseEvent:
    """Adds an internal note: never shown or e-mailed to the sender."""
    now = now or timezone.now()
    with _changing(case, actor, "cases.handle") as (locked, _membership):
        text = text_checked(text, field="text", most=MAX_TEXT)
        locked.save(update_fields=["updated_at"])
        return _record(locked, EventAction.NOTE, actor, now, public=False, text=text)
