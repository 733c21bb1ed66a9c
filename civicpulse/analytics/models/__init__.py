"""The rollups the dashboards read (see civicpulse.analytics.rollups for how they are kept)."""

from civicpulse.analytics.models.rollups import (
    DailyRollup,
    MonthlyRollup,
    QuestionDailyRollup,
    RollupWatermark,
)

__all__ = ["DailyRollup", "MonthlyRollup", "QuestionDailyRollup", "RollupWatermark"]
