"""Questionnaire services: validating a definition, saving it as a version, finding the one to ask.

A definition is plain data (what the editor posts and the demo seeds):

    {"title": {"bg": …, "en": …},
     "questions": [
        {"key": "overall", "kind": "scale", "text": {"bg": …, "en": …},
         "required": True, "headline": True},
        {"key": "problem", "kind": "multiple", "text": {…},
         "show_if": {"question": "overall", "min": 0, "max": 6},
         "options": [{"key": "dirty", "label": {"bg": …, "en": …}}, …]},
     ]}

The back-office editor posts a *draft*: the same shape, but a question's "key" is only the
editor's reference to it (its key when it has one, anything else for a new question), and
follow-up rules name their question by that reference. `definition_assign_keys` turns a
draft into a definition, so nobody ever types a key.
"""

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import CONTENT_LANGUAGES
from civicpulse.core.models import Category
from civicpulse.core.models.organizations import organization_changed
from civicpulse.feedback.models import (
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    QuestionOption,
    Touchpoint,
)
from civicpulse.feedback.models.questionnaires import CHOICE_KINDS, NUMBER_RANGES, RATING_KINDS

MAX_QUESTIONS = 30
MAX_OPTIONS = 20
MAX_TEXT = 300  # a question's text: Question.text_* hold 300 characters
MAX_LABEL = 200  # a title or an option's label: their columns hold 200
MAX_KEY = 50
LANGUAGE_NAMES = {"bg": gettext_lazy("Bulgarian"), "en": gettext_lazy("English")}


class DefinitionInvalid(RuleViolation):
    """Every fault of a definition at once, each a RuleViolation naming the part it concerns
    ("title.en", "questions.2.show_if", "questions.2.options.0.label.bg"), so an editor can
    show each beside its field. Its own message and field are those of the first fault."""

    def __init__(self, problems: list[RuleViolation]):
        super().__init__(problems[0].message, field=problems[0].field)
        self.problems = problems


