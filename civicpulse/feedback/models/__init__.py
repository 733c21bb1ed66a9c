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
    "Channel",
    "Question",
    "QuestionKind",
    "QuestionOption",
    "Questionnaire",
    "QuestionnaireVersion",
    "Response",
    "Touchpoint",
    "TouchpointKind",
]
