"""Touchpoints from a CSV file: upload, a preview of what would change, then the import.

The file's text waits in the session between the preview and the confirmation, so nothing
is uploaded twice; a token ties the confirmation to the preview the user saw.
"""

import io
import secrets

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from civicpulse.backoffice.forms.touchpoint_import import TouchpointImportForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.backoffice.views.posters import attachment
from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.exports import touchpoints_csv
from civicpulse.feedback.touchpoint_import import (
    ENCODINGS,
    touchpoint_import_apply,
    touchpoint_import_plan,
)

SHOWN_PROBLEMS = 200  # a preview with more is corrected from the first ones anyway
SHOWN_CHANGES = 200
FILENAME_LENGTH = 120


class PendingImportMixin(OrganizationPermissionMixin):
    """An uploaded file waiting in the session for its preview to be confirmed; each import
    names its own `session_prefix`."""

    permission = "touchpoints.manage"
    session_prefix = "touchpoint_import"

    def session_key(self) -> str:
        return f"{self.session_prefix}:{self.organization.pk}"

    def keep(self, form) -> None:
        self.request.session[self.session_key()] = {
            "token": secrets.token_urlsafe(16),
            "filename": form.cleaned_data["file"].name[:FILENAME_LENGTH],
            "encoding": form.imported.encoding,
            "text": form.imported.text,
        }

    def pending(self) -> dict | None:
        pending = self.request.session.get(self.session_key())
        if not isinstance(pending, dict) or pending.get("encoding") not in ENCODINGS:
            return None
        return pending

    def token_matches(self, pending: dict) -> bool:
        return constant_time_compare(str(self.request.POST.get("token", "")), pending["token"])

    def discard(self) -> None:
        self.request.session.pop(self.session_key(), None)

    def to(self, name: str):
        return redirect(f"backoffice:{name}", organization=self.organization.slug)


class TouchpointImportView(PendingImportMixin, FormView):
    form_class = TouchpointImportForm
    template_name = "backoffice/touchpoints/import.html"

    def form_valid(self, form):
        self.keep(form)
        return self.to("touchpoint_import_confirm")


class TouchpointImportConfirmView(PendingImportMixin, TemplateView):
    """GET shows the preview; POST imports it (or, with `cancel`, forgets the file)."""

    template_name = "backoffice/touchpoints/import_preview.html"

    def get(self, request, *args, **kwargs):
        pending = self.pending()
        if pending is None:
            messages.info(request, _("Choose a file to import."))
            return self.to("touchpoint_import")
        plan = touchpoint_import_plan(organization=self.organization, text=pending["text"])
        return self.render_to_response(
            self.get_context_data(
                plan=plan,
                pending=pending,
                encoding=ENCODINGS[pending["encoding"]],
                errors=plan.errors[:SHOWN_PROBLEMS],
                warnings=plan.warnings[:SHOWN_PROBLEMS],
                changes=plan.changed_rows[:SHOWN_CHANGES],
                more_errors=max(0, len(plan.errors) - SHOWN_PROBLEMS),
                more_warnings=max(0, len(plan.warnings) - SHOWN_PROBLEMS),
                more_changes=max(0, len(plan.changed_rows) - SHOWN_CHANGES),
            )
        )

    def post(self, request, *args, **kwargs):
        pending = self.pending()
        if pending is None:
            # Already imported (a resubmitted form) or the session ended: nothing happens twice.
            messages.error(
                request, _("There is no file waiting to be imported. Choose the file again.")
            )
            return self.to("touchpoint_import")
        if "cancel" in request.POST:
            self.discard()
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return self.to("touchpoint_list")
        if not self.token_matches(pending):
            messages.warning(
                request, _("Another file was chosen since that preview. Check this one.")
            )
            return self.to("touchpoint_import_confirm")
        try:
            plan = touchpoint_import_apply(organization=self.organization, text=pending["text"])
        except RuleViolation as violation:
            messages.error(request, violation.message)
            return self.to("touchpoint_import_confirm")
        self.discard()
        messages.success(
            request,
            _("The import is done. Added: %(new)s; updated: %(updated)s; unchanged: %(unchanged)s.")
            % {"new": plan.new, "updated": plan.updated, "unchanged": plan.unchanged},
        )
        return self.to("touchpoint_list")


class TouchpointExportView(OrganizationPermissionMixin, View):
    """Every touchpoint as CSV: to check in a spreadsheet, edit and import back."""

    permission = "touchpoints.manage"

    def get(self, request, *args, **kwargs):
        stream = io.StringIO(newline="")
        stream.write("\ufeff")  # Excel reads UTF-8 (and so Cyrillic) only after a BOM
        touchpoints_csv(organization=self.organization, stream=stream)
        return attachment(
            stream.getvalue().encode("utf-8"),
            content_type="text/csv; charset=utf-8",
            filename=f"touchpoints-{self.organization.slug}.csv",
        )
