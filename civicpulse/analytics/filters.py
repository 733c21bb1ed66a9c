"""The filters every dashboard view shares: period, area, category, channel, language and
touchpoint, read from the query string and turned into a `Selection` within the member's
scope. A wrong value is shown beside its field and the view falls back to the default
for it, so a mistyped link still shows figures."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote_plus

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicpulse.analytics.filter_widgets import ListedSelect
from civicpulse.analytics.sums import Selection, Unit, month_start, next_month
from civicpulse.core.models import Area, Category, Membership, Role
from civicpulse.core.scoping import areas_in_scope
from civicpulse.feedback.models import Channel, Touchpoint
from civicpulse.feedback.selectors import touchpoints_visible_to

EARLIEST = date(2000, 1, 1)
LONGEST_DAYS = 3 * 366
# The finest series unit a period gets by default: a day's points up to three months, then
# weeks up to a year and a half, then months; finer units are refused above these.
DAYS_UP_TO = 92
WEEKS_UP_TO = 550

PERIODS = {
    "7d": _("Last 7 days"),
    "30d": _("Last 30 days"),
    "90d": _("Last 90 days"),
    "365d": _("Last 12 months"),
    "month": _("This month"),
    "last-month": _("Last month"),
    "year": _("This year"),
    "custom": _("Chosen dates"),
}
DEFAULT_PERIOD = "30d"
BACKWARDS = _("The end of the period cannot come before its start.")
LANGUAGES = (("bg", _("Bulgarian")), ("en", _("English")))


def period_dates(period: str, today: date) -> tuple[date, date]:
    """The days a named period covers, ending today (or at the end of last month)."""
    if period.endswith("d") and period[:-1].isdigit():
        return today - timedelta(days=int(period[:-1]) - 1), today
    if period == "month":
        return month_start(today), today
    if period == "last-month":
        end = month_start(today) - timedelta(days=1)
        return month_start(end), end
    if period == "year":
        return today.replace(month=1, day=1), today
    raise ValueError(f"unknown period {period!r}")


def default_unit(days: int) -> Unit:
    if days <= DAYS_UP_TO:
        return Unit.DAY
    return Unit.WEEK if days <= WEEKS_UP_TO else Unit.MONTH


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), choices=PERIODS.items(), required=False, widget=ListedSelect
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=ListedSelect,
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=ListedSelect,
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All")), *Channel.choices],
        required=False,
        widget=ListedSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("All")), *LANGUAGES],
        required=False,
        widget=ListedSelect,
    )
    # Reached by drilling down from a list, not chosen from 600 options: a hidden field.
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.none(), required=False, widget=forms.HiddenInput
    )
    unit = forms.ChoiceField(
        label=_("Series by"),
        choices=[("", _("Automatic")), *Unit.choices],
        required=False,
        widget=ListedSelect,
    )

    def __init__(self, data, *, membership: Membership, today: date | None = None):
        super().__init__(data)
        self.membership = membership
        self.today = today or timezone.localdate()
        organization = membership.organization
        self.fields["area"].queryset = areas_in_scope(membership=membership).order_by("path")
        self.fields["category"].queryset = Category.objects.filter(organization=organization)
        self.fields["touchpoint"].queryset = touchpoints_visible_to(membership=membership)
        self.fields["area"].label_from_instance = area_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == "custom":
            since, until = cleaned.get("since"), cleaned.get("until")
            if since is None:
                self.add_error("since", _("Choose the first day."))
            if until is None:
                self.add_error("until", _("Choose the last day."))
            if since and until:
                if until < since:
                    self.add_error(
                        "until", _("The end of the period cannot come before its start.")
                    )
                elif since < EARLIEST or until > self.today + timedelta(days=1):
                    self.add_error("since", _("Choose days from 2000 until today."))
                elif (until - since).days >= LONGEST_DAYS:
                    self.add_error("until", _("Choose a period of at most three years."))
        return cleaned

    def value(self, name: str):
        """A field's valid value, or its default when it was missing or wrong."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def choice(self) -> "Choice":
        period = self.value("period") or DEFAULT_PERIOD
        if period == "custom" and not {"since", "until", "__all__"} & set(self.errors or {}):
            start, end = self.value("since"), self.value("until")
        else:
            period = DEFAULT_PERIOD if period == "custom" else period
            start, end = period_dates(period, self.today)
        unit = default_unit((end - start).days + 1)
        asked = self.value("unit")
        if asked and _unit_allowed(Unit(asked), (end - start).days + 1):
            unit = Unit(asked)
        return Choice(
            membership=self.membership,
            period=period,
            start=start,
            end=end,
            unit=unit,
            area=self.value("area"),
            category=self.value("category"),
            channel=self.value("channel") or "",
            language=self.value("language") or "",
            touchpoint=self.value("touchpoint"),
        )


