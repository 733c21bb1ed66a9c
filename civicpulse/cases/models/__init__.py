from civicpulse.cases.models.cases import Case, CaseEvent, EventAction, Publication
from civicpulse.cases.models.kinds import CaseKind, CaseStatus, Stage
from civicpulse.cases.models.registry import RegistryCounter

__all__ = [
    "Case",
    "CaseEvent",
    "CaseKind",
    "CaseStatus",
    "EventAction",
    "Publication",
    "RegistryCounter",
    "Stage",
]
