"""What the breakdown, comparison and ranking pages ask besides the dashboard's filters.

Read from the query string like the filters: a wrong value is shown beside its field and
the page falls back to its default, never a 500 or a 404.
"""

from datetime import date, timedelta

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.analytics.compare import MAX_ITEMS
from civicpulse.analytics.dimensions import Dimension
from civicpulse.analytics.filters import EARLIEST, LONGEST_DAYS, area_label
from civicpulse.analytics.ranking import ATTENTION_LIMIT, Order
from civicpulse.core.models import Category, Membership, Role
from civicpulse.core.scoping import areas_in_scope

MOST_ATTENTION_ROWS = 50


class PageForm(forms.Form):
    """A page's own fields; `value` gives a field's valid value or its default."""

    defaults: dict = {}

    def value(self, name: str):
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return self.defaults.get(name)
        value = self.cleaned_data.get(name)
        return self.defaults.get(name) if value in (None, "") else value

    def query(self) -> dict:
        """The page's fields as given (valid or not), to keep them in links and downloads."""
        if not self.is_bound:
            return {}
        return {name: self.data.getlist(name) for name in self.fields if name in self.data}


class BreakdownForm(PageForm):
    by = forms.ChoiceField(label=_("Break down by"), choices=Dimension.choices, required=False)
    all = forms.BooleanField(required=False, widget=forms.HiddenInput)
    defaults = {"by": Dimension.CATEGORY, "all": False}


class RankingForm(PageForm):
    order = forms.ChoiceField(label=_("Rank by"), choices=Order.choices, required=False)
    limit = forms.IntegerField(
        label=_("Places in “needs attention”"),
        min_value=1,
        max_value=MOST_ATTENTION_ROWS,
        required=False,
        initial=ATTENTION_LIMIT,
    )
    # Every ranked place rather than the best and worst; kept in links like the rest.
    all = forms.BooleanField(required=False, widget=forms.HiddenInput)
    defaults = {"order": Order.SHRUNK, "limit": ATTENTION_LIMIT, "all": False}


class Against(models.TextChoices):
    PREVIOUS = "previous", _("the previous period")
    YEAR = "year", _("the same period a year before")
    DATES = "dates", _("chosen dates")


class CompareWhat(models.TextChoices):
    PERIODS = "period", _("This period against another")
    AREAS = "area", _("Areas")
    CATEGORIES = "category", _("Categories")


class CompareForm(PageForm):
    what = forms.ChoiceField(
        label=_("Compare"),
        choices=CompareWhat.choices,
        required=False,
        widget=forms.RadioSelect,
        initial=CompareWhat.PERIODS,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Category.objects.none(),
        required=False,
        help_text=_("Up to %(count)s; each is compared with the first.") % {"count": MAX_ITEMS},
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.none(),
        required=False,
        help_text=_("Up to %(count)s; each is compared with the first.") % {"count": MAX_ITEMS},
    )
    against = forms.ChoiceField(label=_("Against"), choices=Against.choices, required=False)
    against_since = forms.DateField(
        label=_("Other period from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    against_until = forms.DateField(
        label=_("Other period to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    defaults = {"what": CompareWhat.PERIODS, "against": Against.PREVIOUS}

    def __init__(self, data, *, membership: Membership, today: date):
        super().__init__(data)
        self.today = today
        self.fields["areas"].queryset = areas_in_scope(membership=membership).order_by("path")
        self.fields["areas"].label_from_instance = area_label
        categories = Category.objects.filter(organization_id=membership.organization_id)
        if membership.role == Role.DEPARTMENT_HEAD and membership.categories.exists():
            categories = categories.filter(pk__in=membership.categories.values("pk"))
        self.fields["categories"].queryset = categories

    def _items(self, name: str):
        chosen = {item.pk: item for item in self.cleaned_data[name]}
        # Every given value named a valid item, or the field would have refused it.
        given = [int(value) for value in self.data.getlist(name)]
        if len(set(given)) < len(given):
            raise forms.ValidationError(_("Choose each item only once."))
        if len(given) > MAX_ITEMS:
            raise forms.ValidationError(_("Choose at most %(count)s items.") % {"count": MAX_ITEMS})
        # In the order given: the first is the one the others are compared with.
        return [chosen[pk] for pk in given]

    def clean_areas(self):
        return self._items("areas")

    def clean_categories(self):
        return self._items("categories")

    def clean(self):
        cleaned = super().clean()
        what = cleaned.get("what") or CompareWhat.PERIODS
        field = {CompareWhat.AREAS: "areas", CompareWhat.CATEGORIES: "categories"}.get(what)
        if field and field not in self.errors and len(cleaned.get(field) or []) < 2:
            self.add_error(field, _("Choose at least two to compare."))
        if what == CompareWhat.PERIODS and cleaned.get("against") == Against.DATES:
            self._check_dates(cleaned.get("against_since"), cleaned.get("against_until"))
        return cleaned

    def _check_dates(self, since, until):
        if since is None and "against_since" not in self.errors:
            self.add_error("against_since", _("Choose the first day."))
        if until is None and "against_until" not in self.errors:
            self.add_error("against_until", _("Choose the last day."))
        if since is None or until is None:
            return
        if until < since:
            self.add_error(
                "against_until", _("The end of the period cannot come before its start.")
            )
        elif since < EARLIEST or until > self.today + timedelta(days=1):
            self.add_error("against_since", _("Choose days from 2000 until today."))
        elif (until - since).days >= LONGEST_DAYS:
            self.add_error("against_until", _("Choose a period of at most three years."))
