"""Sector timeliness: the share of files done on time and the reasons for delay, per sector
and service, for a chosen period; also as CSV."""

import io
from datetime import timedelta

from django.utils import timezone
from django.views.generic import TemplateView, View

from civicpulse.backoffice.forms.results import ResultsPeriodForm
from civicpulse.backoffice.views.casefiles import CaseFileSectorsMixin
from civicpulse.backoffice.views.posters import attachment
from civicpulse.casefiles.exports import casefile_figures_csv
from civicpulse.casefiles.figures import casefile_figures
from civicpulse.casefiles.models import DelayReason


class FiguresMixin(CaseFileSectorsMixin):
    def figures(self):
        """The period asked for; by default the last twelve months up to today."""
        data = self.request.GET
        if not data.get("since") and not data.get("until"):
            today = timezone.localdate()
            data = {"since": (today - timedelta(days=365)).isoformat(), "until": today.isoformat()}
        form = ResultsPeriodForm(data)
        since, until = form.period()
        figures = casefile_figures(
            organization=self.organization, since=since, until=until, sector_ids=self.sector_ids
        )
        return form, figures


class CaseFileFiguresView(FiguresMixin, TemplateView):
    template_name = "backoffice/casefiles/figures.html"

    def get_context_data(self, **kwargs):
        form, figures = self.figures()
        reasons = [
            (label, figures.total.reasons.get(value, 0))
            for value, label in [*DelayReason.choices, ("", None)]
        ]
        return super().get_context_data(
            period_form=form,
            figures=figures,
            reasons=reasons,
            late_total=sum(count for _label, count in reasons),
            **kwargs,
        )


class CaseFileFiguresExportView(FiguresMixin, View):
    def get(self, request, *args, **kwargs):
        _form, figures = self.figures()
        stream = io.StringIO(newline="")
        stream.write("\ufeff")
        casefile_figures_csv(figures=figures, stream=stream)
        return attachment(
            stream.getvalue().encode("utf-8"),
            content_type="text/csv; charset=utf-8",
            filename=f"casefile-timeliness-{self.organization.slug}.csv",
        )