def clean_text(value: str) -> str:
    """One line of text: runs of white space become one space and control characters (which
    PostgreSQL refuses, like NUL) are dropped."""
    visible = "".join(c for c in value if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(visible.split())


class _Checker:
    """Walks a definition, collecting faults instead of stopping at the first."""

    def __init__(self):
        self.problems: list[RuleViolation] = []

    def refuse(self, message: str, field: str | None = None) -> None:
        self.problems.append(RuleViolation(message, field=field))

    def texts(self, raw, where: str, field: str, *, max_length: int) -> dict[str, str]:
        texts = {}
        raw = raw if isinstance(raw, dict) else {}
        for language in CONTENT_LANGUAGES:
            value = raw.get(language)
            value = clean_text(value) if isinstance(value, str) else ""
            if not value:
                self.refuse(
                    _("%(where)s has no text in %(language)s.")
                    % {"where": where, "language": LANGUAGE_NAMES[language]},
                    f"{field}.{language}",
                )
            elif len(value) > max_length:
                self.refuse(
                    _("%(where)s is %(count)s characters long; at most %(n)s fit.")
                    % {"where": where, "count": len(value), "n": max_length},
                    f"{field}.{language}",
                )
            texts[language] = value
        return texts

    def key(self, raw, where: str, field: str) -> str:
        if not isinstance(raw, str) or not raw or slugify(raw) != raw or len(raw) > MAX_KEY:
            self.refuse(
                _("%(where)s needs a key of lower-case letters, digits and hyphens.")
                % {"where": where},
                field,
            )
            return ""
        return raw

    def options(self, raw, kind: str, where: str, field: str) -> list[dict]:
        if kind not in CHOICE_KINDS:
            if raw:
                self.refuse(
                    _("%(where)s: only choice questions have options.") % {"where": where}, field
                )
            return []
        if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_OPTIONS:
            self.refuse(
                _("%(where)s needs between 2 and %(n)s options.")
                % {"where": where, "n": MAX_OPTIONS},
                field,
            )
            if not isinstance(raw, list):
                return []
        options, seen = [], set()
        for index, option in enumerate(raw[:MAX_OPTIONS]):
            option_where = _("%(where)s, option %(n)s") % {"where": where, "n": index + 1}
            option_field = f"{field}.{index}"
            if not isinstance(option, dict):
                self.refuse(
                    _("%(where)s is not an object.") % {"where": option_where}, option_field
                )
                continue
            key = self.key(option.get("key"), option_where, f"{option_field}.key")
            if key and key in seen:
                self.refuse(
                    _("%(where)s repeats an option key.") % {"where": option_where},
                    f"{option_field}.key",
                )
            seen.add(key)
            label = self.texts(
                option.get("label"), option_where, f"{option_field}.label", max_length=MAX_LABEL
            )
            options.append({"key": key, "label": label})
        return options

    def band(self, raw, *, index: int, own_key: str, keys: dict, kinds: dict, where: str):
        """`keys` maps every question's key to its position; `kinds` those before this one."""
        field = f"questions.{index}.show_if"
        if not isinstance(raw, dict):
            self.refuse(_("%(where)s: the follow-up rule is malformed.") % {"where": where}, field)
            return None
        parent = raw.get("question")
        if not isinstance(parent, str) or parent not in keys:
            self.refuse(
                _("%(where)s follows a question that is not in this questionnaire.")
                % {"where": where},
                field,
            )
            return None
        if parent == own_key:
            self.refuse(_("%(where)s cannot follow itself.") % {"where": where}, field)
            return None
        if parent not in kinds:
            self.refuse(
                _(
                    "%(where)s follows question %(n)s, which comes after it: a follow-up must "
                    "come after the question it follows."
                )
                % {"where": where, "n": keys[parent] + 1},
                field,
            )
            return None
        bounds = NUMBER_RANGES.get(kinds[parent])
        if bounds is None:
            self.refuse(
                _("%(where)s can only follow a question answered with a number.")
                % {"where": where},
                field,
            )
            return None
        low, high = raw.get("min"), raw.get("max")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
            self.refuse(
                _("%(where)s: the score band needs whole numbers.") % {"where": where}, field
            )
            return None
        if low > high:
            self.refuse(
                _("%(where)s: the lowest score (%(low)s) is above the highest (%(high)s).")
                % {"where": where, "low": low, "high": high},
                field,
            )
            return None
        if not bounds[0] <= low <= high <= bounds[1]:
            self.refuse(
                _("%(where)s: the score band must lie within %(low)s-%(high)s.")
                % {"where": where, "low": bounds[0], "high": bounds[1]},
                field,
            )
            return None
        return {"question": parent, "min": low, "max": high}

    def question(self, raw, index: int, keys: dict, kinds: dict) -> dict | None:
        where = _("Question %(n)s") % {"n": index + 1}
        field = f"questions.{index}"
        if not isinstance(raw, dict):
            self.refuse(_("Question %(n)s is not an object.") % {"n": index + 1}, field)
            return None
        key = self.key(raw.get("key"), where, f"{field}.key")
        if key and key in kinds:
            self.refuse(_("Two questions share the key %(key)s.") % {"key": key}, f"{field}.key")
        kind = raw.get("kind")
        if kind not in QuestionKind.values:
            self.refuse(_("%(where)s has an unknown type.") % {"where": where}, f"{field}.kind")
        question = {
            "key": key,
            "kind": kind,
            "text": self.texts(raw.get("text"), where, f"{field}.text", max_length=MAX_TEXT),
            "required": bool(raw.get("required", False)),
            "headline": bool(raw.get("headline", False)),
            "show_if": None,
            "options": [],
        }
        if kind not in QuestionKind.values:
            return question
        if question["headline"] and kind not in RATING_KINDS:
            self.refuse(
                _("%(where)s: only a rating can be the headline.") % {"where": where},
                f"{field}.headline",
            )
        question["options"] = self.options(raw.get("options"), kind, where, f"{field}.options")
        if raw.get("show_if") is not None:
            question["show_if"] = self.band(
                raw["show_if"], index=index, own_key=key, keys=keys, kinds=kinds, where=where
            )
        return question


def definition_problems(definition) -> tuple[dict | None, list[RuleViolation]]:
    """The definition normalised, and every fault found in it (none when it is valid)."""
    checker = _Checker()
    if not isinstance(definition, dict):
        return None, [RuleViolation(_("A questionnaire definition must be an object."))]
    title = checker.texts(definition.get("title"), _("The title"), "title", max_length=MAX_LABEL)
    raw_questions = definition.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        checker.refuse(_("A questionnaire needs at least one question."), "questions")
        raw_questions = []
    elif len(raw_questions) > MAX_QUESTIONS:
        # One clear message; checking each of a flood of questions would only bury it.
        message = _("A questionnaire has at most %(n)s questions; this one has %(count)s.")
        return None, [
            RuleViolation(
                message % {"n": MAX_QUESTIONS, "count": len(raw_questions)}, field="questions"
            )
        ]
    keys = {}
    for index, raw in enumerate(raw_questions):
        key = raw.get("key") if isinstance(raw, dict) else None
        if isinstance(key, str):
            keys.setdefault(key, index)
    questions, kinds = [], {}
    for index, raw in enumerate(raw_questions):
        question = checker.question(raw, index, keys, kinds)
        if question is None:
            continue
        if question["key"] and question["key"] not in kinds:
            kinds[question["key"]] = question["kind"]
        questions.append(question)

    headlines = [n for n, q in enumerate(questions) if q["headline"]]
    if len(headlines) > 1:
        checker.refuse(
            _("Only one question can be the headline rating."),
            f"questions.{headlines[1]}.headline",
        )
    if not headlines:
        first_rating = next((q for q in questions if q["kind"] in RATING_KINDS), None)
        if first_rating is not None:
            first_rating["headline"] = True
    if checker.problems:
        return None, checker.problems
    return {"title": title, "questions": questions}, []


def definition_validate(definition) -> dict:
    """Checks a definition and returns it normalised; raises DefinitionInvalid (a
    RuleViolation) listing every fault."""
    normalised, problems = definition_problems(definition)
    if problems:
        raise DefinitionInvalid(problems)
    return normalised


# Bulgarian letters in Latin script by the Streamlined System (2009), for keys.
LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
})  # fmt: skip
KEY_STEM = 40  # leaves room for a "-12" suffix within MAX_KEY


