"""Reminders to departments: officers chase the departments, so each department with an
e-mail address gets the list of its open cases that are overdue or due soon, at most once a
day. Run for every organisation by `manage.py send_case_reminders` (from cron or a timer),
or at once from the overdue list in the back office; both queue background jobs.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _lazy
from django_scopes import scope

from civicpulse.cases.models import Case, CaseEvent, EventAction, Stage
from civicpulse.cases.selectors import DUE_SOON_DAYS
from civicpulse.core.i18n import FALLBACK_LANGUAGE
from civicpulse.core.jobs import JobContext, job, job_enqueue
from civicpulse.core.models import Department, Job, Organization, User

REMINDER_DAYS = DUE_SOON_DAYS  # the reminder lists the cases due within this many days
REMINDER_LANGUAGE = FALLBACK_LANGUAGE  # organisations write to their departments in Bulgarian


def _day_start(now: datetime, zone: str) -> datetime:
    local = now.astimezone(ZoneInfo(zone))
    return datetime.combine(local.date(), time.min, tzinfo=local.tzinfo)


def case_reminders_send(*, organization: Organization, now: datetime | None = None) -> int:
    """Queues one e-mail to each active department with an address and with open cases
    overdue or due within REMINDER_DAYS, adding a REMINDED event to each case listed.
    A department already reminded today (the organisation's day) is skipped.
    Returns how many departments are reminded."""
    now = now or timezone.now()
    since = _day_start(now, organization.time_zone)
    reminded = 0
    with scope(organization=organization):
        departments = Department.objects.filter(organization=organization, is_active=True).exclude(
            email=""
        )
        for department_id in departments.values_list("pk", flat=True):
            with transaction.atomic():
                # The department's row, locked: two runs at once take turns, and the
                # second finds the first one's events.
                department = Department.objects.select_for_update().get(pk=department_id)
                if CaseEvent.objects.filter(
                    organization=organization,
                    action=EventAction.REMINDED,
                    at__gte=since,
                    data__department=department.pk,
                ).exists():
                    continue
                cases = list(
                    Case.objects.filter(
                        organization=organization,
                        department=department,
                        registered_at__isnull=False,
                        status__stage__in=Stage.open(),
                        due_at__lt=now + timedelta(days=REMINDER_DAYS),
                    )
                    .order_by("due_at", "pk")
                    .values_list("pk", flat=True)
                )
                if not cases:
                    continue
                CaseEvent.objects.bulk_create(
                    CaseEvent(
                        organization=organization,
                        case_id=pk,
                        at=now,
                        action=EventAction.REMINDED,
                        text=department.email,
                        data={"department": department.pk},
                    )
                    for pk in cases
                )
                job_enqueue(
                    department_reminder_send,
                    organization=organization,
                    department_id=department.pk,
                    case_ids=cases,
                    now=now.isoformat(),
                )
                reminded += 1
    return reminded


@job(title=_lazy("Send reminders about overdue cases"), max_attempts=3)
def case_reminders_run(context: JobContext) -> dict:
    return {"departments": case_reminders_send(organization=context.organization)}


def case_reminders_queue(*, organization: Organization, requested_by: User | None = None) -> Job:
    """Queues case_reminders_send for the organisation, as a background job."""
    return job_enqueue(case_reminders_run, organization=organization, created_by=requested_by)


@job(title=_lazy("Send a reminder to a department"), max_attempts=8)
def department_reminder_send(
    context: JobContext, *, department_id: int, case_ids: list[int], now: str
) -> None:
    department = Department.objects.filter(pk=department_id).first()
    if department is None or not department.email:
        return
    organization = context.organization
    moment = datetime.fromisoformat(now)
    cases = list(
        Case.objects.filter(pk__in=case_ids)
        .select_related("kind", "status")
        .order_by("due_at", "pk")
    )
    with translation.override(REMINDER_LANGUAGE), timezone.override(organization.time_zone):
        rows = [
            {
                "case": case,
                "days": (case.due_at - moment).days if case.due_at >= moment else None,
                "overdue_days": (moment - case.due_at).days if case.due_at < moment else None,
                "url": settings.SITE_URL
                + reverse(
                    "backoffice:case_detail",
                    kwargs={"organization": organization.slug, "pk": case.pk},
                ),
            }
            for case in cases
        ]
        values = {
            "organization": organization,
            "department": department,
            "overdue": [row for row in rows if row["overdue_days"] is not None],
            "due_soon": [row for row in rows if row["days"] is not None],
            "days": REMINDER_DAYS,
        }
        subject = render_to_string("cases/email/reminder_subject.txt", values)
        body = render_to_string("cases/email/reminder_body.txt", values)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[department.email]).send()
    context.progress(1, 1)
