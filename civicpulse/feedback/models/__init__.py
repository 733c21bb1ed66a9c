from civicpulse.feedback.models.campaigns import Campaign
from civicpulse.feedback.models.kiosks import Kiosk, KioskDisplay
from civicpulse.feedback.models.questionnaires import (
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    QuestionOption,
)
from civicpulse.feedback.models.responses import Answer, Channel, Response
from civicpulse.feedback.models.touchpoints import Touchpoint, TouchpointKind

__all__ = [
    "Answer",
    "Campaign",
    "Channel",
    "Kiosk",
    "KioskDisplay",
    "Question",
    "QuestionKind",
    "QuestionOption",
    "Questionnaire",
    "QuestionnaireVersion",
    "Response",
    "Touchpoint",
    "TouchpointKind",
]
