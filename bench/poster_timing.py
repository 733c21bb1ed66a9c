"""Bulk posters: the real print job (poster_jobs.print_posters) for an organisation's places,
in this process, as the worker runs it: the selection query, the PDF, progress writes and
the file saved to storage."""

import statistics
import time

from django.core.files.storage import default_storage
from django_scopes import scope

from civicpulse.core.jobs import JobContext
from civicpulse.core.models import Job, Organization
from civicpulse.feedback.poster_jobs import print_posters
from civicpulse.feedback.posters import PosterFormat

TARGET_SECONDS = 10.0
# What the back office's form offers first, and what a place's single poster defaults to.
DEFAULT_FORMAT = PosterFormat.A4


def poster_runs(organization: Organization, *, runs: int) -> dict:
    seconds, result, pdf_bytes = [], {}, 0
    with scope(organization=organization):
        for _run in range(runs):
            kwargs = {"poster_format": DEFAULT_FORMAT.value}
            job_row = Job.objects.create(
                organization=organization, name=print_posters.job_name, kwargs=kwargs
            )
            started = time.perf_counter()
            result = print_posters(JobContext(job_row), **kwargs)
            seconds.append(time.perf_counter() - started)
            pdf_bytes = default_storage.size(result["path"])
    median = statistics.median(seconds)
    return {
        "format": DEFAULT_FORMAT.value,
        "touchpoints": result.get("count", 0),
        "pdf_bytes": pdf_bytes,
        "runs_s": [round(s, 3) for s in seconds],
        "median_s": round(median, 3),
        "target_s": TARGET_SECONDS,
        "pass": median <= TARGET_SECONDS,
    }
