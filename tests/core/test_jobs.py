"""Background jobs through the real database queue and its worker."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks_db.models import DBTaskResult

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.jobs import job, job_enqueue, job_retry, job_title, retry_delay
from civicpulse.core.models import Category, Job, JobStatus
from tests.factories import CategoryFactory, OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)

calls: list[int] = []


@job(title="Count categories", max_attempts=3)
def count_categories(context, *, fail_times: int = 0):
    """Counts its organisation's categories, reporting progress; fails the first N attempts."""
    names = list(Category.objects.values_list("slug", flat=True))  # no explicit filter: the scope
    for done in range(1, len(names) + 1):
        context.progress(done, len(names), note=f"category {done}")
    calls.append(context.job.attempts)
    if context.job.attempts <= fail_times:
        raise ConnectionError("the mail server is down")
    return {"categories": sorted(names)}


def plain_function(context):
    return None


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def make_due(job_row):
    """Moves a deferred retry into the past, as if its back-off had elapsed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.fixture
def two_orgs():
    ours, theirs = OrganizationFactory(slug="ours"), OrganizationFactory(slug="theirs")
    CategoryFactory(organization=ours, slug="parks")
    CategoryFactory(organization=ours, slug="schools")
    CategoryFactory(organization=theirs, slug="secret")
    calls.clear()
    return ours, theirs


def reload(job_row) -> Job:
    with scopes_disabled():
        return Job.objects.get(pk=job_row.pk)


def test_a_job_runs_in_its_organisations_scope_and_reports_progress(two_orgs):
    ours, _ = two_orgs
    with scopes_disabled():
        job_row = job_enqueue(count_categories, organization=ours)
    assert (
        job_row.task_result_id == "" and reload(job_row).task_result_id
    )  # given an id once queued

    run_worker()

    job_row = reload(job_row)
    assert job_row.status == JobStatus.SUCCEEDED
    assert job_row.result == {"categories": ["parks", "schools"]}  # not the other tenant's
    assert (job_row.progress_done, job_row.progress_total, job_row.percent) == (2, 2, 100)
    assert job_row.attempts == 1 and job_row.finished_at is not None


def test_nothing_is_queued_when_the_transaction_rolls_back(two_orgs):
    ours, _ = two_orgs

    def request_that_fails_after_enqueuing():
        with scopes_disabled(), transaction.atomic():
            job_enqueue(count_categories, organization=ours)
            raise RuntimeError("the request failed after enqueuing")

    with pytest.raises(RuntimeError):
        request_that_fails_after_enqueuing()
    assert DBTaskResult.objects.count() == 0
    with scopes_disabled():
        assert Job.objects.count() == 0


def test_a_job_is_queued_only_after_commit(two_orgs):
    ours, _ = two_orgs
    with scopes_disabled(), transaction.atomic():
        job_enqueue(count_categories, organization=ours)
        assert DBTaskResult.objects.count() == 0
    assert DBTaskResult.objects.count() == 1


def test_a_failure_is_retried_with_back_off_then_succeeds(two_orgs):
    ours, _ = two_orgs
    with scopes_disabled():
        job_row = job_enqueue(count_categories, organization=ours, fail_times=1)

    before = timezone.now()
    run_worker()
    job_row = reload(job_row)
    assert job_row.status == JobStatus.RETRYING
    assert "the mail server is down" in job_row.last_error
    assert job_row.next_attempt_at >= before + retry_delay(1)
    deferred = DBTaskResult.objects.get(status="READY")
    assert deferred.run_after == job_row.next_attempt_at

    run_worker()  # the back-off has not elapsed: nothing runs
    assert reload(job_row).status == JobStatus.RETRYING

    make_due(job_row)
    run_worker()
    job_row = reload(job_row)
    assert job_row.status == JobStatus.SUCCEEDED
    assert job_row.attempts == 2 and calls == [1, 2]
    assert job_row.last_error == ""


def test_after_its_last_attempt_a_job_fails_and_can_be_retried_by_an_administrator(two_orgs):
    ours, _ = two_orgs
    with scopes_disabled():
        job_row = job_enqueue(count_categories, organization=ours, fail_times=99)
    for _ in range(3):
        run_worker()
        make_due(job_row)
    job_row = reload(job_row)
    assert job_row.status == JobStatus.FAILED
    assert job_row.attempts == 3
    assert DBTaskResult.objects.filter(status="READY").count() == 0

    with scopes_disabled():
        job_retry(job_row=job_row)
    run_worker()
    job_row = reload(job_row)
    assert job_row.attempts == 1 and job_row.status == JobStatus.RETRYING


def test_only_failed_jobs_can_be_retried(two_orgs):
    ours, _ = two_orgs
    with scopes_disabled():
        job_row = job_enqueue(count_categories, organization=ours)
        with pytest.raises(RuleViolation):
            job_retry(job_row=job_row)


def test_unregistered_functions_are_refused(two_orgs):
    ours, _ = two_orgs
    with scopes_disabled(), pytest.raises(RuleViolation):
        job_enqueue(plain_function, organization=ours)


def test_staff_see_a_jobs_title_not_its_code():
    assert job_title(count_categories.job_name) == "Count categories"
    assert job_title("civicpulse.gone.away") == "civicpulse.gone.away"


def test_back_off_doubles_and_is_capped():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(30) == timedelta(hours=1)