def key_from_text(texts, *, taken: set[str], fallback: str) -> str:
    """A key made from a text: its English words, else its Bulgarian ones in Latin letters,
    shortened at a word boundary and numbered when `taken` already has it."""
    texts = texts if isinstance(texts, dict) else {}
    stem = ""
    for language in ("en", "bg"):
        value = texts.get(language)
        if isinstance(value, str):
            stem = slugify(value.lower().translate(LATIN))
            if stem:
                break
    if len(stem) > KEY_STEM:
        stem = stem[:KEY_STEM].rsplit("-", 1)[0] if "-" in stem[:KEY_STEM] else stem[:KEY_STEM]
    stem = stem.strip("-_") or fallback
    key, number = stem, 2
    while key in taken:
        key, number = f"{stem}-{number}", number + 1
    return key


def _used_keys(questionnaire: Questionnaire | None) -> tuple[dict[str, set[str]], set, dict]:
    """(the current version's question keys → their option keys, every question key any
    version used, question key → every option key any version used for it)."""
    if questionnaire is None or questionnaire.pk is None:
        return {}, set(), {}
    current, ever, ever_options = {}, set(), {}
    rows = QuestionOption.objects.filter(
        question__version__questionnaire=questionnaire
    ).values_list("question__version_id", "question__key", "key")
    for version_id, question_key, option_key in rows:
        ever_options.setdefault(question_key, set()).add(option_key)
        if version_id == questionnaire.current_version_id:
            current.setdefault(question_key, set()).add(option_key)
    for version_id, question_key in Question.objects.filter(
        version__questionnaire=questionnaire
    ).values_list("version_id", "key"):
        ever.add(question_key)
        if version_id == questionnaire.current_version_id:
            current.setdefault(question_key, set())
    return current, ever, ever_options


