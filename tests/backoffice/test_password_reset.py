import re

import pytest
from django.core import mail

from civicpulse.core.models import Role


@pytest.fixture
def member(organization, member_factory):
    user = member_factory(organization, Role.CASE_OFFICER)
    user.language = "en"
    user.save()
    return user


def test_a_member_resets_a_forgotten_password_by_e_mail(member, client, settings):
    settings.SITE_URL = "https://glas.example.bg"
    response = client.post("/accounts/password-reset/", {"email": member.email.upper()})
    assert response.status_code == 302
    assert response.url == "/accounts/password-reset/sent/"
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == "Choose a new civicpulse password"  # the member's language
    link = re.search(r"https://glas\.example\.bg(/manage/account/welcome/\S+)", message.body).group(
        1
    )

    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "a-new-long-secret-9", "new_password2": "a-new-long-secret-9"},
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-new-long-secret-9")

    again = client.get(link, follow=True)  # a spent link does not work twice
    assert b"new_password1" not in again.content


@pytest.mark.parametrize("email", ["nobody@example.org", "not-an-email", "<script>@x"])
def test_the_answer_never_reveals_whether_an_account_exists(db, client, email):
    response = client.post("/accounts/password-reset/", {"email": email})
    assert mail.outbox == []
    if response.status_code == 302:
        assert response.url == "/accounts/password-reset/sent/"
    else:  # a malformed address is pointed out, escaped
        assert response.status_code == 200
        assert b"<script>@x" not in response.content


def test_an_inactive_account_gets_no_link(member, client):
    member.is_active = False
    member.save()
    client.post("/accounts/password-reset/", {"email": member.email})
    assert mail.outbox == []


def test_the_log_in_page_offers_the_reset(db, client):
    assert b"/accounts/password-reset/" in client.get("/accounts/login/").content
