"""The baseline: the least a Django view can do for a submission, under the same server.

A plain form (a 0-10 score and a comment), one INSERT with a raw cursor, a 303 redirect.
Its table is made by the bench (`baseline_table_create`), not by a migration.
"""

from django import forms
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

BASELINE_PATH = "/bench/baseline"
BASELINE_THANKS = "/bench/baseline/thanks"
TABLE = "bench_baseline"


class BaselineForm(forms.Form):
    score = forms.IntegerField(min_value=0, max_value=10)
    comment = forms.CharField(required=False, max_length=2000)


def baseline_table_create() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "id integer PRIMARY KEY AUTOINCREMENT, score integer NOT NULL, "
            "comment text NOT NULL, created_at text NOT NULL)"
        )


def baseline_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 (a constant name)
        return cursor.fetchone()[0]


@csrf_exempt  # as the questionnaire: the comparison is the work, not a different check
@require_POST
def baseline_submit(request):
    form = BaselineForm(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (score, comment, created_at) VALUES (%s, %s, %s)",  # noqa: S608
            [form.cleaned_data["score"], form.cleaned_data["comment"], timezone.now().isoformat()],
        )
    return HttpResponseRedirect(BASELINE_THANKS, status=303)
