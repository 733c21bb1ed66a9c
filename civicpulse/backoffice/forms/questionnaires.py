"""The questionnaire editor: a draft as posted, the editing actions, and the save.

Nothing here needs JavaScript. "Add a question", "Move up" and the rest are submit buttons
named `action`; every post carries the whole draft, so the page comes back with everything
typed, changed as asked. Fields are named by position, `q<i>-<field>` and
`q<i>-o<j>-<field>`; a hidden `ref` carries each question's and option's identity (its key,
or "+<n>" while it is new), which the follow-up rules and the headline choice point at.
The rules (keys, versions, what may follow what) are the services'
(civicpulse.feedback.questionnaires); this module only reads, rearranges and shows.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import active_language
from civicpulse.feedback.models import QuestionKind
from civicpulse.feedback.models.questionnaires import CHOICE_KINDS, RATING_KINDS
from civicpulse.feedback.questionnaires import (
    MAX_OPTIONS,
    MAX_QUESTIONS,
    DefinitionInvalid,
    DraftSaved,
    definition_assign_keys,
    definition_problems,
    questionnaire_save_draft,
    version_definition,
)

# Rows read from one post: a tampered form with more gets the service's "at most 30" message
# for what fits here, and the rest is dropped instead of costing unbounded work.
MAX_ROWS = 300
MAX_REF = 100
ROW_FIELD = re.compile(r"q(\d{1,3})-(?:o(\d{1,3})-)?ref")
ACTION = re.compile(
    r"(save|add|remove|up|down|option-add|option-remove|option-up|option-down)"
    r"(?:-(\d{1,3}))?(?:-(\d{1,3}))?"
)
NEW_REF = re.compile(r"\+(\d{1,6})")
# Fields a post carries besides the questions (csrf token, titles, purpose, category,
# headline, action, preview language) and per question and option; Django refuses a post
# with more than DATA_UPLOAD_MAX_NUMBER_FIELDS, so the editor stops growing before that.
FIXED_FIELDS = 10
QUESTION_FIELDS = 8
OPTION_FIELDS = 3
MIN_OPTION_ROWS = 2


class Purpose(models.TextChoices):
    PLACES = "places", gettext_lazy("The default for a category's places")
    EMPLOYEES = "employees", gettext_lazy("The default for a category's employees")
    STANDALONE = (
        "standalone",
        gettext_lazy("On its own: a touchpoint's own questions or a survey campaign"),
    )


@dataclass
class DraftOption:
    ref: str = ""
    label_bg: str = ""
    label_en: str = ""
    errors: dict = field(default_factory=dict)
    # Set for rendering by QuestionnaireEditor.prepare():
    prefix: str = ""  # of its fields' names, "q2-o1-"
    focus: str = ""  # which of its fields gets focus, e.g. "label_bg"

    @property
    def is_blank(self) -> bool:
        return not (self.label_bg.strip() or self.label_en.strip())


@dataclass
class DraftQuestion:
    ref: str
    kind: str = QuestionKind.SCALE
    text_bg: str = ""
    text_en: str = ""
    required: bool = False
    parent: str = ""  # the ref of the question it follows; "" when always asked
    show_min: str = ""
    show_max: str = ""
    options: list[DraftOption] = field(default_factory=list)
    errors: dict = field(default_factory=dict)
    note: str = ""
    # Set for rendering by QuestionnaireEditor.prepare():
    prefix: str = ""  # of its fields' names, "q2-"
    focus: str = ""  # which of its controls gets focus, e.g. "up"
    parent_choices: list = field(default_factory=list)
    # Which option rows went into the definition, by their place in it.
    used_options: list[int] = field(default_factory=list)

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_rating(self) -> bool:
        return self.kind in RATING_KINDS

    def text(self) -> str:
        preferred = self.text_en if active_language() == "en" else self.text_bg
        return (preferred or self.text_bg or self.text_en).strip()

    def as_draft(self, *, headline: str) -> dict:
        self.used_options = [
            index for index, option in enumerate(self.options) if not option.is_blank
        ]
        band = None
        if self.parent:
            band = {"question": self.parent, "min": _number(self.show_min)}
            band["max"] = _number(self.show_max)
        return {
            "key": self.ref,
            "kind": self.kind,
            "text": {"bg": self.text_bg, "en": self.text_en},
            "required": self.required,
            "headline": bool(self.ref) and self.ref == headline,
            "show_if": band,
            "options": [
                {
                    "key": self.options[index].ref,
                    "label": {
                        "bg": self.options[index].label_bg,
                        "en": self.options[index].label_en,
                    },
                }
                for index in self.used_options
            ]
            if self.is_choice
            else [],
        }


def _number(raw: str):
    """A whole number as typed; anything else stays as it is, for the service to refuse."""
    raw = raw.strip()
    return int(raw) if re.fullmatch(r"-?\d{1,6}", raw) else raw


def _text(data, name: str) -> str:
    return data.get(name, "").replace("\x00", "")


class QuestionnaireEditor:
    """The state of one editing page: loaded from a questionnaire, or read from a post."""

    def __init__(self, data=None, *, organization, questionnaire=None):
        self.organization = organization
        self.questionnaire = questionnaire
        self.categories = list(organization.categories.order_by("position", "name_bg"))
        self.errors: dict[str, list[str]] = {}
        self.summary: list[tuple[str, str]] = []  # (id of the field, message), in page order
        self.message = ""  # what the last action did, announced to screen readers
        self.focus = ""  # id of the control that gets focus when the page comes back
        if data is None:
            self.action = ""
            self._load()
        else:
            self.action = data.get("action", "save")
            self._read(data)
        self._pad_options()

    # Reading -----------------------------------------------------------------------------

    def _load(self):
        questionnaire = self.questionnaire
        if questionnaire is None:
            self.title_bg = self.title_en = ""
            self.purpose, self.category_id = Purpose.STANDALONE, ""
            self.headline = "+1"
            self.questions = [DraftQuestion(ref="+1")]
            return
        self.title_bg, self.title_en = questionnaire.title_bg, questionnaire.title_en
        if questionnaire.category_id is None:
            self.purpose, self.category_id = Purpose.STANDALONE, ""
        else:
            self.purpose = Purpose.EMPLOYEES if questionnaire.for_employees else Purpose.PLACES
            self.category_id = str(questionnaire.category_id)
        current = questionnaire.current_version
        definition = version_definition(current) if current else {"questions": []}
        self.headline = ""
        self.questions = []
        for spec in definition["questions"]:
            band = spec["show_if"] or {}
            if spec["headline"]:
                self.headline = spec["key"]
            self.questions.append(
                DraftQuestion(
                    ref=spec["key"],
                    kind=spec["kind"],
                    text_bg=spec["text"]["bg"],
                    text_en=spec["text"]["en"],
                    required=spec["required"],
                    parent=band.get("question", ""),
                    show_min="" if band.get("min") is None else str(band["min"]),
                    show_max="" if band.get("max") is None else str(band["max"]),
                    options=[
                        DraftOption(
                            ref=option["key"],
                            label_bg=option["label"]["bg"],
                            label_en=option["label"]["en"],
                        )
                        for option in spec["options"]
                    ],
                )
            )

    def _read(self, data):
        self.title_bg = _text(data, "title_bg")
        self.title_en = _text(data, "title_en")
        self.purpose = data.get("purpose", "")
        self.category_id = data.get("category", "")
        self.headline = _text(data, "headline")[:MAX_REF]
        rows: dict[int, list[int]] = {}
        for name in data:
            match = ROW_FIELD.fullmatch(name)
            if match is None:
                continue
            options = rows.setdefault(int(match[1]), [])
            if match[2] is not None:
                options.append(int(match[2]))
        self.questions = [
            self._read_question(data, index, sorted(rows[index])[:MAX_OPTIONS])
            for index in sorted(rows)[:MAX_ROWS]
        ]

    def _read_question(self, data, index: int, option_indexes: list[int]) -> DraftQuestion:
        prefix = f"q{index}-"
        return DraftQuestion(
            ref=_text(data, prefix + "ref")[:MAX_REF],
            kind=data.get(prefix + "kind", ""),
            text_bg=_text(data, prefix + "text_bg"),
            text_en=_text(data, prefix + "text_en"),
            required=bool(data.get(prefix + "required")),
            parent=_text(data, prefix + "parent")[:MAX_REF],
            show_min=_text(data, prefix + "show_min"),
            show_max=_text(data, prefix + "show_max"),
            options=[
                DraftOption(
                    ref=_text(data, f"{prefix}o{number}-ref")[:MAX_REF],
                    label_bg=_text(data, f"{prefix}o{number}-label_bg"),
                    label_en=_text(data, f"{prefix}o{number}-label_en"),
                )
                for number in option_indexes
            ],
        )

    def _pad_options(self):
        # Two empty rows, so a choice question can be written without pressing "Add option";
        # empty rows are left out of the definition.
        for question in self.questions:
            while len(question.options) < MIN_OPTION_ROWS:
                question.options.append(DraftOption(ref=self._new_ref(question.options)))

    @staticmethod
    def _new_ref(rows) -> str:
        numbers = [int(m[1]) for row in rows if (m := NEW_REF.fullmatch(row.ref))]
        return f"+{max(numbers, default=0) + 1}"

    # Actions -----------------------------------------------------------------------------

    @property
    def wants_save(self) -> bool:
        # Enter in a text field presses the first button, which is Save; an unknown action
        # (a tampered form) only shows the page again.
        return self.action == "save"

    def apply(self) -> None:
        """Carries out an editing action; nothing is saved until the Save button."""
        match = ACTION.fullmatch(self.action)
        if match is None:
            return
        verb, first, second = match[1], match[2], match[3]
        if verb == "add":
            self._add_question()
            return
        index = int(first) if first is not None else -1
        if not 0 <= index < len(self.questions):
            return  # a tampered or stale position: nothing to do
        if verb == "remove":
            self._remove_question(index)
        elif verb in ("up", "down"):
            self._move_question(index, -1 if verb == "up" else 1)
        elif verb == "option-add":
            self._add_option(index)
        else:
            number = int(second) if second is not None else -1
            if 0 <= number < len(self.questions[index].options):
                if verb == "option-remove":
                    self._remove_option(index, number)
                else:
                    self._move_option(index, number, -1 if verb == "option-up" else 1)
        self._pad_options()

    def _field_count(self) -> int:
        options = sum(len(q.options) for q in self.questions)
        return FIXED_FIELDS + QUESTION_FIELDS * len(self.questions) + OPTION_FIELDS * options

    def _fits(self, more: int) -> bool:
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return limit is None or self._field_count() + more <= limit

    def _add_question(self):
        if len(self.questions) >= MAX_QUESTIONS:
            message = _("A questionnaire has at most %(n)s questions.") % {"n": MAX_QUESTIONS}
            self._add_problem("questions", message)
            return
        if not self._fits(QUESTION_FIELDS + MIN_OPTION_ROWS * OPTION_FIELDS):
            message = _("The editor cannot hold more; remove some empty options first.")
            self._add_problem("questions", message)
            return
        self.questions.append(DraftQuestion(ref=self._new_ref(self.questions)))
        number = len(self.questions)
        self.focus = f"q{number - 1}-text_bg"
        self.message = _("Question %(n)s added.") % {"n": number}
        self._pad_options()

    def _remove_question(self, index: int):
        removed = self.questions.pop(index)
        still_there = any(q.ref == removed.ref for q in self.questions)
        for question in self.questions:
            if question.parent == removed.ref and not still_there:
                question.parent = ""
                question.note = _("It followed the removed question, so it is now always asked.")
        self.message = _("Question %(n)s removed. Nothing is saved until you press Save.") % {
            "n": index + 1
        }
        self.focus = "add-question"

    def _move_question(self, index: int, step: int):
        target = index + step
        if not 0 <= target < len(self.questions):
            return
        rows = self.questions
        rows[index], rows[target] = rows[target], rows[index]
        self.message = _("Question moved to place %(n)s.") % {"n": target + 1}
        # Focus stays on the button just pressed, so pressing it again moves further; at
        # the top or the bottom that button is gone and the other one takes focus.
        last = len(rows) - 1
        if step < 0:
            self.focus = f"q{target}-up" if target > 0 else f"q{target}-down"
        else:
            self.focus = f"q{target}-down" if target < last else f"q{target}-up"

    def _add_option(self, index: int):
        options = self.questions[index].options
        if len(options) >= MAX_OPTIONS:
            self.questions[index].errors["options"] = [
                _("A question has at most %(n)s options.") % {"n": MAX_OPTIONS}
            ]
            return
        if not self._fits(OPTION_FIELDS):
            self.questions[index].errors["options"] = [
                _("The editor cannot hold more; remove some empty options first.")
            ]
            return
        options.append(DraftOption(ref=self._new_ref(options)))
        self.focus = f"q{index}-o{len(options) - 1}-label_bg"
        self.message = _("Option added.")

    def _remove_option(self, index: int, number: int):
        self.questions[index].options.pop(number)
        self.message = _("Option removed.")
        self.focus = f"q{index}-option-add"

    def _move_option(self, index: int, number: int, step: int):
        options = self.questions[index].options
        target = number + step
        if not 0 <= target < len(options):
            return
        options[number], options[target] = options[target], options[number]
        self.message = _("Option moved to place %(n)s.") % {"n": target + 1}
        self.focus = f"q{index}-o{target}-label_bg"

    # Saving ------------------------------------------------------------------------------

    def draft(self) -> dict:
        return {
            "title": {"bg": self.title_bg, "en": self.title_en},
            "questions": [q.as_draft(headline=self.headline) for q in self.questions],
        }

    def _chosen_purpose(self):
        """(category, for employees), or None with the fault shown."""
        if self.purpose not in Purpose.values:
            self._add_problem("purpose", _("Choose what the questionnaire is for."))
            return None
        if self.purpose == Purpose.STANDALONE:
            return None, False
        category = next((c for c in self.categories if str(c.pk) == self.category_id), None)
        if category is None:
            self._add_problem("category", _("Choose one of your categories."))
            return None
        return category, self.purpose == Purpose.EMPLOYEES

    def save(self, *, actor) -> DraftSaved | None:
        """Saves through questionnaire_save_draft; on a refusal, shows every fault and
        returns None."""
        purpose = self._chosen_purpose()
        if purpose is None:
            draft = definition_assign_keys(self.draft(), questionnaire=self.questionnaire)
            self.show(definition_problems(draft)[1])
            return None
        category, for_employees = purpose
        try:
            return questionnaire_save_draft(
                organization=self.organization,
                questionnaire=self.questionnaire,
                draft=self.draft(),
                category=category,
                for_employees=for_employees,
                actor=actor,
            )
        except DefinitionInvalid as invalid:
            self.show(invalid.problems)
        except RuleViolation as violation:
            self.show([violation])
        return None

    # Showing -----------------------------------------------------------------------------

    def show(self, problems: list[RuleViolation]) -> None:
        """Puts each fault beside its field (see DefinitionInvalid for the paths)."""
        for problem in problems:
            self._place(problem.field or "", problem.message)
        order = {name: n for n, name in enumerate(self._field_order())}
        self.summary.sort(key=lambda entry: order.get(entry[0], -1))

    def _place(self, path: str, message: str) -> None:
        parts = path.split(".")
        if parts[0] == "title" and len(parts) == 2:
            self._add_problem(f"title_{parts[1]}", message)
            return
        if parts[0] in ("category", "purpose"):
            self._add_problem(parts[0], message)
            return
        if parts[0] != "questions" or len(parts) < 2 or not parts[1].isdigit():
            self._add_problem("questions", message)
            return
        index = int(parts[1])
        if index >= len(self.questions):
            self._add_problem("questions", message)
            return
        question, rest = self.questions[index], parts[2:]
        prefix = f"q{index}-"
        if rest[:1] == ["text"] and len(rest) == 2:
            name = f"text_{rest[1]}"
        elif rest[:1] == ["options"] and len(rest) >= 4 and rest[1].isdigit():
            number = int(rest[1])
            if rest[2] == "label" and number < len(question.used_options):
                row = question.used_options[number]
                language = rest[3]
                question.options[row].errors.setdefault(f"label_{language}", []).append(message)
                self.summary.append((f"{prefix}o{row}-label_{language}", message))
                return
            name = "options"
        elif rest[:1] in (["kind"], ["headline"], ["show_if"], ["options"]):
            name = rest[0]
        else:
            name = "question"
        question.errors.setdefault(name, []).append(message)
        anchor = {"show_if": "parent", "options": "options", "question": "text_bg"}.get(name, name)
        self.summary.append((prefix + anchor, message))

    def _add_problem(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)
        self.summary.append((name, message))

    def _field_order(self):
        yield from ("title_bg", "title_en", "purpose", "category", "questions")
        for index, question in enumerate(self.questions):
            prefix = f"q{index}-"
            yield from (prefix + "text_bg", prefix + "text_en", prefix + "kind")
            yield from (prefix + "headline", prefix + "parent", prefix + "options")
            for row in range(len(question.options)):
                yield from (f"{prefix}o{row}-label_bg", f"{prefix}o{row}-label_en")

    def prepare(self) -> "QuestionnaireEditor":
        """Fills in what the template shows: names, focus, the questions each one may follow."""
        for index, question in enumerate(self.questions):
            question.prefix = f"q{index}-"
            question.focus = self.focus.removeprefix(question.prefix)
            for number, option in enumerate(question.options):
                option.prefix = f"{question.prefix}o{number}-"
                option.focus = self.focus.removeprefix(option.prefix)
            question.parent_choices = [
                (other.ref, number, other.text(), other.ref == question.parent)
                for number, other in enumerate(self.questions, start=1)
                if other is not question and other.ref
            ]
        return self

    @property
    def has_errors(self) -> bool:
        return bool(self.summary or self.errors)

    @property
    def can_add_question(self) -> bool:
        return len(self.questions) < MAX_QUESTIONS

    @property
    def answered_version(self):
        """The current version when it has answers: saving changes then make a new one."""
        if self.questionnaire is None or self.questionnaire.current_version is None:
            return None
        current = self.questionnaire.current_version
        return current if current.is_frozen else None
