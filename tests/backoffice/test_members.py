"""Membership services (core/members.py) and the members pages."""

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.members import (
    MemberScope,
    member_invitation_resend,
    member_invite,
    member_remove,
    member_update,
)
from civicpulse.core.models import Job, Membership, Role, User
from tests.conftest import IMMEDIATE_TASKS
from tests.factories import (
    AreaFactory,
    DepartmentFactory,
    MembershipFactory,
    UserFactory,
)


def invite(organization, **overrides):
    values = {
        "organization": organization,
        "email": "New.Person@Example.org",
        "full_name": "Нов Човек",
        "role": Role.VIEWER,
    }
    return member_invite(**{**values, **overrides})


class TestInvite:
    def test_a_new_person_gets_an_account_without_a_password_and_an_e_mail(
        self, organization, in_scope, run_jobs
    ):
        membership = run_jobs(invite, organization)
        user = membership.user
        assert user.email == "new.person@example.org"
        assert user.full_name == "Нов Човек"
        assert not user.has_usable_password()
        [message] = mail.outbox
        assert message.to == ["new.person@example.org"]
        assert organization.name_bg in message.subject
        assert "/manage/account/welcome/" in message.body

    def test_the_invitation_is_written_in_the_chosen_language(
        self, organization, in_scope, run_jobs
    ):
        membership = run_jobs(invite, organization, language="en")
        assert membership.user.language == "en"
        assert "Choose your password" in mail.outbox[0].body

    def test_an_existing_account_is_reused_and_told_to_sign_in(
        self, organization, other_organization, in_scope, run_jobs
    ):
        existing = UserFactory(email="known@example.org", full_name="Стар Потребител")
        MembershipFactory(user=existing, organization=other_organization)
        membership = run_jobs(invite, organization, email="KNOWN@example.org", full_name="Друго")
        assert membership.user == existing
        assert User.objects.filter(email="known@example.org").count() == 1
        existing.refresh_from_db()
        assert existing.full_name == "Стар Потребител"  # their own name stays
        assert existing.has_usable_password()
        assert "/accounts/login/" in mail.outbox[0].body
        assert "/welcome/" not in mail.outbox[0].body

    def test_someone_already_in_the_organization_is_refused(
        self, organization, member_factory, in_scope
    ):
        user = member_factory(organization, Role.VIEWER)
        with pytest.raises(RuleViolation) as refused:
            invite(organization, email=user.email)
        assert refused.value.field == "email"

    def test_an_unknown_role_is_refused(self, organization, in_scope):
        with pytest.raises(RuleViolation) as refused:
            invite(organization, role="superhero")
        assert refused.value.field == "role"

    def test_a_department_head_keeps_the_scope_other_roles_drop_it(self, organization, in_scope):
        department = DepartmentFactory(organization=organization)
        scope = MemberScope(departments=[department])
        head = invite(organization, role=Role.DEPARTMENT_HEAD, scope=scope)
        viewer = invite(organization, email="v@example.org", scope=scope)
        assert list(head.departments.all()) == [department]
        assert list(viewer.departments.all()) == []

    def test_only_an_auditor_keeps_an_external_organization(self, organization, in_scope):
        employer = MemberScope(external_organization=" Одит ООД ")
        auditor = invite(organization, role=Role.AUDITOR, scope=employer)
        viewer = invite(organization, email="v@example.org", scope=employer)
        assert auditor.external_organization == "Одит ООД"
        assert viewer.external_organization == ""

    def test_another_organizations_department_is_refused(
        self, organization, other_organization, in_scope
    ):
        foreign = AreaFactory(organization=other_organization)
        with pytest.raises(RuleViolation) as refused:
            invite(organization, role=Role.DEPARTMENT_HEAD, scope=MemberScope(areas=[foreign]))
        assert refused.value.field == "areas"
        assert not User.objects.filter(email="new.person@example.org").exists()  # rolled back

    def test_the_job_is_queued_only_when_the_transaction_commits(
        self, organization, in_scope, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            invite(organization)
        assert Job.objects.get().name == "civicpulse.core.members.invitation_send"
        assert len(callbacks) == 1
        assert mail.outbox == []

    def test_resending_writes_a_fresh_e_mail(self, organization, in_scope, run_jobs):
        membership = run_jobs(invite, organization)
        run_jobs(member_invitation_resend, membership=membership)
        assert len(mail.outbox) == 2


class TestLastAdministrator:
    def test_cannot_be_removed(self, organization, member_factory, in_scope):
        admin = member_factory(organization, Role.ADMINISTRATOR)
        membership = Membership.objects.get(user=admin)
        with pytest.raises(RuleViolation):
            member_remove(membership=membership)
        assert Membership.objects.filter(pk=membership.pk).exists()

    def test_cannot_step_down(self, organization, member_factory, in_scope):
        membership = Membership.objects.get(user=member_factory(organization, Role.ADMINISTRATOR))
        with pytest.raises(RuleViolation) as refused:
            member_update(membership=membership, role=Role.VIEWER)
        assert refused.value.field == "role"
        membership.refresh_from_db()
        assert membership.role == Role.ADMINISTRATOR

    def test_one_of_two_can_go(self, organization, member_factory, in_scope):
        first, _second = (member_factory(organization, Role.ADMINISTRATOR) for _ in range(2))
        member_remove(membership=Membership.objects.get(user=first))
        assert Membership.objects.filter(role=Role.ADMINISTRATOR).count() == 1

    def test_other_roles_come_and_go_freely(self, organization, member_factory, in_scope):
        member_factory(organization, Role.ADMINISTRATOR)
        viewer = Membership.objects.get(user=member_factory(organization, Role.VIEWER))
        member_update(membership=viewer, role=Role.LEADER)
        member_remove(membership=viewer)
        assert not Membership.objects.filter(pk=viewer.pk).exists()

    def test_administrators_of_another_organization_do_not_count(
        self, organization, other_organization, member_factory, in_scope
    ):
        admin = member_factory(organization, Role.ADMINISTRATOR)
        MembershipFactory(user=admin, organization=other_organization, role=Role.ADMINISTRATOR)
        with pytest.raises(RuleViolation):
            member_remove(membership=Membership.objects.get(user=admin))


class TestPages:
    def url(self, organization, name="", pk=None):
        base = f"/manage/{organization.slug}/members/"
        return base + (f"{pk}/" if pk else "") + name

    def test_the_list_shows_roles_and_scopes(self, organization, admin_client, in_scope):
        department = DepartmentFactory(organization=organization, name_bg="Екология")
        head = MembershipFactory(organization=organization, role=Role.DEPARTMENT_HEAD)
        head.departments.set([department])
        page = admin_client.get(self.url(organization)).content.decode()
        assert head.user.email in page
        assert "Екология" in page

    def test_adding_a_member_sends_the_invitation(
        self, organization, admin_client, settings, django_capture_on_commit_callbacks
    ):
        settings.TASKS = IMMEDIATE_TASKS
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                self.url(organization, "add/"),
                {
                    "email": "invited@example.org",
                    "full_name": "Поканен",
                    "language": "bg",
                    "role": Role.CASE_OFFICER,
                },
            )
        assert response.status_code == 302
        assert mail.outbox[0].to == ["invited@example.org"]
        with scopes_disabled():
            assert Membership.objects.get(user__email="invited@example.org").role == (
                Role.CASE_OFFICER
            )

    def test_adding_someone_twice_is_a_form_error(self, organization, admin_client, in_english):
        data = {"email": admin_client.user.email, "full_name": "X", "language": "bg"}
        response = admin_client.post(self.url(organization, "add/"), {**data, "role": "viewer"})
        assert response.status_code == 200
        assert "already a member" in response.content.decode()

    def test_removing_the_last_administrator_shows_why_not(
        self, organization, admin_client, in_english
    ):
        with scopes_disabled():
            mine = Membership.objects.get(user=admin_client.user)
        response = admin_client.post(self.url(organization, "remove/", mine.pk))
        assert response.status_code == 200
        assert "last administrator" in response.content.decode()
        with scopes_disabled():
            assert Membership.objects.filter(pk=mine.pk).exists()

    def test_stepping_down_as_the_last_administrator_is_a_form_error(
        self, organization, admin_client, in_english
    ):
        with scopes_disabled():
            mine = Membership.objects.get(user=admin_client.user)
        response = admin_client.post(self.url(organization, "", mine.pk), {"role": "viewer"})
        assert response.status_code == 200
        assert "at least one administrator" in response.content.decode()

    def test_removing_a_member_needs_the_confirmation_post(self, organization, admin_client):
        other = MembershipFactory(organization=organization, role=Role.VIEWER)
        assert admin_client.get(self.url(organization, "remove/", other.pk)).status_code == 200
        with scopes_disabled():
            assert Membership.objects.filter(pk=other.pk).exists()
        response = admin_client.post(self.url(organization, "remove/", other.pk))
        assert response.status_code == 302
        with scopes_disabled():
            assert not Membership.objects.filter(pk=other.pk).exists()

    @pytest.mark.parametrize("owner", ["own", "other"])
    def test_editing_sets_the_scope_from_the_organizations_own_departments(
        self, organization, other_organization, admin_client, in_scope, owner
    ):
        department = DepartmentFactory(
            organization=organization if owner == "own" else other_organization
        )
        other = MembershipFactory(organization=organization, role=Role.VIEWER)
        response = admin_client.post(
            self.url(organization, "", other.pk),
            {"role": Role.DEPARTMENT_HEAD, "departments": [department.pk]},
        )
        other.refresh_from_db()
        if owner == "own":
            assert response.status_code == 302
            assert other.role == Role.DEPARTMENT_HEAD
            assert list(other.departments.all()) == [department]
        else:  # posted by hand: not among the choices
            assert response.context["form"].has_error("departments", "invalid_choice")
            assert other.role == Role.VIEWER

    def test_the_invitation_can_be_sent_again(self, organization, admin_client, in_scope):
        other = MembershipFactory(organization=organization, role=Role.VIEWER)
        response = admin_client.post(self.url(organization, "reinvite/", other.pk))
        assert response.status_code == 302
        assert Job.objects.filter(kwargs={"membership_id": other.pk}).exists()
