from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResultsPeriodForm(forms.Form):
    """The period of results, read from the query string; both ends optional, days inclusive."""

    since = forms.DateField(label=_("From"), required=False, widget=_date_input())
    until = forms.DateField(label=_("To"), required=False, widget=_date_input())

    def clean(self):
        cleaned = super().clean()
        for name in ("since", "until"):
            day = cleaned.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Choose a date from 2000 to 2999."))
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period cannot come before its start."))
        return cleaned

    def period(self) -> tuple[datetime | None, datetime | None]:
        """(from midnight of `since`, to the midnight after `until`) in the current time zone;
        an invalid choice counts as no filter (the form shows why)."""
        if not self.is_bound or not self.is_valid():
            return None, None
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        return (
            _midnight(since) if since else None,
            _midnight(until + timedelta(days=1)) if until else None,
        )


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))
