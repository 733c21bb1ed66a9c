"""The statistics' `Reason` codes as sentences a member can act on."""

from django.utils.translation import gettext as _

from civicpulse.analytics.statistics.estimates import Reason


def reason_sentence(reason: Reason | str | None) -> str:
    """Why a figure is missing, in words; a generic sentence for an unknown code."""
    sentences = {
        Reason.NO_DATA: _("There are no ratings to go on."),
        Reason.ONE_VALUE: _("There is only one rating, too few for an interval."),
        Reason.NO_VARIATION: _("Every rating is the same, so no interval can be given."),
        Reason.TOO_FEW_POINTS: _("There are too few data points to estimate this."),
        Reason.TOO_FEW_PLACES: _("At least two places with ratings are needed to compare."),
        Reason.ONE_RATING_PER_PLACE: _(
            "Each place has only one rating, so the spread within a place is unknown."
        ),
        Reason.SINGLE_TIME: _(
            "All ratings on one side fall in a single week: no trend can be seen."
        ),
        Reason.TOO_FEW_BEFORE: _(
            "Too few weeks with ratings before the date (at least three are needed)."
        ),
        Reason.TOO_FEW_AFTER: _(
            "Too few weeks with ratings after the date (at least three are needed)."
        ),
        Reason.NO_COMPARISON_UNITS: _(
            "No comparable place without an intervention has ratings in these weeks."
        ),
        Reason.NO_TREATED_UNITS: _("The place of the intervention has no ratings in these weeks."),
        Reason.TOO_FEW_IN_A_CELL: _(
            "Too few weekly figures before or after, at the place or at the comparison places."
        ),
        Reason.OUTCOME_CONSTANT: _("Every overall score is the same, so nothing explains it."),
        Reason.PREDICTORS_CONSTANT: _("Every aspect got the same rating throughout."),
    }
    try:
        return sentences[Reason(reason)]
    except (KeyError, ValueError):
        return _("There are too few data to tell.")