def definition_assign_keys(draft, *, questionnaire: Questionnaire | None = None):
    """The editor's draft as a definition: each question and option gets its key.

    A question keeps its key when the questionnaire's current version has that key, so a
    question keeps its key across versions and its answers stay comparable. Any other
    question (a new one, or one posted with a key the questionnaire does not have) gets a key
    made from its text that no version of the questionnaire ever used. Options follow the
    same rule within their question. Follow-up rules that name a question by the editor's
    reference are rewritten to its key. A malformed draft comes back as it is, for
    definition_validate to refuse with a message.
    """
    if not isinstance(draft, dict) or not isinstance(draft.get("questions"), list):
        return draft
    current, ever, ever_options = _used_keys(questionnaire)
    questions = [dict(q) if isinstance(q, dict) else q for q in draft["questions"]]
    references = [q.get("key") if isinstance(q, dict) else None for q in questions]
    keeps = _first_known(references, current)
    taken = {ref for ref, keep in zip(references, keeps, strict=True) if keep} | ever
    keys_by_reference = {}
    for question, reference, keep in zip(questions, references, keeps, strict=True):
        if not isinstance(question, dict):
            continue
        if keep:
            key = reference
        else:
            key = key_from_text(question.get("text"), taken=taken, fallback="question")
            taken.add(key)
        if isinstance(reference, str) and reference:
            keys_by_reference.setdefault(reference, key)
        question["key"] = key
        question["options"] = _option_keys(
            question.get("options"),
            known=current.get(key, set()),
            taken=ever_options.get(key, set()),
        )
    for question in questions:
        rule = question.get("show_if") if isinstance(question, dict) else None
        if isinstance(rule, dict) and isinstance(rule.get("question"), str):
            parent = rule["question"]
            question["show_if"] = {**rule, "question": keys_by_reference.get(parent, parent)}
    return {**draft, "questions": questions}


def _first_known(references: list, known) -> list[bool]:
    """Which references keep their key: known ones, each only at its first occurrence."""
    seen, keeps = set(), []
    for reference in references:
        keep = isinstance(reference, str) and reference in known and reference not in seen
        if keep:
            seen.add(reference)
        keeps.append(keep)
    return keeps


def _option_keys(options, *, known: set[str], taken: set[str]):
    if not isinstance(options, list):
        return options
    references = [o.get("key") if isinstance(o, dict) else None for o in options]
    keeps = _first_known(references, known)
    used = {ref for ref, keep in zip(references, keeps, strict=True) if keep} | taken
    result = []
    for option, reference, keep in zip(options, references, keeps, strict=True):
        if not isinstance(option, dict):
            result.append(option)
            continue
        key = (
            reference if keep else key_from_text(option.get("label"), taken=used, fallback="option")
        )
        used.add(key)
        result.append({**option, "key": key})
    return result


def version_definition(version: QuestionnaireVersion) -> dict:
    """The definition a version was built from, in the same normalised form."""
    questions = list(version.questions.select_related("parent").prefetch_related("options"))
    questionnaire = version.questionnaire
    return {
        "title": {"bg": questionnaire.title_bg, "en": questionnaire.title_en},
        "questions": [
            {
                "key": q.key,
                "kind": q.kind,
                "text": {"bg": q.text_bg, "en": q.text_en},
                "required": q.required,
                "headline": q.is_headline,
                "show_if": (
                    {"question": q.parent.key, "min": q.show_min, "max": q.show_max}
                    if q.parent_id
                    else None
                ),
                "options": [
                    {"key": o.key, "label": {"bg": o.label_bg, "en": o.label_en}}
                    for o in q.options.all()
                ],
            }
            for q in questions
        ],
    }


