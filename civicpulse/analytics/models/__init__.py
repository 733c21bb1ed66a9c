"""The analytics' own data: interventions to measure, and the rollups dashboards read."""

from civicpulse.analytics.models.interventions import Intervention, InterventionKind
from civicpulse.analytics.models.rollups import (
    DailyRollup,
    FiguresHistory,
    MonthlyRollup,
    QuestionDailyRollup,
    RollupWatermark,
    WeekdayHourRollup,
    WeeklyRollup,
)

__all__ = [
    "DailyRollup",
    "FiguresHistory",
    "Intervention",
    "InterventionKind",
    "MonthlyRollup",
    "QuestionDailyRollup",
    "RollupWatermark",
    "WeekdayHourRollup",
    "WeeklyRollup",
]
