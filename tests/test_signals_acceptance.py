"""Issue 4's acceptance, end to end through the real pages and a real SMTP server.

A citizen files a signal, confirms it through the link in the e-mail and tracks it; an
officer routes and answers it; it then appears in the public register, is found by a
Bulgarian word form, and is served through Open311 with the answer and no personal data.
"""

import json

from django.urls import reverse
from django_scopes import scopes_disabled

from civicpulse.cases.models import Case, Stage
from civicpulse.core.models import Role
from tests.cases.portal import FILED, hidden, link_in
from tests.factories import DepartmentFactory

ANSWER = "Дупките са запълнени от фирмата по поддръжка на уличната мрежа."


def test_from_the_form_to_the_register_and_open311(
    portal, client, run_jobs, mailbox, member_factory
):
    roads = DepartmentFactory(organization=portal, name_bg="Пътища", name_en="Roads")
    officer = member_factory(portal, Role.CASE_OFFICER)
    form = f"/o/{portal.slug}/signals/new/"
    filed = {
        **FILED,
        "title": "Дупки на улица „Цар Симеон“",
        "description": "Пред блок 25 има дълбоки дупки, пълни с вода.",
        "publication": "named",
    }

    # The citizen files, confirms from the real e-mail and follows the case.
    page = client.get(form).content.decode()
    response = run_jobs(client.post, form, {"form_token": hidden(page, "form_token"), **filed})
    assert response.status_code == 303
    [confirmation] = mailbox()
    assert run_jobs(client.post, link_in(confirmation, "/signals/confirm/")).status_code == 303
    registered = mailbox()[-1]
    with scopes_disabled():
        case = Case.objects.get()
    assert case.number in registered["Subject"]
    track = link_in(registered, "/signals/track/")
    assert case.number in client.get(track).content.decode()

    # An officer routes it to a department and answers it; the sender hears of both.
    client.force_login(officer)
    case_url = {"organization": portal.slug, "pk": case.pk}
    routed = run_jobs(
        client.post, reverse("backoffice:case_route", kwargs=case_url), {"department": roads.pk}
    )
    assert routed.status_code == 302
    answered = run_jobs(
        client.post, reverse("backoffice:case_answer", kwargs=case_url), {"answer": ANSWER}
    )
    assert answered.status_code == 302
    with scopes_disabled():
        case.refresh_from_db()
        assert case.status.stage == Stage.ANSWERED and case.department == roads
    assert ANSWER in mailbox()[-1].get_content()
    client.logout()

    # The public register shows it with the answer, found by another word form.
    register = client.get(f"/o/{portal.slug}/signals/", {"q": "дупката"}).content.decode()
    assert case.number in register
    detail = client.get(f"/o/{portal.slug}/signals/{case.number}/").content.decode()
    assert ANSWER in detail and FILED["sender_name"] in detail  # named, as consented
    assert FILED["sender_email"] not in detail and FILED["sender_phone"] not in detail

    # Open311 serves it, closed with the answer as its notes, without personal data.
    body = client.get(
        "/open311/v2/requests.json", {"jurisdiction_id": portal.slug}
    ).content.decode()
    [request] = json.loads(body)
    assert request["service_request_id"] == case.number
    assert request["status"] == "closed" and request["status_notes"] == ANSWER
    assert request["agency_responsible"] == roads.name
    for personal in (FILED["sender_name"], FILED["sender_email"], FILED["sender_phone"]):
        assert personal not in body
