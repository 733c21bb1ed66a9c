"""A member's own account: choosing a password from an invitation, and changing it."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The invitation link: Django's reset-token check, then straight into the back office."""

    template_name = "backoffice/password_set.html"
    post_reset_login = True
    success_url = reverse_lazy("backoffice:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Welcome!"))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "backoffice/password_change.html"
    success_url = reverse_lazy("backoffice:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response
