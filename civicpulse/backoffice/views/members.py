from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from civicpulse.backoffice.forms.members import MemberInviteForm, MemberRoleForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin, show_rule_violation
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.members import (
    member_invitation_resend,
    member_invite,
    member_remove,
    member_update,
)


class MembersMixin(OrganizationPermissionMixin):
    permission = "members.manage"

    @cached_property
    def member(self):
        """The membership the page is about (self.membership is the signed-in user's)."""
        return get_object_or_404(
            self.organization.memberships.select_related("user"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        if "pk" in self.kwargs:
            kwargs.setdefault("member", self.member)
        return super().get_context_data(**kwargs)

    def to_list(self):
        return redirect("backoffice:member_list", organization=self.organization.slug)


class MemberListView(MembersMixin, TemplateView):
    template_name = "backoffice/members/list.html"

    def get_context_data(self, **kwargs):
        memberships = (
            self.organization.memberships.select_related("user")
            .prefetch_related("departments", "categories", "areas")
            .order_by("user__full_name", "pk")
        )
        return super().get_context_data(memberships=memberships, **kwargs)


class MemberAddView(MembersMixin, FormView):
    form_class = MemberInviteForm
    template_name = "backoffice/members/add.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        try:
            member = member_invite(
                organization=self.organization,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                language=form.cleaned_data["language"],
                role=form.cleaned_data["role"],
                scope=form.scope(),
                invited_by=self.request.user,
            )
        except RuleViolation as violation:
            show_rule_violation(form, violation)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s has been added; an invitation is on its way to %(email)s.")
            % {"name": member.user, "email": member.user.email},
        )
        return self.to_list()


class MemberEditView(MembersMixin, FormView):
    form_class = MemberRoleForm
    template_name = "backoffice/members/edit.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def get_initial(self):
        return {
            "role": self.member.role,
            "departments": self.member.departments.all(),
            "categories": self.member.categories.all(),
            "areas": self.member.areas.all(),
            "external_organization": self.member.external_organization,
        }

    def form_valid(self, form):
        try:
            member_update(
                membership=self.member, role=form.cleaned_data["role"], scope=form.scope()
            )
        except RuleViolation as violation:
            show_rule_violation(form, violation)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(name)s's role has been saved.") % {"name": self.member.user}
        )
        return self.to_list()


class MemberRemoveView(MembersMixin, TemplateView):
    """A confirmation page; the POST removes the member unless a rule forbids it."""

    template_name = "backoffice/members/remove.html"

    def post(self, request, *args, **kwargs):
        removes_self = self.member.pk == self.membership.pk
        try:
            member_remove(membership=self.member)
        except RuleViolation as violation:
            return self.render_to_response(self.get_context_data(error=violation.message))
        messages.success(request, _("%(name)s is no longer a member.") % {"name": self.member.user})
        if removes_self:
            return redirect("backoffice:home")
        return self.to_list()


class MemberReinviteView(MembersMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        member_invitation_resend(membership=self.member, invited_by=request.user)
        messages.success(
            request,
            _("The invitation is on its way to %(email)s again.")
            % {"email": self.member.user.email},
        )
        return redirect(
            "backoffice:member_edit", organization=self.organization.slug, pk=self.member.pk
        )
