"""Background jobs on Django's tasks API, with progress reporting and retries.

A job is a plain function registered with `@job`. `job_enqueue` records a `Job` row and
queues it only once the surrounding transaction commits, passing ids, not objects.
The one real task, `execute_job`, reloads the row, enters the organisation's scope and
calls the function with a `JobContext` for progress. A failure is retried with
exponential back-off until `max_attempts`, then the job is marked failed for
administrators to see and retry.
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Job, JobStatus, Organization

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600


@dataclass(frozen=True)
class JobDefinition:
    name: str
    title: str  # shown to staff; a lazy translation
    function: Callable
    max_attempts: int


_registry: dict[str, JobDefinition] = {}


def job(*, title, max_attempts: int = 5):
    """Registers a function `f(context, **kwargs)` as a background job called `title`."""

    def register(function):
        name = f"{function.__module__}.{function.__qualname__}"
        _registry[name] = JobDefinition(name, title, function, max_attempts)
        function.job_name = name
        return function

    return register


def job_title(name: str) -> str:
    """What staff call a job; a job whose code is gone keeps its technical name."""
    definition = _registry.get(name)
    return str(definition.title) if definition else name


class JobContext:
    """What a running job can tell the back office about itself."""

    def __init__(self, job_row: Job):
        self.job = job_row
        self.organization = job_row.organization

    def progress(self, done: int, total: int | None = None, note: str = "") -> None:
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total
        self.job.progress_note = note[:200]
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=self.job.progress_done,
            progress_total=self.job.progress_total,
            progress_note=self.job.progress_note,
        )


def retry_delay(attempt: int) -> timedelta:
    """30 s, 60 s, 120 s … capped at an hour."""
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** (attempt - 1), RETRY_MAX_SECONDS))


def job_enqueue(
    function: Callable, *, organization: Organization, created_by=None, **kwargs
) -> Job:
    """Records the job and queues it when the current transaction commits."""
    definition = _registry.get(getattr(function, "job_name", ""))
    if definition is None:
        raise RuleViolation(_("%(name)s is not a background job.") % {"name": function})
    job_row = Job.objects.create(
        organization=organization,
        name=definition.name,
        kwargs=kwargs,
        max_attempts=definition.max_attempts,
        created_by=created_by,
    )
    transaction.on_commit(partial(_queue, job_row.pk))
    return job_row


def job_retry(*, job_row: Job) -> Job:
    """Queues a failed job again, with a fresh set of attempts."""
    if job_row.status != JobStatus.FAILED:
        raise RuleViolation(_("Only a failed job can be retried."))
    job_row.status = JobStatus.QUEUED
    job_row.attempts = 0
    job_row.next_attempt_at = None
    job_row.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(partial(_queue, job_row.pk))
    return job_row


def _queue(job_id: int, *, run_after=None) -> None:
    queued = execute_job.using(run_after=run_after) if run_after else execute_job
    result = queued.enqueue(job_id=job_id)
    with scopes_disabled():
        Job.objects.filter(pk=job_id).update(task_result_id=str(result.id))


@task()
def execute_job(job_id: int):
    with scopes_disabled():
        job_row = Job.objects.select_related("organization").filter(pk=job_id).first()
    if job_row is None or job_row.is_finished:
        return None  # deleted, or a duplicate delivery of a finished job
    definition = _registry.get(job_row.name)
    with scope(organization=job_row.organization):
        job_row.status = JobStatus.RUNNING
        job_row.attempts += 1
        job_row.started_at = timezone.now()
        job_row.save(update_fields=["status", "attempts", "started_at"])
        try:
            if definition is None:
                raise LookupError(f"No job is registered as {job_row.name!r}.")
            outcome = definition.function(JobContext(job_row), **job_row.kwargs)
        except Exception as error:  # every failure is recorded, then retried
            _record_failure(job_row, error)
            return None
        job_row.status = JobStatus.SUCCEEDED
        job_row.result = outcome
        job_row.last_error = ""
        job_row.finished_at = timezone.now()
        job_row.next_attempt_at = None
        job_row.save(
            update_fields=["status", "result", "last_error", "finished_at", "next_attempt_at"]
        )
    return outcome


def _record_failure(job_row: Job, error: Exception) -> None:
    job_row.last_error = "".join(traceback.format_exception(error))[-4000:]
    if job_row.attempts < job_row.max_attempts and not isinstance(error, LookupError):
        job_row.status = JobStatus.RETRYING
        job_row.next_attempt_at = timezone.now() + retry_delay(job_row.attempts)
        logger.warning("Job %s failed (attempt %s), retrying", job_row, job_row.attempts)
        transaction.on_commit(partial(_queue, job_row.pk, run_after=job_row.next_attempt_at))
    else:
        job_row.status = JobStatus.FAILED
        job_row.finished_at = timezone.now()
        logger.error("Job %s failed for good after %s attempts", job_row, job_row.attempts)
    job_row.save(update_fields=["status", "last_error", "next_attempt_at", "finished_at"])
