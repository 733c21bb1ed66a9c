"""A member's own account: choosing a password from an invitation or a reset, and changing it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from civicpulse.core.members import password_set_path


class LocalisedPasswordResetForm(PasswordResetForm):
    """Writes the reset e-mail in the member's own language, with a link to our site."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context["user"]
        context["link"] = settings.SITE_URL + password_set_path(user)
        with translation.override(user.language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the e-mail address; the answer is the same whether or not it has an account."""

    form_class = LocalisedPasswordResetForm
    template_name = "backoffice/password_reset.html"
    subject_template_name = "core/email/password_reset_subject.txt"
    email_template_name = "core/email/password_reset_body.txt"
    success_url = reverse_lazy("password_reset_sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "backoffice/password_reset_sent.html"


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
