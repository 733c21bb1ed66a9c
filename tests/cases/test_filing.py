"""Filing a case, confirming it through the link in a real e-mail, and following it."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from civicpulse.cases import filing
from civicpulse.cases.abuse import FILING_BURST
from civicpulse.cases.filing import (
    DRAFT_VALID,
    MAX_DESCRIPTION,
    CaseInvalid,
    case_confirm,
    case_drafts_purge,
    case_file,
)
from civicpulse.cases.links import CONFIRM_SALT, confirmation_token
from civicpulse.cases.models import Case, CaseEvent, EventAction
from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.abuse import SubmissionThrottled
from tests.cases.portal import link_in

VALID = {
    "kind_slug": "signal",
    "title": "Счупена пейка в парка",
    "description": "Пейката до детската площадка е счупена от седмица.",
    "sender_name": "Мария Иванова",
    "sender_email": "maria@example.org",
    "sender_phone": "+359 88 765 4321",
}


def test_file_confirm_by_the_e_mailed_link_and_follow(portal, run_jobs, mailbox, client):
    case = run_jobs(case_file, organization=portal, **VALID)
    assert not case.is_registered and case.number == ""
    [confirm] = mailbox()
    assert confirm["To"] == "maria@example.org"
    assert "Мария Иванова" in confirm.get_content()
    link = link_in(confirm, "/signals/confirm/")

    page = client.get(link)  # a mail scanner opening the link registers nothing
    assert page.status_code == 200 and "<form" in page.content.decode()
    case.refresh_from_db()
    assert not case.is_registered

    confirmed = run_jobs(client.post, link)
    assert confirmed.status_code == 303
    with scopes_disabled():
        case.refresh_from_db()
    assert re.fullmatch(r"SZ-\d{4}-00001", case.number)
    [_confirm, registered] = mailbox()
    assert case.number in registered["Subject"]
    track = link_in(registered, "/signals/track/")
    assert confirmed.url == track

    followed = client.get(track).content.decode()
    assert case.number in followed and VALID["title"] in followed
    assert followed.count("<li>") == 1  # registered; filing is not shown to the sender

    again = run_jobs(client.post, link)  # a second click
    assert again.status_code == 303 and again.url == track
    assert len(mailbox()) == 2
    with scope(organization=portal):
        actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == [EventAction.FILED, EventAction.REGISTERED]


def test_the_e_mails_are_in_the_sender_s_language(portal, run_jobs, mailbox):
    run_jobs(case_file, organization=portal, language="en", **VALID)
    [confirm] = mailbox()
    assert confirm["Subject"].startswith("Confirm your case")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sender_email", ""),
        ("sender_email", "not-an-address"),
        ("sender_email", "maria@"),
        ("sender_phone", ""),
        ("sender_phone", "call me"),
        ("sender_phone", "123"),
        ("sender_phone", "+359 " + "8" * 20),
        ("sender_name", ""),
        ("sender_name", "Мария"),  # one name is not names
        ("title", ""),
        ("title", "x" * 201),
        ("description", "   "),
        ("description", "д" * 10_000),
        ("kind_slug", "no-such-kind"),
        ("publication", "everyone"),
        ("category_id", 999_999),
        ("area_id", "abc"),
        ("latitude", "91"),
        ("longitude", "NaN"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_stored(portal, run_jobs, field, value):
    values = {**VALID, field: value}
    if field in ("latitude", "longitude"):
        values.update({"latitude": "42.42", "longitude": "25.62", field: value})
    with pytest.raises(RuleViolation) as refused:
        run_jobs(case_file, organization=portal, **values)
    expected = {"kind_slug": "kind", "category_id": "category", "area_id": "area"}
    assert refused.value.field == expected.get(field, field)
    assert str(refused.value.message)
    with scopes_disabled():
        assert not Case.objects.exists()


def test_the_limit_is_named_in_the_message(portal):
    with pytest.raises(RuleViolation) as refused:
        case_file(organization=portal, **{**VALID, "description": "д" * 10_000})
    assert str(MAX_DESCRIPTION) in refused.value.message and "10000" in refused.value.message


def test_script_is_kept_as_text_and_shown_as_text(portal, client):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    case = case_file(organization=portal, **{**VALID, "title": hostile, "description": hostile})
    case = case_confirm(token=confirmation_token(case))
    assert case.title == hostile
    page = client.get(f"/signals/track/{case.tracking_key}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


FORGED = {
    "empty": lambda: "",
    "unsigned": lambda: "forged",
    "bad-signature": lambda: "1.abc:1vZ:bad-signature",
    "signed-for-another-purpose": lambda: signing.TimestampSigner(salt="other").sign("1.key"),
}


@pytest.mark.parametrize("forgery", FORGED)
def test_a_forged_link_registers_nothing(portal, client, forgery):
    token = FORGED[forgery]()
    case = case_file(organization=portal, **VALID)
    with pytest.raises(RuleViolation):
        case_confirm(token=token)
    page = client.post(f"/signals/confirm/{token or 'x'}/")
    assert page.status_code == 400 and 'role="alert"' in page.content.decode()
    case.refresh_from_db()
    assert not case.is_registered


def test_a_token_for_another_case_s_key_is_refused(portal):
    case = case_file(organization=portal, **VALID)
    other = signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{case.pk}.guessed-key")
    with translation.override("en"), pytest.raises(RuleViolation, match="no longer exists"):
        case_confirm(token=other)


def test_an_expired_link_asks_to_file_again_and_old_drafts_go(portal, monkeypatch):
    case = case_file(organization=portal, **VALID)
    token = confirmation_token(case)
    later = timezone.now() + DRAFT_VALID + timedelta(minutes=1)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    with translation.override("en"), pytest.raises(RuleViolation, match="expired"):
        case_confirm(token=token)
    registered = case_confirm(token=confirmation_token(case_file(organization=portal, **VALID)))
    assert case_drafts_purge(now=later) == 1
    with scopes_disabled():
        assert list(Case.objects.all()) == [registered]


def test_an_unregistered_or_unknown_case_has_no_tracking_page(portal, client):
    case = case_file(organization=portal, **VALID)
    assert client.get(f"/signals/track/{case.tracking_key}/").status_code == 404
    assert client.get("/signals/track/nothing-here-at-all-123/").status_code == 404


def test_no_link_is_stored_with_the_queued_e_mail(portal):
    from civicpulse.core.models import Job

    case = case_file(organization=portal, **VALID)
    with scope(organization=portal):
        [job] = Job.objects.all()
    assert job.kwargs == {"case_id": case.pk, "message": "confirm"}


def test_filing_tidies_expired_drafts_away_at_most_once_an_hour(portal, monkeypatch):
    monkeypatch.setattr("civicpulse.cases.filing._drafts_tidied_at", 0.0)
    now = timezone.now()
    expired = now - DRAFT_VALID - timedelta(minutes=1)
    first = case_file(organization=portal, **VALID, now=now)
    second = case_file(organization=portal, **VALID, now=now)  # within the hour: no tidying
    with scopes_disabled():
        Case.objects.filter(pk__in=[first.pk, second.pk]).update(created_at=expired)
    case_file(organization=portal, **VALID, now=now + timedelta(minutes=5))
    with scopes_disabled():
        assert Case.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    latest = case_file(organization=portal, **VALID, now=now + timedelta(hours=1))
    with scopes_disabled():
        assert Case.objects.filter(pk=latest.pk).exists()
        assert not Case.objects.filter(pk__in=[first.pk, second.pk]).exists()


def test_every_wrong_field_is_named_at_once(portal):
    values = {**VALID, "sender_email": "maria@", "title": "", "kind_slug": "nope"}
    with pytest.raises(CaseInvalid) as refused:
        case_file(organization=portal, **values)
    assert set(refused.value.errors) == {"kind", "title", "sender_email"}
    assert refused.value.field == "kind"  # the first, as for any RuleViolation


def test_one_form_files_one_case_however_often_it_is_sent(portal, monkeypatch):
    nonce = uuid.uuid4()
    first = case_file(organization=portal, filing_nonce=nonce, **VALID)
    assert case_file(organization=portal, filing_nonce=nonce, **VALID) == first
    # Two posts at the same moment: the second finds none, then meets the first's row.
    real = filing._filed_with
    calls = []

    def late(found_nonce):
        calls.append(found_nonce)
        return None if len(calls) == 1 else real(found_nonce)

    monkeypatch.setattr(filing, "_filed_with", late)
    assert case_file(organization=portal, filing_nonce=nonce, **VALID) == first
    assert len(calls) == 2  # looked again after the unique nonce refused the insert
    with scopes_disabled():
        assert Case.objects.count() == 1


def test_a_filled_honeypot_files_nothing(portal):
    with pytest.raises(RuleViolation):
        case_file(organization=portal, honeypot_filled=True, **VALID)
    with scopes_disabled():
        assert not Case.objects.exists()


def test_too_many_filings_from_one_client_are_throttled(portal):
    for _n in range(FILING_BURST.most):
        case_file(organization=portal, fingerprint="a" * 64, **VALID)
    with pytest.raises(SubmissionThrottled):
        case_file(organization=portal, fingerprint="a" * 64, **VALID)
    case_file(organization=portal, fingerprint="b" * 64, **VALID)
    # Refused input is not counted: a citizen correcting the form is not throttled.
    with pytest.raises(CaseInvalid):
        case_file(organization=portal, fingerprint="c" * 64, **{**VALID, "title": ""})
    for _n in range(FILING_BURST.most):
        case_file(organization=portal, fingerprint="c" * 64, **VALID)
