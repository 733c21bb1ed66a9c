"""Sums of responses per place and period, kept so dashboards never scan raw rows.

Every level holds counts and sums that add up (count, sum, sum of squares, a histogram), so
any coarser figure - a week, a settlement, the whole organisation, a mean, a variance, NPS,
the share satisfied - is a SUM over rows of one table, and a delta can be folded in or taken
out by addition alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicpulse.core.models.organizations import TenantModel
from civicpulse.feedback.models import Channel

SCORES = range(11)

# The rollups' foreign keys have no constraint in the database (db_constraint=False): every
# row is summed from responses whose own keys the database has checked, and checking them
# again cost PostgreSQL more than the sums (deferred triggers, three per row). Deletes still
# cascade, through Django as every on_delete here does.
HISTOGRAM_FIELDS = tuple(f"s{score}" for score in SCORES)


class ScoreSums(TenantModel):
    """Headline scores (0-10) of the responses in one cell."""

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # led by the unique key
        db_constraint=False,  # see the note above
        verbose_name=_("organisation"),
    )
    touchpoint = models.ForeignKey(
        "feedback.Touchpoint",
        on_delete=models.CASCADE,  # a deleted place's figures go with it
        related_name="+",
        db_constraint=False,
        verbose_name=_("touchpoint"),
    )
    channel = models.CharField(_("channel"), max_length=5, choices=Channel)
    language = models.CharField(_("language"), max_length=2)
    responses = models.PositiveIntegerField(_("responses"), default=0)
    scored = models.PositiveIntegerField(_("responses with a score"), default=0)
    score_sum = models.BigIntegerField(_("sum of scores"), default=0)
    score_squares = models.BigIntegerField(_("sum of squared scores"), default=0)
    s0 = models.PositiveIntegerField(default=0)
    s1 = models.PositiveIntegerField(default=0)
    s2 = models.PositiveIntegerField(default=0)
    s3 = models.PositiveIntegerField(default=0)
    s4 = models.PositiveIntegerField(default=0)
    s5 = models.PositiveIntegerField(default=0)
    s6 = models.PositiveIntegerField(default=0)
    s7 = models.PositiveIntegerField(default=0)
    s8 = models.PositiveIntegerField(default=0)
    s9 = models.PositiveIntegerField(default=0)
    s10 = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyRollup(ScoreSums):
    """One touchpoint's responses on one local day, through one channel, in one language."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily rollup")
        verbose_name_plural = _("daily rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "touchpoint", "channel", "language"],
                name="daily_rollup_cell",
            )
        ]

    def __str__(self):
        return f"{self.touchpoint_id} · {self.day} · {self.channel} · {self.responses}"


class WeeklyRollup(ScoreSums):
    """The same sums per local week (`week` is its Monday), for series over months."""

    week = models.DateField(_("week"))

    class Meta:
        verbose_name = _("weekly rollup")
        verbose_name_plural = _("weekly rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "week", "touchpoint", "channel", "language"],
                name="weekly_rollup_cell",
            )
        ]

    def __str__(self):
        return f"{self.touchpoint_id} · {self.week} · {self.channel} · {self.responses}"


class MonthlyRollup(ScoreSums):
    """The same sums per local calendar month (`month` is its first day)."""

    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly rollup")
        verbose_name_plural = _("monthly rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month", "touchpoint", "channel", "language"],
                name="monthly_rollup_cell",
            )
        ]

    def __str__(self):
        return f"{self.touchpoint_id} · {self.month:%Y-%m} · {self.channel} · {self.responses}"


HOURS = range(24)
HOUR_COUNT_FIELDS = tuple(f"c{hour}" for hour in HOURS)
HOUR_SUM_FIELDS = tuple(f"t{hour}" for hour in HOURS)


def _hour_columns() -> dict[str, models.Field]:
    columns: dict[str, models.Field] = {}
    for hour in HOURS:
        columns[f"c{hour}"] = models.PositiveIntegerField(default=0)
        columns[f"t{hour}"] = models.PositiveIntegerField(default=0)
    return columns


class WeekdayHourRollup(TenantModel):
    """Scored responses by local hour (c0..c23) and their score sums (t0..t23), per
    touchpoint, month, channel and weekday (0 = Monday): the hour × weekday heat map.

    The hours are columns, not rows: a year of 600 places is 50,000 rows instead of 1.2
    million, which is what keeps the heat map within a dashboard's time.
    """

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
        verbose_name=_("organisation"),
    )
    touchpoint = models.ForeignKey(
        "feedback.Touchpoint",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        verbose_name=_("touchpoint"),
    )
    month = models.DateField(_("month"))
    channel = models.CharField(_("channel"), max_length=5, choices=Channel)
    weekday = models.PositiveSmallIntegerField(_("weekday"))

    class Meta:
        verbose_name = _("weekday and hour rollup")
        verbose_name_plural = _("weekday and hour rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month", "touchpoint", "channel", "weekday"],
                name="weekday_hour_rollup_cell",
            )
        ]

    def __str__(self):
        return f"{self.touchpoint_id} · {self.month:%Y-%m} · {self.weekday}"


for _name, _field in _hour_columns().items():
    WeekdayHourRollup.add_to_class(_name, _field)


class QuestionDailyRollup(TenantModel):
    """Numeric answers (sub-ratings, yes/no) to one question at one touchpoint on one day."""

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
        verbose_name=_("organisation"),
    )
    touchpoint = models.ForeignKey(
        "feedback.Touchpoint",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        verbose_name=_("touchpoint"),
    )
    question = models.ForeignKey(
        "feedback.Question",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        # Answers PROTECT their questions, so one with rollups is never deleted; no index.
        db_index=False,
        verbose_name=_("question"),
    )
    day = models.DateField(_("day"))
    answers = models.PositiveIntegerField(_("answers"), default=0)
    number_sum = models.BigIntegerField(_("sum of answers"), default=0)
    number_squares = models.BigIntegerField(_("sum of squared answers"), default=0)

    class Meta:
        verbose_name = _("daily question rollup")
        verbose_name_plural = _("daily question rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "touchpoint", "question"],
                name="question_rollup_cell",
            )
        ]

    def __str__(self):
        return f"{self.question_id} · {self.touchpoint_id} · {self.day} · {self.answers}"


class RollupWatermark(models.Model):
    """How far the rollups have read: responses with ids up to `last_response_id` are folded
    in, except the `pending` ids (gaps a still-open transaction may yet fill).

    One row for every organisation: response ids come from one sequence, so one mark and
    one lock serialise every fold, rebuild, flag and restore.
    """

    last_response_id = models.BigIntegerField(default=0)
    # [[response id, epoch seconds first missed], ...]
    pending = models.JSONField(default=list, blank=True)
    folded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollup watermark")
        verbose_name_plural = _("rollup watermarks")

    def __str__(self):
        return f"≤ {self.last_response_id} ({len(self.pending)} pending)"


class FiguresHistory(TenantModel):
    """Marks the organisation's figures of past days: `token` changes whenever something
    changes them (a late response, a flag, a restore, a rebuild).

    Figures of days before today are cached under the token, so a page recomputes only
    today's part until the past changes. A random token rather than a counter: a counter
    would start again at 1 for an organisation that reused a deleted one's id.
    """

    organization = models.OneToOneField(
        "core.Organization",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    token = models.UUIDField()
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("figures history")
        verbose_name_plural = _("figures histories")

    def __str__(self):
        return f"{self.organization_id}: {self.token}"
