"""The analytics' own data: interventions to measure (and the rollups dashboards read)."""

from civicpulse.analytics.models.interventions import Intervention, InterventionKind

__all__ = ["Intervention", "InterventionKind"]
