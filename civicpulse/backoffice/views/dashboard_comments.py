"""The dashboard's "Comments and photos" page (and the drill-down to single responses), and
the photo of one response for the staff who may read it."""

import mimetypes
from zoneinfo import ZoneInfo

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.generic import View

from civicpulse.analytics.comments import (
    EXPORT_MOST,
    PAGE_SIZE,
    CommentFilterForm,
    CommentFilters,
    comment_page,
    comments_for_export,
    response_with_photo,
)
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.backoffice.views.dashboard import DashboardMixin
from civicpulse.core.tables import Table


class DashboardCommentsView(DashboardMixin):
    permission = "responses.view"
    template_name = "backoffice/dashboard/comments.html"
    export_name = "comments"
    exportable = False  # its own links: the exports keep the page's own filters

    @property
    def title(self):
        return _("Comments and photos")

    def figures(self):
        self.comment_form = CommentFilterForm(self.request.GET or None)
        self.comment_filters = CommentFilters.from_form(self.comment_form)
        if self.request.GET.get("export"):
            return comments_for_export(self.choice, self.comment_filters)
        return comment_page(self.choice, self.comment_filters)

    def tables(self, figures):
        zone = ZoneInfo(self.organization.time_zone)
        return [
            Table(
                _("Comments"),
                [
                    _("Date and time"),
                    _("Place"),
                    _("Score"),
                    _("Language"),
                    _("Channel"),
                    _("Comment"),
                ],
                [
                    [
                        # Local wall-clock time: a spreadsheet has no time zones.
                        localtime(item.submitted_at, zone).replace(tzinfo=None),
                        item.place,
                        item.score,
                        item.language,
                        item.channel_label,
                        "\n\n".join(item.comments),
                    ]
                    for item in figures
                ],
            )
        ]

    def get_context_data(self, figures):
        filters = self.comment_filters
        base = f"?{self.choice.query()}"
        return super().get_context_data(figures) | {
            "extra_filter_form": self.comment_form,
            "page_errors": self.comment_form.hidden_errors,
            "page_size": PAGE_SIZE,
            "export_most": EXPORT_MOST,
            "newer_link": (
                f"{base}&{filters.query(page=filters.page - 1)}" if filters.page > 1 else None
            ),
            "older_link": f"{base}&{filters.query(page=filters.page + 1)}"
            if figures.has_next
            else None,
            "export_query": f"{base}&{filters.query(page=None)}",
            "every_link": f"{base}&{filters.query(all='on', page=None)}",
        }


class ResponsePhotoView(OrganizationPermissionMixin, View):
    """A response's photo, for staff who may read what was sent about its touchpoint."""

    permission = "responses.view"

    def get(self, request, *args, **kwargs):
        response = response_with_photo(membership=self.membership, pk=kwargs["pk"])
        if response is None:
            raise Http404
        try:
            stream = response.photo.open("rb")
        except FileNotFoundError:
            raise Http404("The photo's file is missing.") from None
        content_type = mimetypes.guess_type(response.photo.name)[0] or "application/octet-stream"
        served = FileResponse(stream, content_type=content_type)
        patch_cache_control(served, private=True, no_store=True)
        return served
