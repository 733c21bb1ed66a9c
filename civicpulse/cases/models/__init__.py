from civicpulse.cases.models.cases import (
    Case,
    CaseEvent,
    CasePhoto,
    CaseSupport,
    EventAction,
    Publication,
    Source,
)
from civicpulse.cases.models.handling import AnswerTemplate, RoutingRule
from civicpulse.cases.models.kinds import CaseKind, CaseStatus, Stage
from civicpulse.cases.models.registry import RegistryCounter

__all__ = [
    "AnswerTemplate",
    "Case",
    "CaseEvent",
    "CaseKind",
    "CasePhoto",
    "CaseStatus",
    "CaseSupport",
    "EventAction",
    "Publication",
    "RegistryCounter",
    "RoutingRule",
    "Source",
    "Stage",
]
