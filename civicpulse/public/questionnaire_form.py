"""The questionnaire as a plain HTML form: fields for each question, and the posted answers.

Field names are `q-<question key>`, so a re-rendered form keeps what was typed.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from civicpulse.feedback.models import Question, QuestionKind, QuestionnaireVersion

STARS = "★"
SMILEYS = ("😞", "🙁", "😐", "🙂", "😀")


@dataclass
class Choice:
    value: str
    label: str
    spoken: str = ""  # for screen readers when the label is a symbol
    checked: bool = False


@dataclass
class FormQuestion:
    question: Question
    name: str
    kind: str
    input_type: str  # radio, checkbox or textarea
    choices: list[Choice] = field(default_factory=list)
    text_value: str = ""
    error: str = ""
    parent_name: str = ""
    band_note: str = ""

    @property
    def layout(self) -> str:
        if self.kind in (QuestionKind.SCALE, QuestionKind.NPS):
            return "scale"
        if self.kind in (QuestionKind.STARS, QuestionKind.SMILEYS, QuestionKind.YES_NO):
            return "row"
        return "list"


def field_name(question: Question) -> str:
    return f"q-{question.key}"


def _choices(question: Question) -> list[Choice]:
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [Choice(option.key, option.label) for option in question.options.all()]
    if kind == QuestionKind.YES_NO:
        return [Choice("1", _("Yes")), Choice("0", _("No"))]
    if kind == QuestionKind.STARS:
        # "4 ★" rather than four stars: five buttons must fit a 320 px phone.
        return [Choice(str(n), f"{n} {STARS}", _("%(n)s of 5") % {"n": n}) for n in range(1, 6)]
    if kind == QuestionKind.SMILEYS:
        return [
            Choice(str(n), face, _("%(n)s of 5") % {"n": n})
            for n, face in enumerate(SMILEYS, start=1)
        ]
    if kind in (QuestionKind.SCALE, QuestionKind.NPS):
        return [Choice(str(n), str(n)) for n in range(11)]
    return []


def _band_note(question: Question, parent: Question | None) -> str:
    if parent is None:
        return ""
    return _("Answer if you gave %(low)s-%(high)s above.") % {
        "low": question.show_min,
        "high": question.show_max,
    }


def form_questions(
    version: QuestionnaireVersion, posted=None, errors: dict[str, str] | None = None
) -> list[FormQuestion]:
    """The questions to render, with posted values checked and errors attached."""
    errors = errors or {}
    questions = version.question_list
    by_pk = {q.pk: q for q in questions}
    form = []
    for question in questions:
        name = field_name(question)
        parent = by_pk.get(question.parent_id)
        entry = FormQuestion(
            question=question,
            name=name,
            kind=question.kind,
            input_type=(
                "textarea"
                if question.kind == QuestionKind.TEXT
                else "checkbox"
                if question.kind == QuestionKind.MULTIPLE
                else "radio"
            ),
            choices=_choices(question),
            error=errors.get(question.key, ""),
            parent_name=field_name(parent) if parent else "",
            band_note=_band_note(question, parent),
        )
        if posted is not None:
            given = set(posted.getlist(name))
            for choice in entry.choices:
                choice.checked = choice.value in given
            entry.text_value = posted.get(name, "") if entry.input_type == "textarea" else ""
        form.append(entry)
    return form


def posted_answers(questions: list[Question], posted) -> dict:
    """The answers in the shape response_record expects; blank fields are left out."""
    answers = {}
    for question in questions:
        name = field_name(question)
        if question.kind == QuestionKind.MULTIPLE:
            values = posted.getlist(name)
        else:
            values = posted.get(name, "")
        if values not in ("", []):
            answers[question.key] = values
    return answers
