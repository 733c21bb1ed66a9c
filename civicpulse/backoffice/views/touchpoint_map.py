"""The touchpoints on a map drawn as inline SVG, with the list's filters."""

from django.views.generic import TemplateView

from civicpulse.backoffice.forms.touchpoints import TouchpointFilterForm
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.feedback.touchpoint_map import SHAPES, touchpoint_map


class TouchpointMapView(OrganizationPermissionMixin, TemplateView):
    permission = "touchpoints.view"
    template_name = "backoffice/touchpoints/map.html"

    def get_context_data(self, **kwargs):
        filter_form = TouchpointFilterForm(self.request.GET or None, organization=self.organization)
        drawn = touchpoint_map(membership=self.membership, filters=filter_form.filters())
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=filter_form,
            map=drawn,
            shapes=SHAPES,
            legend=[(style, _with(query, category=style.category.pk)) for style, _ in drawn.groups],
            filter_query=query.urlencode(),
            without_coordinates_query=_with(query, located="no"),
            **kwargs,
        )


def _with(query, **changes) -> str:
    changed = query.copy()
    for name, value in changes.items():
        changed[name] = value
    return changed.urlencode()
