"""Background jobs as administrators see them: progress, errors, retry, the polling endpoint."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.core.models import Job, JobStatus
from tests.factories import OrganizationFactory

TRACEBACK = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: <b>boom</b>\n'


@pytest.fixture
def jobs(organization):
    with scopes_disabled():
        return {
            "running": Job.objects.create(
                organization=organization,
                name="civicpulse.feedback.exports.export_responses",
                status=JobStatus.RUNNING,
                attempts=1,
                progress_done=30,
                progress_total=120,
                progress_note="Writing rows",
            ),
            "failed": Job.objects.create(
                organization=organization,
                name="civicpulse.core.members.invitation_send",
                status=JobStatus.FAILED,
                attempts=5,
                last_error=TRACEBACK,
            ),
        }


def url(organization, path=""):
    return f"/manage/{organization.slug}/jobs/{path}"


def test_the_list_shows_progress_attempts_and_the_error(organization, jobs, admin_client):
    page = admin_client.get(url(organization), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'max="120" value="30"' in page
    assert "30 / 120" in page
    assert "Writing rows" in page
    assert "1 / 5" in page
    assert "ValueError: &lt;b&gt;boom&lt;/b&gt;" in page
    assert "Send an invitation" in page  # a registered job by its title
    assert "civicpulse.feedback.exports.export_responses" in page  # code gone: its name
    assert url(organization, f"{jobs['failed'].pk}/retry/") in page
    assert url(organization, f"{jobs['running'].pk}/retry/") not in page
    assert "civicpulse/jobs.js" in page
    assert f'href="{url(organization)}">' in page  # the refresh link that works without JS


def test_the_detail_shows_the_traceback(organization, jobs, admin_client):
    page = admin_client.get(url(organization, f"{jobs['failed'].pk}/")).content.decode()
    assert "Traceback (most recent call last)" in page
    assert "<b>boom</b>" not in page


def test_retrying_a_failed_job_queues_it_again(organization, jobs, admin_client):
    failed = jobs["failed"]
    response = admin_client.post(url(organization, f"{failed.pk}/retry/"))
    assert response.status_code == 302
    with scopes_disabled():
        failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (JobStatus.QUEUED, 0)


def test_retrying_a_job_that_has_not_failed_is_refused(organization, jobs, admin_client):
    running = jobs["running"]
    response = admin_client.post(url(organization, f"{running.pk}/retry/"), follow=True)
    assert "Нов опит може да се направи само за неуспешна задача." in response.content.decode()
    with scopes_disabled():
        running.refresh_from_db()
    assert running.status == JobStatus.RUNNING


def test_the_progress_endpoint_answers_for_the_asked_jobs_of_this_organization(
    organization, jobs, admin_client, in_english
):
    with scopes_disabled():
        foreign = Job.objects.create(organization=OrganizationFactory(), name="x")
    query = f"?id={jobs['running'].pk}&id={foreign.pk}&id=abc"
    data = admin_client.get(url(organization, f"progress/{query}")).json()
    assert data == {
        "jobs": [
            {
                "id": jobs["running"].pk,
                "status": "running",
                "status_label": "Running",
                "done": 30,
                "total": 120,
                "percent": 25,
                "note": "Writing rows",
                "finished": False,
            }
        ]
    }
