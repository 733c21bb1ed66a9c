"""Signing in and out, choosing an organisation, the user's own password, the language."""

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from civicpulse.core.members import password_set_path
from civicpulse.core.models import Role
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory

HOME = reverse("backoffice:home")


def test_the_chooser_goes_straight_in_with_one_organization(organization, member_factory, login):
    client = login(member_factory(organization, Role.VIEWER))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == reverse(
        "backoffice:overview", kwargs={"organization": organization.slug}
    )


def test_the_chooser_lists_every_organization_of_the_user(
    organization, other_organization, member_factory, login
):
    user = member_factory(organization, Role.VIEWER)
    MembershipFactory(user=user, organization=other_organization, role=Role.LEADER)
    page = login(user).get(HOME).content.decode()
    assert organization.name_bg in page
    assert other_organization.name_bg in page
    assert f'href="/manage/{other_organization.slug}/"' in page


def test_the_chooser_leaves_out_inactive_organizations(organization, member_factory, login):
    user = member_factory(organization, Role.VIEWER)
    closed = OrganizationFactory(slug="closed", name_bg="Закрита", is_active=False)
    MembershipFactory(user=user, organization=closed)
    assert login(user).get(HOME).status_code == 302  # only one left to choose


def test_a_user_without_organizations_is_told_so(db, login, in_english):
    response = login(UserFactory()).get(HOME)
    assert response.status_code == 200
    assert "not a member of any organisation" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(db, client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_organization_switcher_lists_the_memberships(
    organization, other_organization, member_factory, login
):
    user = member_factory(organization, Role.ADMINISTRATOR)
    MembershipFactory(user=user, organization=other_organization, role=Role.VIEWER)
    page = login(user).get(f"/manage/{organization.slug}/").content.decode()
    switcher = page[page.index('class="menu org-switcher"') :]
    switcher = switcher[: switcher.index("</details>")]
    assert f'href="/manage/{other_organization.slug}/"' in switcher
    assert f'href="/manage/{organization.slug}/" aria-current="true"' in switcher


def test_no_switcher_with_a_single_organization(organization, member_factory, login):
    page = login(member_factory(organization)).get(f"/manage/{organization.slug}/")
    assert "org-switcher" not in page.content.decode()


class TestLogIn:
    def test_the_page_renders(self, db, client):
        page = client.get(reverse("login")).content.decode()
        assert 'type="email"' in page
        assert 'autocomplete="email"' in page

    def test_the_right_password_signs_in_and_goes_to_the_back_office(
        self, organization, member_factory, client
    ):
        user = member_factory(organization)
        response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert response.url == HOME
        assert get_user(client).pk == user.pk

    def test_a_wrong_password_is_refused(self, organization, member_factory, client):
        user = member_factory(organization)
        response = client.post(reverse("login"), {"username": user.email, "password": "nope"})
        assert response.status_code == 200
        assert not get_user(client).is_authenticated

    def test_log_out_takes_a_post(self, organization, member_factory, login):
        client = login(member_factory(organization))
        assert client.get(reverse("logout")).status_code == 405
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert not get_user(client).is_authenticated

    def test_the_user_menu_has_a_log_out_form(self, organization, member_factory, login):
        page = login(member_factory(organization)).get(f"/manage/{organization.slug}/")
        assert f'action="{reverse("logout")}" method="post"' in page.content.decode()


class TestPasswords:
    def test_change(self, organization, member_factory, login):
        user = member_factory(organization)
        client = login(user)
        url = reverse("backoffice:password_change")
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "old_password": PASSWORD,
                "new_password1": "a-much-longer-secret-7",
                "new_password2": "a-much-longer-secret-7",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("a-much-longer-secret-7")

    def test_change_needs_a_signed_in_user(self, db, client):
        response = client.get(reverse("backoffice:password_change"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_the_invitation_link_sets_a_password_and_signs_in(self, organization, client):
        user = UserFactory(password=None)  # as an invitation leaves it
        MembershipFactory(user=user, organization=organization)
        form_url = client.get(password_set_path(user)).url  # Django swaps the token for a session
        page = client.get(form_url)
        assert page.status_code == 200
        assert user.email in page.content.decode()
        new = {"new_password1": "choose-a-good-one-42", "new_password2": "choose-a-good-one-42"}
        response = client.post(form_url, new)
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("choose-a-good-one-42")
        assert get_user(client).pk == user.pk

    def test_a_spent_or_forged_link_says_so(self, organization, member_factory, in_english):
        client = in_english
        user = member_factory(organization)
        path = password_set_path(user)
        user.set_password("changed-since-then-99")
        user.save()
        followed = client.get(path, follow=True)
        assert "has expired or has already been used" in followed.content.decode()
        assert "has expired" in client.get(path.replace("/welcome/", "/welcome/x")).content.decode()


class TestLanguage:
    @pytest.mark.parametrize(
        ("language", "expected"), [("en", "Staff log-in"), ("bg", 'lang="bg"')]
    )
    def test_the_switch_sets_the_language_and_returns(self, db, client, language, expected):
        response = client.post(reverse("set_language"), {"language": language, "next": "/"})
        assert response.status_code == 302
        assert response.url == "/"
        page = client.get("/").content.decode()
        assert f'<html lang="{language}">' in page
        assert expected in page

    def test_the_switch_is_a_form_on_every_page(self, organization, member_factory, client):
        pages = [client.get("/"), client.get(reverse("login"))]
        client.force_login(member_factory(organization))
        pages.append(client.get(f"/manage/{organization.slug}/"))
        for page in pages:
            html = page.content.decode()
            assert f'action="{reverse("set_language")}" method="post"' in html
            assert 'name="language" value="en"' in html

    def test_bulgarian_is_the_default(self, db, client):
        assert '<html lang="bg">' in client.get("/").content.decode()
