"""Moderation for the public register: hiding a case or its photos, and publishing redacted
texts instead of the sender's own (which staff still see). Allowed before and after the
case is published; the history keeps what each change replaced."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from civicpulse.cases.filing import text_checked
from civicpulse.cases.handling import MAX_ANSWER, MAX_TEXT, actor_membership
from civicpulse.cases.models import Case, CaseEvent, CasePhoto, EventAction
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import User

# What moderation may change, with the longest text each takes (None: a yes or no).
MODERATED_FIELDS = {
    "is_hidden": None,
    "redacted_title": Case._meta.get_field("redacted_title").max_length,
    "redacted_description": MAX_TEXT * 2,
    "redacted_answer": MAX_ANSWER,
}


def _value(field: str, value):
    most = MODERATED_FIELDS[field]
    if most is None:
        if not isinstance(value, bool):
            raise RuleViolation(_("Choose yes or no."), field=field)
        return value
    if not isinstance(value, str):
        raise RuleViolation(_("Enter a text."), field=field)
    return text_checked(value, field=field, most=most, required=False)


def case_moderate(
    *,
    case: Case,
    actor: User | None,
    changes: dict | None = None,
    photos_hidden: dict[int, bool] | None = None,
    reason: str = "",
    now=None,
) -> CaseEvent:
    """Applies moderation: `changes` maps fields of MODERATED_FIELDS to their new values (an
    empty redaction publishes the sender's own text again); `photos_hidden` maps the case's
    photo ids to whether each is hidden. Records one event with what was before and after;
    a request that changes nothing is refused."""
    now = now or timezone.now()
    changes = changes or {}
    photos_hidden = photos_hidden or {}
    unknown = set(changes) - set(MODERATED_FIELDS)
    if unknown:
        raise ValueError(f"Not moderated: {sorted(unknown)}")
    with scope(organization=case.organization), transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        actor_membership(case=locked, actor=actor, permission="cases.moderate")
        before, after = {}, {}
        for field, value in changes.items():
            value = _value(field, value)
            if getattr(locked, field) != value:
                before[field], after[field] = getattr(locked, field), value
                setattr(locked, field, value)
        photos = {photo.pk: photo for photo in CasePhoto.objects.filter(case=locked)}
        photo_changes = {}
        for pk, hidden in photos_hidden.items():
            photo = photos.get(pk)
            if photo is None or not isinstance(hidden, bool):
                raise RuleViolation(_("This photo is not one of the case's."), field="photos")
            if photo.is_hidden != hidden:
                photo_changes[str(pk)] = hidden
                photo.is_hidden = hidden
                photo.save(update_fields=["is_hidden"])
        if not after and not photo_changes:
            raise RuleViolation(_("Nothing was changed."))
        if after:
            locked.save(update_fields=[*after, "updated_at"])
        return CaseEvent.objects.create(
            organization_id=locked.organization_id,
            case=locked,
            at=now,
            actor=actor,
            action=EventAction.MODERATED,
            is_public=False,
            text=(reason or "").strip()[:MAX_TEXT],
            data={"before": before, "after": after, "photos_hidden": photo_changes},
        )