@transaction.atomic
def questionnaire_save_definition(
    *, questionnaire: Questionnaire, definition: dict, actor=None
) -> QuestionnaireVersion:
    """Saves the questions; a version that has responses is never changed, a new one is made.

    Saving the same questions again changes nothing. The title is not versioned.
    """
    normalised = definition_validate(definition)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    questionnaire.title_bg = normalised["title"]["bg"]
    questionnaire.title_en = normalised["title"]["en"]

    current = questionnaire.current_version
    unchanged = current is not None and (
        _cleaned(version_definition(current)["questions"]) == normalised["questions"]
    )
    if unchanged:
        questionnaire.save(update_fields=["title_bg", "title_en", "updated_at"])
        return current

    if current is not None and not current.is_frozen:
        current.questions.all().delete()
        version = current
    else:
        number = (current.number + 1) if current else 1
        version = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=number, created_by=actor
        )
    _build_questions(version, normalised)
    questionnaire.current_version = version
    questionnaire.save(update_fields=["title_bg", "title_en", "current_version", "updated_at"])
    return version


def _cleaned(questions: list[dict]) -> list[dict]:
    """Stored questions with their texts cleaned as definition_validate cleans them, so
    saving what was loaded is "unchanged" even for texts stored before the cleaning."""

    def texts(pair):
        return {language: clean_text(value) for language, value in pair.items()}

    return [
        {
            **question,
            "text": texts(question["text"]),
            "options": [{**o, "label": texts(o["label"])} for o in question["options"]],
        }
        for question in questions
    ]


def _build_questions(version: QuestionnaireVersion, definition: dict) -> None:
    by_key: dict[str, Question] = {}
    for position, spec in enumerate(definition["questions"], start=1):
        band = spec["show_if"]
        question = Question.objects.create(
            version=version,
            position=position,
            key=spec["key"],
            kind=spec["kind"],
            text_bg=spec["text"]["bg"],
            text_en=spec["text"]["en"],
            required=spec["required"],
            is_headline=spec["headline"],
            parent=by_key[band["question"]] if band else None,
            show_min=band["min"] if band else None,
            show_max=band["max"] if band else None,
        )
        by_key[spec["key"]] = question
        QuestionOption.objects.bulk_create(
            QuestionOption(
                question=question,
                position=number,
                key=option["key"],
                label_bg=option["label"]["bg"],
                label_en=option["label"]["en"],
            )
            for number, option in enumerate(spec["options"], start=1)
        )
    organization_changed(version.questionnaire.organization_id)  # bulk writes send no signals


def _check_purpose(
    *, organization, category: Category | None, for_employees: bool, questionnaire=None
) -> None:
    """A category has at most one default questionnaire for its places and one for its
    employees; a questionnaire of no category stands alone (a touchpoint's own or a survey's)."""
    if category is None:
        if for_employees:
            raise RuleViolation(
                _("Choose the category whose employees answer it."), field="category"
            )
        return
    if category.organization_id != organization.pk:
        raise RuleViolation(_("Choose one of your own categories."), field="category")
    others = Questionnaire.objects.filter(
        organization=organization, category=category, for_employees=for_employees
    )
    if questionnaire is not None and questionnaire.pk:
        others = others.exclude(pk=questionnaire.pk)
    taken_by = others.first()
    if taken_by is not None:
        message = (
            _("“%(title)s” is already the questionnaire for the employees in %(category)s.")
            if for_employees
            else _("“%(title)s” is already the questionnaire for the places in %(category)s.")
        )
        raise RuleViolation(
            message % {"title": taken_by.title, "category": category.name}, field="category"
        )


