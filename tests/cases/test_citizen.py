"""The sender's say on their case: replies, reopen requests and ratings (cases.citizen), and
the whole e-mail flow from the form to a reopen request against a real SMTP server."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.cases.citizen import (
    MAX_TEXT,
    REPLIES_PER_DAY,
    case_rate,
    case_reopen_request,
    case_reply,
    case_sender_actions,
)
from civicpulse.cases.filing import case_confirm, case_file
from civicpulse.cases.links import confirmation_token
from civicpulse.cases.models import Case, CaseEvent, EventAction, Stage
from civicpulse.core.exceptions import RuleViolation
from tests.cases.portal import FILED, FILING, answered, hidden, link_in, registered, staged
from tests.feedback.images import jpeg_with_gps


def events(case: Case, action: str) -> list[CaseEvent]:
    with scope(organization=case.organization):
        return list(case.events.filter(action=action))


class TestReply:
    def test_adds_a_public_event_with_the_text_and_a_clean_photo(self, portal):
        case = registered(portal)
        photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
        event = case_reply(case=case, text="  Още една пейка е счупена.  ", photo=photo)
        assert event.is_public and event.action == EventAction.REPLIED
        assert event.text == "Още една пейка е счупена."
        with scope(organization=portal):
            [stored] = case.photos.all()
        assert event.data == {"photos": [stored.pk]}

    @pytest.mark.parametrize("text", ["", "   ", "д" * (MAX_TEXT + 1), None, 42])
    def test_refuses_empty_too_long_or_not_text(self, portal, text):
        case = registered(portal)
        with pytest.raises(RuleViolation) as refused:
            case_reply(case=case, text=text)
        assert refused.value.field == "reply"
        assert not events(case, EventAction.REPLIED)

    def test_refuses_a_fake_photo_and_keeps_nothing(self, portal):
        case = registered(portal)
        fake = SimpleUploadedFile("p.jpg", b"not a photo", content_type="image/jpeg")
        with pytest.raises(RuleViolation) as refused:
            case_reply(case=case, text="Ето снимка.", photo=fake)
        assert refused.value.field == "photos"
        assert not events(case, EventAction.REPLIED)

    @pytest.mark.parametrize("stage", [Stage.CLOSED, Stage.REJECTED, Stage.DUPLICATE])
    def test_refused_on_a_case_that_is_over(self, portal, stage):
        case = staged(registered(portal), stage)
        with pytest.raises(RuleViolation):
            case_reply(case=case, text="Още нещо.")
        assert "reply" not in case_sender_actions(case)

    def test_refused_on_a_draft(self, portal):
        draft = case_file(organization=portal, **FILING)
        with pytest.raises(RuleViolation):
            case_reply(case=draft, text="Още нещо.")
        assert case_sender_actions(draft) == frozenset()

    def test_at_most_so_many_a_day(self, portal):
        case = registered(portal)
        now = timezone.now()
        for n in range(REPLIES_PER_DAY):
            case_reply(case=case, text=f"Отговор {n}", now=now)
        with pytest.raises(RuleViolation):
            case_reply(case=case, text="Още един", now=now)
        case_reply(case=case, text="На другия ден", now=now + timedelta(days=1, seconds=1))


class TestReopenRequest:
    def test_after_an_answer_records_the_reason_once_per_answer(self, portal):
        case = answered(registered(portal))
        assert case_sender_actions(case) == {"reply", "reopen", "rate"}
        event = case_reopen_request(case=case, reason="Пейката пак е счупена.")
        assert event.is_public and event.text == "Пейката пак е счупена."
        case.refresh_from_db()
        assert case.reopen_requested_at == event.at
        with pytest.raises(RuleViolation):
            case_reopen_request(case=case, reason="Пак.")
        assert "reopen" not in case_sender_actions(case)
        # A new answer may be found wanting again.
        later = answered(case, "Поправихме я отново.")
        with scope(organization=portal):
            Case.objects.filter(pk=case.pk).update(answered_at=timezone.now() + timedelta(1))
        later.refresh_from_db()
        assert case_reopen_request(case=later, reason="Отново не.")

    def test_refused_before_an_answer(self, portal):
        case = registered(portal)
        with pytest.raises(RuleViolation) as refused:
            case_reopen_request(case=case, reason="Не е решено.")
        assert refused.value.field == "reason"

    def test_refused_on_a_rejected_case_even_with_an_answer(self, portal):
        case = staged(answered(registered(portal)), Stage.REJECTED)
        with pytest.raises(RuleViolation):
            case_reopen_request(case=case, reason="Не е решено.")

    def test_refuses_an_empty_reason(self, portal):
        case = answered(registered(portal))
        with pytest.raises(RuleViolation):
            case_reopen_request(case=case, reason=" ")


class TestRating:
    def test_kept_and_a_change_recorded(self, portal):
        case = answered(registered(portal))
        first = case_rate(case=case, rating="4")
        assert first.data == {"rating": 4} and case.answer_rating == 4
        assert case_rate(case=case, rating=4) is None  # the same again changes nothing
        changed = case_rate(case=case, rating=2)
        assert changed.data == {"rating": 2, "previous": 4}
        case.refresh_from_db()
        assert case.answer_rating == 2
        assert len(events(case, EventAction.RATED)) == 2

    def test_a_closed_case_s_answer_can_be_rated(self, portal):
        case = staged(answered(registered(portal)), Stage.CLOSED, closed_at=timezone.now())
        assert case_rate(case=case, rating=5)

    @pytest.mark.parametrize("rating", [0, 6, "5.5", "", None, "five", -1])
    def test_refuses_a_rating_out_of_range(self, portal, rating):
        case = answered(registered(portal))
        with pytest.raises(RuleViolation) as refused:
            case_rate(case=case, rating=rating)
        assert refused.value.field == "rating"

    def test_refused_before_an_answer(self, portal):
        with pytest.raises(RuleViolation):
            case_rate(case=registered(portal), rating=5)


def test_the_whole_e_mail_flow_from_the_form(portal, client, run_jobs, mailbox):
    """File → confirmation e-mail → its link → registered e-mail → reply → reply e-mail →
    (an answer) → reopen request → its e-mail; and a rating."""
    page = client.get("/o/stara-zagora/signals/new/").content.decode()
    filed = run_jobs(
        client.post,
        "/o/stara-zagora/signals/new/",
        {"form_token": hidden(page, "form_token"), **FILED},
    )
    assert filed.status_code == 303
    [confirm] = mailbox()
    assert confirm["To"] == "maria@example.org"
    confirm_link = link_in(confirm, "/signals/confirm/")

    assert run_jobs(client.post, confirm_link).status_code == 303
    with scopes_disabled():
        case = Case.objects.get()
    [_confirm, registered_mail] = mailbox()
    assert case.number and case.number in registered_mail["Subject"]
    track = link_in(registered_mail, "/signals/track/")
    assert client.get(track).status_code == 200

    replied = run_jobs(client.post, track + "reply/", {"reply": "Пейките са две, не една."})
    assert replied.status_code == 303
    reply_mail = mailbox()[-1]
    assert case.number in reply_mail["Subject"] and case.number in reply_mail.get_content()
    assert link_in(reply_mail, "/signals/track/") == track
    assert "Пейките са две" in client.get(track).content.decode()

    answered(case)
    reopened = run_jobs(client.post, track + "reopen/", {"reason": "Пейката пак се клати."})
    assert reopened.status_code == 303
    reopen_mail = mailbox()[-1]
    assert case.number in reopen_mail["Subject"]
    assert link_in(reopen_mail, "/signals/track/") == track

    rated = run_jobs(client.post, track + "rate/", {"rating": "2"})
    assert rated.status_code == 303 and len(mailbox()) == 4  # a rating is not mailed back
    case.refresh_from_db()
    assert case.answer_rating == 2 and case.reopen_requested_at is not None
    actions = [e.action for e in events(case, EventAction.REPLIED)]
    actions += [e.action for e in events(case, EventAction.REOPEN_REQUESTED)]
    assert actions == [EventAction.REPLIED, EventAction.REOPEN_REQUESTED]


def test_the_e_mails_are_in_the_case_s_language(portal, run_jobs, mailbox):
    case = case_file(organization=portal, language="en", **FILING)
    case = answered(case_confirm(token=confirmation_token(case)))
    run_jobs(case_reply, case=case, text="More.")
    run_jobs(case_reopen_request, case=case, reason="Not solved.")
    subjects = [message["Subject"] for message in mailbox()]
    assert subjects[-2] == f"Your reply on case {case.number} is received"
    assert subjects[-1] == f"Your request to reopen case {case.number} is received"
