"""Kiosks: the tablets in service centres, their pairing and whether they are online.

A pairing code is stored only as a hash, so the page can show it only to the administrator
who made it: it is kept in their session and shown while it still works.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from civicpulse.backoffice.forms.kiosks import KioskForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin, show_rule_violation
from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.kiosks import (
    PAIRING_VALID_FOR,
    kiosk_create,
    kiosk_list,
    kiosk_pairing_renew,
    kiosk_revoke,
    kiosk_update,
    pairing_code_display,
    pairing_code_matches,
)


def _session_key(kiosk) -> str:
    return f"kiosk-pairing-code-{kiosk.pk}"


def remember_code(request, kiosk, code: str) -> None:
    request.session[_session_key(kiosk)] = code


def shown_code(request, kiosk) -> str:
    """The pending code this member made, while it still pairs; "" otherwise."""
    code = request.session.get(_session_key(kiosk), "")
    if code and kiosk.is_awaiting_pairing and pairing_code_matches(kiosk=kiosk, code=code):
        return pairing_code_display(code)
    if code:
        del request.session[_session_key(kiosk)]
    return ""


class KioskListView(OrganizationPermissionMixin, TemplateView):
    permission = "kiosks.view"
    template_name = "backoffice/kiosks/list.html"

    def get_context_data(self, **kwargs):
        kiosks = list(kiosk_list(organization=self.organization))
        for kiosk in kiosks:
            kiosk.shown_code = shown_code(self.request, kiosk)
        return super().get_context_data(kiosks=kiosks, **kwargs)


class KioskMixin(OrganizationPermissionMixin):
    permission = "kiosks.manage"

    @cached_property
    def kiosk(self):
        return get_object_or_404(
            self.organization.kiosks.select_related("touchpoint"), pk=self.kwargs["pk"]
        )

    def to_edit(self):
        return redirect(
            "backoffice:kiosk_edit", organization=self.organization.slug, pk=self.kiosk.pk
        )


class KioskCreateView(KioskMixin, FormView):
    form_class = KioskForm
    template_name = "backoffice/kiosks/form.html"
    extra_context = {"title": gettext_lazy("New kiosk")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        try:
            kiosk, code = kiosk_create(organization=self.organization, **form.cleaned_data)
        except RuleViolation as violation:
            show_rule_violation(form, violation)
            return self.form_invalid(form)
        remember_code(self.request, kiosk, code)
        messages.success(
            self.request,
            _("%(name)s has been created. Type its pairing code on the tablet.") % {"name": kiosk},
        )
        return redirect("backoffice:kiosk_edit", organization=self.organization.slug, pk=kiosk.pk)


class KioskEditView(KioskMixin, FormView):
    form_class = KioskForm
    template_name = "backoffice/kiosks/form.html"
    extra_context = {"title": gettext_lazy("Kiosk")}

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "organization": self.organization}
        return {**kwargs, "instance": self.kiosk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kiosk=self.kiosk,
            code=shown_code(self.request, self.kiosk),
            code_valid_hours=int(PAIRING_VALID_FOR.total_seconds() // 3600),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            with transaction.atomic():
                kiosk_update(kiosk=self.kiosk, **form.cleaned_data)
        except RuleViolation as violation:
            show_rule_violation(form, violation)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s has been saved.") % {"name": self.kiosk})
        return self.to_edit()


class KioskPairingRenewView(KioskMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        remember_code(request, self.kiosk, kiosk_pairing_renew(kiosk=self.kiosk))
        messages.success(
            request, _("A new pairing code has been made; the old one no longer works.")
        )
        return self.to_edit()


class KioskRevokeView(KioskMixin, TemplateView):
    """A confirmation page; the POST unpairs the tablet at once."""

    template_name = "backoffice/kiosks/revoke.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(kiosk=self.kiosk, **kwargs)

    def post(self, request, *args, **kwargs):
        kiosk_revoke(kiosk=self.kiosk)
        request.session.pop(_session_key(self.kiosk), None)
        messages.success(
            request,
            _("%(name)s is no longer paired; its tablet stops at once.") % {"name": self.kiosk},
        )
        return redirect("backoffice:kiosk_list", organization=self.organization.slug)