def questionnaire_create(
    *, organization, definition: dict, category=None, for_employees: bool = False, actor=None
) -> Questionnaire:
    normalised = definition_validate(definition)
    with transaction.atomic():
        _check_purpose(organization=organization, category=category, for_employees=for_employees)
        questionnaire = Questionnaire.objects.create(
            organization=organization,
            title_bg=normalised["title"]["bg"],
            title_en=normalised["title"]["en"],
            category=category,
            for_employees=for_employees,
        )
        questionnaire_save_definition(
            questionnaire=questionnaire, definition=normalised, actor=actor
        )
    questionnaire.refresh_from_db()
    return questionnaire


@dataclass(frozen=True)
class DraftSaved:
    questionnaire: Questionnaire
    version: QuestionnaireVersion
    replaced: QuestionnaireVersion | None  # the answered version kept as it was, if any


def questionnaire_save_draft(
    *,
    organization,
    draft: dict,
    category: Category | None = None,
    for_employees: bool = False,
    questionnaire: Questionnaire | None = None,
    actor=None,
) -> DraftSaved:
    """Creates a questionnaire from the editor's draft, or saves the draft over `questionnaire`.

    Keys come from definition_assign_keys. What it is for is checked as in _check_purpose.
    An answered version never changes: saving then makes a new version, and `replaced` says
    which answered version stays as it was.
    """
    definition = definition_validate(definition_assign_keys(draft, questionnaire=questionnaire))
    if questionnaire is None:
        created = questionnaire_create(
            organization=organization,
            definition=definition,
            category=category,
            for_employees=for_employees,
            actor=actor,
        )
        return DraftSaved(questionnaire=created, version=created.current_version, replaced=None)
    if questionnaire.organization_id != organization.pk:
        raise RuleViolation(_("This questionnaire belongs to another organisation."))
    with transaction.atomic():
        _check_purpose(
            organization=organization,
            category=category,
            for_employees=for_employees,
            questionnaire=questionnaire,
        )
        previous = questionnaire.current_version
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            category=category, for_employees=for_employees
        )
        organization_changed(organization.pk)
        version = questionnaire_save_definition(
            questionnaire=questionnaire, definition=definition, actor=actor
        )
    questionnaire.refresh_from_db()
    replaced = previous if previous is not None and previous.pk != version.pk else None
    return DraftSaved(questionnaire=questionnaire, version=version, replaced=replaced)


@contextmanager
def draft_trial_version(*, organization, draft: dict) -> Iterator[QuestionnaireVersion]:
    """The draft built as a real version that exists only inside the `with` block, for a
    preview through the same code as the citizen's form. Everything it wrote is rolled back
    when the block ends, so a preview never saves anything. Raises DefinitionInvalid."""
    definition = definition_validate(definition_assign_keys(draft))
    with transaction.atomic():
        try:
            trial = Questionnaire.objects.create(
                organization=organization,
                title_bg=definition["title"]["bg"],
                title_en=definition["title"]["en"],
            )
            version = QuestionnaireVersion.objects.create(questionnaire=trial, number=1)
            _build_questions(version, definition)
            yield version
        finally:
            transaction.set_rollback(True)


def questionnaire_answered_at_places(questionnaire: Questionnaire) -> bool:
    """Whether citizens answer it at a place (with a photo and location) rather than only
    through a survey campaign's link."""
    if questionnaire.category_id is not None:
        return True
    at_touchpoints = Touchpoint.objects.filter(questionnaire=questionnaire).exists()
    return at_touchpoints or not questionnaire.campaigns.exists()


def questionnaire_for_touchpoint(touchpoint: Touchpoint) -> Questionnaire | None:
    """The touchpoint's own questionnaire, else its category's (for employees, the employee one)."""
    if touchpoint.questionnaire_id:
        return touchpoint.questionnaire
    candidates = {
        q.for_employees: q
        for q in Questionnaire.objects.filter(
            organization_id=touchpoint.organization_id, category_id=touchpoint.category_id
        ).select_related("current_version")
    }
    return candidates.get(touchpoint.is_employee) or candidates.get(False)
