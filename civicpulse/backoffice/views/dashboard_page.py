"""Dashboard pages with fields of their own (a breakdown's dimension, a ranking's order):
the fields stay in every link, export and chart download the page makes."""

from dataclasses import dataclass, fields

from django.http import QueryDict
from django.utils import timezone

from civicpulse.analytics.filters import Choice, query_string
from civicpulse.backoffice.views.dashboard import DashboardMixin


@dataclass(frozen=True)
class PageChoice(Choice):
    """The member's choice with the page's own fields, as given: (name, [values])."""

    page_query: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def query(self, **changes) -> str:
        """The filters' query with the page's fields, unless `changes` set them (None: drop)."""
        page = {name: values for name, values in self.page_query if name not in changes}
        parts = (super().query(**changes), query_string(page))
        return "&".join(part for part in parts if part)

    @property
    def page_fields(self) -> list[tuple[str, str]]:
        """The page's fields as hidden inputs of the filters' form."""
        return [(name, value) for name, values in self.page_query for value in values]

    @property
    def filter_fields(self) -> list[tuple[str, str]]:
        """The filters as hidden inputs of the page's own form."""
        return [
            (name, value)
            for name, values in QueryDict(Choice.query(self)).lists()
            for value in values
        ]


class DashboardPageMixin(DashboardMixin):
    page_form_class = None

    def page_form(self):
        return self.page_form_class(self.request.GET or None)

    def figures(self):
        self.today = timezone.localdate()
        self.form = self.page_form()
        given = self.form.query()
        self.choice = PageChoice(
            **{field.name: getattr(self.choice, field.name) for field in fields(Choice)},
            page_query=tuple((name, tuple(values)) for name, values in given.items()),
        )
        return self.page_figures()

    def page_figures(self):
        raise NotImplementedError

    def get_context_data(self, figures) -> dict:
        return super().get_context_data(figures) | {"page_form": self.form}