def _unit_allowed(unit: Unit, days: int) -> bool:
    return {Unit.DAY: days <= DAYS_UP_TO, Unit.WEEK: days <= WEEKS_UP_TO}.get(unit, True)


def area_label(area: Area) -> str:
    depth = area.path.count("/") - 2
    return f"{'— ' * depth}{area.name}"


@dataclass(frozen=True)
class Choice:
    """What the member chose, valid and within their scope."""

    membership: Membership
    period: str
    start: date
    end: date
    unit: Unit
    area: Area | None = None
    category: Category | None = None
    channel: str = ""
    language: str = ""
    touchpoint: Touchpoint | None = None

    @property
    def organization(self):
        return self.membership.organization

    @property
    def is_narrowed(self) -> bool:
        """Whether some touchpoints of the organisation are left out."""
        return bool(
            self.area
            or self.category
            or self.touchpoint
            or self.membership.role == Role.DEPARTMENT_HEAD
        )

    def touchpoints(self) -> QuerySet[Touchpoint]:
        """The touchpoints the choice covers, within the member's scope."""
        touchpoints = touchpoints_visible_to(membership=self.membership)
        if self.area is not None:
            touchpoints = touchpoints.filter(area__path__startswith=self.area.path)
        if self.category is not None:
            touchpoints = touchpoints.filter(category=self.category)
        if self.touchpoint is not None:
            touchpoints = touchpoints.filter(pk=self.touchpoint.pk)
        return touchpoints

    def selection(self, *, start: date | None = None, end: date | None = None) -> Selection:
        return Selection(
            organization=self.organization,
            start=start or self.start,
            end=end or self.end,
            touchpoints=self.touchpoints() if self.is_narrowed else None,
            channel=self.channel,
            language=self.language,
        )

    def query(self, **changes) -> str:
        """The query string of this choice with `changes` (None removes a filter), for
        drill-down links and exports."""
        values = {
            "period": self.period,
            "since": self.start.isoformat() if self.period == "custom" else None,
            "until": self.end.isoformat() if self.period == "custom" else None,
            "area": self.area.pk if self.area else None,
            "category": self.category.pk if self.category else None,
            "channel": self.channel or None,
            "language": self.language or None,
            "touchpoint": self.touchpoint.pk if self.touchpoint else None,
            "unit": self.unit.value,
        }
        values |= changes
        return query_string(values)

    @property
    def whole_months(self) -> tuple[date, date]:
        return month_start(self.start), next_month(self.end) - timedelta(days=1)


def query_string(values: dict) -> str:
    """What urlencode(values, doseq=True) writes for the values that are not None, quoting
    only what needs it: a dashboard page links each of its hundreds of places, and quoting
    costs most of a link."""
    return "&".join(
        f"{_quoted(key)}={_quoted(item)}"
        for key, value in values.items()
        if value is not None
        for item in (value if isinstance(value, list | tuple) else (value,))
    )


_UNQUOTED = re.compile(r"[A-Za-z0-9_.\-]*")


def _quoted(value) -> str:
    text = str(value)
    return text if _UNQUOTED.fullmatch(text) else quote_plus(text)
