"""A city app posts a signal; its sender confirms it through the link in the real e-mail;
an officer answers it; the app then reads the answer and the closed status."""

import re

from django.utils import timezone
from django_scopes import scopes_disabled

from civicpulse.cases.models import Case, CaseStatus, Stage
from tests.open311 import spec
from tests.open311.conftest import SITE

BASE = "/open311/v2"


def test_post_confirm_answer_read(client, portal, roads, make_client, mailbox, run_jobs):
    _app, key = make_client(portal)
    posted = run_jobs(
        client.post,
        f"{BASE}/requests.xml",
        {
            "api_key": key,
            "jurisdiction_id": portal.slug,
            "service_code": "roads",
            "lat": "42.425",
            "long": "25.634",
            "first_name": "Мирослава",
            "last_name": "Тайнова",
            "email": "miroslava.tainova@example.org",
            "phone": "0887654321",
            "description": "Паднал светофар на кръстовището\nПри бул. Руски.",
            "attribute[publication]": "anonymous",
        },
    )
    assert posted.status_code == 200
    [entry] = spec.document(posted)[1]
    token = entry["token"]

    [confirm] = mailbox()
    link = re.search(rf"{re.escape(SITE)}(/signals/confirm/\S+)", confirm.get_content()).group(1)
    assert run_jobs(client.post, link).status_code == 303

    [resolved] = client.get(f"{BASE}/tokens/{token}.json", {"jurisdiction_id": portal.slug}).json()
    number = resolved["service_request_id"]
    assert re.fullmatch(r"SZ-\d{4}-00001", number)

    [before] = client.get(f"{BASE}/requests/{number}.json", {"jurisdiction_id": portal.slug}).json()
    assert before["status"] == "open" and before["service_code"] == "roads"
    assert before["description"] == "Паднал светофар на кръстовището\nПри бул. Руски."

    with scopes_disabled():  # the officer's answer, as the back office would store it
        case = Case.objects.get(number=number)
        case.answer = "Светофарът е възстановен."
        case.status = CaseStatus.objects.get(organization=portal, stage=Stage.ANSWERED)
        case.answered_at = timezone.now()
        case.save()

    response = client.get(f"{BASE}/requests.xml", {"jurisdiction_id": portal.slug})
    _format, [after] = spec.document(response)
    assert spec.list_problems([after], spec.REQUEST, "xml") == []
    assert after["service_request_id"] == number
    assert after["status"] == "closed"
    assert after["status_notes"] == "Светофарът е възстановен."
    assert "Тайнова" not in response.content.decode()
