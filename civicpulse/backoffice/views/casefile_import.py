"""Case files from a CSV file: upload, a preview with every problem by line and column,
then the import; the new files' access codes can be downloaded once, right after it."""

import csv
import io

from django.contrib import messages
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from civicpulse.backoffice.forms.casefiles import CaseFileImportForm
from civicpulse.backoffice.views.posters import attachment
from civicpulse.backoffice.views.touchpoint_import import (
    SHOWN_CHANGES,
    SHOWN_PROBLEMS,
    PendingImportMixin,
)
from civicpulse.casefiles.access_codes import access_code_display
from civicpulse.casefiles.imports import casefile_import_csv, casefile_import_plan
from civicpulse.core.csv_tables import ENCODINGS
from civicpulse.core.exceptions import RuleViolation


class CaseFileImportMixin(PendingImportMixin):
    permission = "casefiles.manage"
    session_prefix = "casefile_import"

    def codes_key(self) -> str:
        return f"casefile_import_codes:{self.organization.pk}"


class CaseFileImportView(CaseFileImportMixin, FormView):
    form_class = CaseFileImportForm
    template_name = "backoffice/casefiles/import.html"

    def form_valid(self, form):
        self.keep(form)
        return self.to("casefile_import_confirm")


class CaseFileImportConfirmView(CaseFileImportMixin, TemplateView):
    """GET shows the preview; POST imports it (or, with `cancel`, forgets the file)."""

    template_name = "backoffice/casefiles/import_preview.html"

    def get(self, request, *args, **kwargs):
        pending = self.pending()
        if pending is None:
            messages.info(request, _("Choose a file to import."))
            return self.to("casefile_import")
        plan = casefile_import_plan(organization=self.organization, text=pending["text"])
        return self.render_to_response(
            self.get_context_data(
                plan=plan,
                pending=pending,
                encoding=ENCODINGS[pending["encoding"]],
                errors=plan.errors[:SHOWN_PROBLEMS],
                more_errors=max(0, len(plan.errors) - SHOWN_PROBLEMS),
                new=plan.new[:SHOWN_CHANGES],
                more_new=max(0, len(plan.new) - SHOWN_CHANGES),
            )
        )

    def post(self, request, *args, **kwargs):
        pending = self.pending()
        if pending is None:
            # Already imported (a resubmitted form) or the session ended: nothing happens twice.
            messages.error(
                request, _("There is no file waiting to be imported. Choose the file again.")
            )
            return self.to("casefile_import")
        if "cancel" in request.POST:
            self.discard()
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return self.to("casefile_list")
        if not self.token_matches(pending):
            messages.warning(
                request, _("Another file was chosen since that preview. Check this one.")
            )
            return self.to("casefile_import_confirm")
        try:
            plan, codes = casefile_import_csv(
                organization=self.organization, text=pending["text"], actor=request.user
            )
        except RuleViolation as violation:
            messages.error(request, violation.message)
            return self.to("casefile_import_confirm")
        self.discard()
        request.session[self.codes_key()] = codes
        messages.success(
            request,
            _("The import is done. Added: %(new)s; already registered: %(existing)s.")
            % {"new": len(plan.new), "existing": len(plan.existing)},
        )
        return self.to("casefile_import_done")


class CaseFileImportDoneView(CaseFileImportMixin, TemplateView):
    template_name = "backoffice/casefiles/import_done.html"

    def get_context_data(self, **kwargs):
        codes = self.request.session.get(self.codes_key()) or []
        return super().get_context_data(codes_count=len(codes), **kwargs)


class CaseFileImportCodesView(CaseFileImportMixin, View):
    """The imported files' access codes as CSV, once: the download forgets them."""

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(self.codes_key(), None)
        if not codes:
            messages.info(request, _("The access codes were downloaded already."))
            return self.to("casefile_list")
        stream = io.StringIO(newline="")
        writer = csv.writer(stream)
        writer.writerow([_("File number"), _("Access code")])
        for number, code in codes:
            writer.writerow([number, access_code_display(code)])
        return attachment(
            ("\ufeff" + stream.getvalue()).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
            filename=f"access-codes-{self.organization.slug}.csv",
        )
