"""Survey campaigns: the list, creating and editing, and one campaign with its link, QR code,
poster and results."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, TemplateView, UpdateView, View

from civicpulse.backoffice.forms.campaigns import CampaignForm
from civicpulse.backoffice.forms.results import ResultsPeriodForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin, SaveFormMixin
from civicpulse.backoffice.views.posters import QrPngFile, QrSvgFile, attachment
from civicpulse.feedback.campaigns import campaign_list, campaign_status
from civicpulse.feedback.posters import PosterFormat, posters_pdf
from civicpulse.feedback.results import (
    LATEST_COMMENTS,
    comments_permitted,
    period_condition,
    results_for,
)

PAGE_SIZE = 50
CAMPAIGN_POSTER_FORMATS = (PosterFormat.A4, PosterFormat.A5, PosterFormat.A6)


class CampaignMixin(OrganizationPermissionMixin):
    permission = "campaigns.view"

    def get_campaign(self):
        # Through the organisation in the URL: another organisation's id is a 404.
        return get_object_or_404(
            self.organization.campaigns.select_related("questionnaire"), pk=self.kwargs["pk"]
        )


class CampaignListView(CampaignMixin, TemplateView):
    template_name = "backoffice/campaigns/list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(campaign_list(organization=self.organization), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        now = timezone.now()
        rows = [(campaign, campaign_status(campaign, now=now)) for campaign in page.object_list]
        return super().get_context_data(page=page, rows=rows, **kwargs)


class CampaignDetailView(CampaignMixin, TemplateView):
    template_name = "backoffice/campaigns/detail.html"

    def get_context_data(self, **kwargs):
        campaign = self.get_campaign()
        period_form = ResultsPeriodForm(self.request.GET or None)
        since, until = period_form.period()
        permitted = comments_permitted(membership=self.membership)
        results = results_for(
            responses=Q(campaign=campaign) & period_condition(since=since, until=until),
            questionnaire=campaign.questionnaire,
            comments=LATEST_COMMENTS if permitted else 0,
        )
        return super().get_context_data(
            campaign=campaign,
            status=campaign_status(campaign),
            period_form=period_form,
            results=results,
            poster_formats=[(value, value.label) for value in CAMPAIGN_POSTER_FORMATS],
            **kwargs,
        )


class CampaignFormMixin(SaveFormMixin, CampaignMixin):
    permission = "campaigns.manage"
    form_class = CampaignForm
    template_name = "backoffice/campaigns/form.html"
    success_message = _("%(name)s has been saved.")

    def get_queryset(self):
        return self.organization.campaigns.all()

    def get_success_url(self):
        return reverse(
            "backoffice:campaign_detail",
            kwargs={"organization": self.organization.slug, "pk": self.object.pk},
        )


class CampaignCreateView(CampaignFormMixin, CreateView):
    title = _("New survey campaign")


class CampaignEditView(CampaignFormMixin, UpdateView):
    title = _("Edit survey campaign")


class CampaignFileView(CampaignMixin, View):
    """A file made from one campaign, for staff who may see campaigns."""

    def get(self, request, *args, **kwargs):
        return self.file_for(self.get_campaign())


class CampaignQrSvgView(QrSvgFile, CampaignFileView):
    pass


class CampaignQrPngView(QrPngFile, CampaignFileView):
    pass


class CampaignPosterView(CampaignFileView):
    """?format= a4 (the default), a5 or a6."""

    def file_for(self, campaign):
        poster_format = self.request.GET.get("format", PosterFormat.A4)
        if poster_format not in CAMPAIGN_POSTER_FORMATS:
            raise Http404("No such format.")
        pdf = posters_pdf([campaign], organization=self.organization, poster_format=poster_format)
        return attachment(
            pdf, content_type="application/pdf", filename=f"{poster_format}-{campaign.code}.pdf"
        )
