"""What every page under /manage/<organization>/ shares.

The middleware has already answered 404 to anyone outside the organisation and entered
its scope; a view here declares the permission it needs, and a member without it gets 403.
"""

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.permissions import PERMISSIONS


class OrganizationPermissionMixin:
    permission: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.permission and cls.permission not in PERMISSIONS:
            raise ImproperlyConfigured(f"{cls.__name__}: unknown permission {cls.permission!r}")

    def dispatch(self, request, *args, **kwargs):
        if not self.permission:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no permission.")
        if request.membership is None:
            raise Http404  # mounted outside /manage/<organization>/
        if not request.membership.has_permission(self.permission):
            raise PermissionDenied
        self.organization = request.organization
        self.membership = request.membership
        # Times show in the organisation's own time zone; the template renders inside the
        # override, not later in the handler.
        with timezone.override(self.organization.time_zone):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


def show_rule_violation(form, violation: RuleViolation) -> None:
    """A service's refusal as a form error, on its field when the form has that field."""
    field = violation.field if violation.field in form.fields else None
    form.add_error(field, violation.message)


class SaveFormMixin:
    """Create and edit pages: the form saves into the organisation; a refusal of the model's
    own rules (RuleViolation) comes back as a form error instead of a crash."""

    success_message = ""
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = form.save()
        except RuleViolation as violation:
            show_rule_violation(form, violation)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"name": self.object})
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class OrganizationRowFormMixin(SaveFormMixin, OrganizationPermissionMixin):
    """Create and edit pages for one kind of the organisation's rows (areas, kinds of case…):
    the row is looked up among the organisation's own, and saving goes back to the list."""

    template_name = "backoffice/structure/form.html"
    list_url_name = ""  # where to go back to
    related_name = ""  # the organisation's rows of this kind, e.g. "areas"

    def get_queryset(self):
        return getattr(self.organization, self.related_name).all()

    def get_success_url(self):
        return reverse(self.list_url_name, kwargs={"organization": self.organization.slug})

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_url=self.get_success_url(), **kwargs)
