"""Case files at the desk: the list, a file with its history and status changes, registering
one with its printable receipt, and the list as CSV.

The access code is stored only as a hash: the page that made it keeps it in the member's
session and shows it once, on the receipt; a reload shows the receipt without it.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from civicpulse.backoffice.forms.casefiles import (
    CaseFileFilterForm,
    CaseFileRegisterForm,
    CaseFileStatusForm,
)
from civicpulse.backoffice.views.base import OrganizationPermissionMixin, show_rule_violation
from civicpulse.backoffice.views.posters import attachment
from civicpulse.casefiles.access_codes import access_code_display
from civicpulse.casefiles.exports import casefiles_csv
from civicpulse.casefiles.lookup import Timeliness
from civicpulse.casefiles.models import CaseFile, CaseFileSource
from civicpulse.casefiles.selectors import casefile_search, casefile_sectors_visible_to
from civicpulse.casefiles.services import (
    casefile_access_code_renew,
    casefile_register,
    casefile_set_status,
)
from civicpulse.core.exceptions import RuleViolation

PAGE_SIZE = 50


def _code_key(case_file) -> str:
    return f"casefile-access-code-{case_file.pk}"


class CaseFileSectorsMixin(OrganizationPermissionMixin):
    permission = "casefiles.view"

    @cached_property
    def sector_ids(self) -> list[int] | None:
        return casefile_sectors_visible_to(membership=self.membership)

    def files(self, filters):
        return casefile_search(
            organization=self.organization, filters=filters, sector_ids=self.sector_ids
        )


class CaseFileListView(CaseFileSectorsMixin, TemplateView):
    template_name = "backoffice/casefiles/list.html"

    def get_context_data(self, **kwargs):
        filter_form = CaseFileFilterForm(self.request.GET or None, organization=self.organization)
        page = Paginator(self.files(filter_form.filters()), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=filter_form, page=page, filter_query=query.urlencode(), **kwargs
        )


class CaseFileExportView(CaseFileSectorsMixin, View):
    """The filtered list as CSV, in the import's columns; the applicants' names and e-mails
    only for those who may see them."""

    def get(self, request, *args, **kwargs):
        filter_form = CaseFileFilterForm(request.GET or None, organization=self.organization)
        stream = io.StringIO(newline="")
        stream.write("\ufeff")  # Excel reads UTF-8 (and so Cyrillic) only after a BOM
        casefiles_csv(
            files=self.files(filter_form.filters()).iterator(chunk_size=2000),
            stream=stream,
            personal_data=self.membership.has_permission("casefiles.manage"),
        )
        return attachment(
            stream.getvalue().encode("utf-8"),
            content_type="text/csv; charset=utf-8",
            filename=f"casefiles-{self.organization.slug}.csv",
        )


class CaseFileMixin(CaseFileSectorsMixin):
    @cached_property
    def case_file(self) -> CaseFile:
        files = CaseFile.objects.filter(organization=self.organization)
        if self.sector_ids is not None:
            files = files.filter(sector_id__in=self.sector_ids)
        return get_object_or_404(files.select_related("service", "sector"), pk=self.kwargs["pk"])

    def to_detail(self):
        return redirect(
            "backoffice:casefile_detail", organization=self.organization.slug, pk=self.case_file.pk
        )


class CaseFileDetailView(CaseFileMixin, TemplateView):
    """GET shows the file; a member with casefiles.manage may POST a status change here."""

    template_name = "backoffice/casefiles/detail.html"

    def get_context_data(self, **kwargs):
        case_file = self.case_file
        can_manage = self.membership.has_permission("casefiles.manage")
        if can_manage and "status_form" not in kwargs:
            kwargs["status_form"] = CaseFileStatusForm(case_file=case_file)
        return super().get_context_data(
            case_file=case_file,
            events=case_file.events.select_related("actor", "client"),
            timeliness=Timeliness.of(case_file),
            can_manage=can_manage,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.membership.has_permission("casefiles.manage"):
            raise PermissionDenied
        form = CaseFileStatusForm(request.POST, case_file=self.case_file)
        if form.is_valid():
            try:
                casefile_set_status(
                    case_file=self.case_file, actor=request.user, **form.cleaned_data
                )
            except RuleViolation as violation:
                show_rule_violation(form, violation)
            else:
                messages.success(request, _("The file's status has been saved."))
                return self.to_detail()
        return self.render_to_response(self.get_context_data(status_form=form))


class CaseFileRegisterView(OrganizationPermissionMixin, FormView):
    permission = "casefiles.manage"
    form_class = CaseFileRegisterForm
    template_name = "backoffice/casefiles/register.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        try:
            case_file, code = casefile_register(
                organization=self.organization,
                actor=self.request.user,
                source=CaseFileSource.STAFF,
                **form.cleaned_data,
            )
        except RuleViolation as violation:
            show_rule_violation(form, violation)
            return self.form_invalid(form)
        self.request.session[_code_key(case_file)] = code
        return redirect(
            "backoffice:casefile_receipt", organization=self.organization.slug, pk=case_file.pk
        )


class CaseFileReceiptView(CaseFileMixin, TemplateView):
    """The receipt to print for the applicant: the access code shows on its first view only."""

    permission = "casefiles.manage"
    template_name = "backoffice/casefiles/receipt.html"

    def get_context_data(self, **kwargs):
        code = self.request.session.pop(_code_key(self.case_file), "")
        return super().get_context_data(
            case_file=self.case_file,
            access_code=access_code_display(code) if code else "",
            status_url=settings.SITE_URL
            + reverse("public:casefile_status", kwargs={"slug": self.organization.slug}),
            **kwargs,
        )


class CaseFileAccessCodeView(CaseFileMixin, View):
    """A new access code for an applicant who lost theirs, shown on a fresh receipt."""

    permission = "casefiles.manage"

    def post(self, request, *args, **kwargs):
        code = casefile_access_code_renew(case_file=self.case_file, actor=request.user)
        request.session[_code_key(self.case_file)] = code
        return redirect(
            "backoffice:casefile_receipt", organization=self.organization.slug, pk=self.case_file.pk
        )
