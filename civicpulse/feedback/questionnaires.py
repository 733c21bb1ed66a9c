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
"""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import CONTENT_LANGUAGES
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
MAX_TEXT = 300


def _texts(raw, where: str, *, max_length: int = MAX_TEXT) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise RuleViolation(_("%(where)s needs a text in each language.") % {"where": where})
    texts = {}
    for language in CONTENT_LANGUAGES:
        value = raw.get(language)
        if not isinstance(value, str) or not value.strip():
            raise RuleViolation(
                _("%(where)s has no text in %(language)s.") % {"where": where, "language": language}
            )
        if len(value) > max_length:
            raise RuleViolation(
                _("%(where)s is longer than %(n)s characters.") % {"where": where, "n": max_length}
            )
        texts[language] = value.strip()
    return texts


def _key(raw, where: str) -> str:
    if not isinstance(raw, str) or not raw or slugify(raw) != raw or len(raw) > 50:
        raise RuleViolation(
            _("%(where)s needs a key of lower-case letters, digits and hyphens.") % {"where": where}
        )
    return raw


def definition_validate(definition) -> dict:
    """Checks a definition and returns it normalised; raises RuleViolation with the first fault."""
    if not isinstance(definition, dict):
        raise RuleViolation(_("A questionnaire definition must be an object."))
    title = _texts(definition.get("title"), _("The title"))
    raw_questions = definition.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise RuleViolation(_("A questionnaire needs at least one question."))
    if len(raw_questions) > MAX_QUESTIONS:
        raise RuleViolation(
            _("A questionnaire has at most %(n)s questions.") % {"n": MAX_QUESTIONS}
        )

    questions, kinds = [], {}
    for number, raw in enumerate(raw_questions, start=1):
        if not isinstance(raw, dict):
            raise RuleViolation(_("Question %(n)s is not an object.") % {"n": number})
        where = _("Question %(n)s") % {"n": number}
        key = _key(raw.get("key"), where)
        if key in kinds:
            raise RuleViolation(_("Two questions share the key %(key)s.") % {"key": key})
        kind = raw.get("kind")
        if kind not in QuestionKind.values:
            raise RuleViolation(_("%(where)s has an unknown type.") % {"where": where})
        question = {
            "key": key,
            "kind": kind,
            "text": _texts(raw.get("text"), where),
            "required": bool(raw.get("required", False)),
            "headline": bool(raw.get("headline", False)),
            "show_if": None,
            "options": [],
        }
        if question["headline"] and kind not in RATING_KINDS:
            raise RuleViolation(
                _("%(where)s: only a rating can be the headline.") % {"where": where}
            )
        question["options"] = _options(raw.get("options"), kind, where)
        if raw.get("show_if") is not None:
            question["show_if"] = _band(raw["show_if"], kinds, where)
        kinds[key] = kind
        questions.append(question)

    headlines = [q for q in questions if q["headline"]]
    if len(headlines) > 1:
        raise RuleViolation(_("Only one question can be the headline rating."))
    if not headlines:
        first_rating = next((q for q in questions if q["kind"] in RATING_KINDS), None)
        if first_rating is not None:
            first_rating["headline"] = True
    return {"title": title, "questions": questions}


def _options(raw, kind: str, where: str) -> list[dict]:
    if kind not in CHOICE_KINDS:
        if raw:
            raise RuleViolation(
                _("%(where)s: only choice questions have options.") % {"where": where}
            )
        return []
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_OPTIONS:
        raise RuleViolation(
            _("%(where)s needs between 2 and %(n)s options.") % {"where": where, "n": MAX_OPTIONS}
        )
    options, seen = [], set()
    for number, option in enumerate(raw, start=1):
        option_where = _("%(where)s, option %(n)s") % {"where": where, "n": number}
        if not isinstance(option, dict):
            raise RuleViolation(_("%(where)s is not an object.") % {"where": option_where})
        key = _key(option.get("key"), option_where)
        if key in seen:
            raise RuleViolation(_("%(where)s repeats an option key.") % {"where": where})
        seen.add(key)
        options.append({"key": key, "label": _texts(option.get("label"), option_where)})
    return options


def _band(raw, earlier_kinds: dict[str, str], where: str) -> dict:
    if not isinstance(raw, dict):
        raise RuleViolation(_("%(where)s: the follow-up rule is malformed.") % {"where": where})
    parent = raw.get("question")
    if parent not in earlier_kinds:
        raise RuleViolation(
            _("%(where)s follows a question that does not come before it.") % {"where": where}
        )
    bounds = NUMBER_RANGES.get(earlier_kinds[parent])
    if bounds is None:
        raise RuleViolation(
            _("%(where)s can only follow a question answered with a number.") % {"where": where}
        )
    low, high = raw.get("min"), raw.get("max")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
        raise RuleViolation(_("%(where)s: the score band needs whole numbers.") % {"where": where})
    if not bounds[0] <= low <= high <= bounds[1]:
        raise RuleViolation(
            _("%(where)s: the score band must lie within %(low)s-%(high)s.")
            % {"where": where, "low": bounds[0], "high": bounds[1]}
        )
    return {"question": parent, "min": low, "max": high}


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
        version_definition(current)["questions"] == normalised["questions"]
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


def questionnaire_create(
    *, organization, definition: dict, category=None, for_employees: bool = False, actor=None
) -> Questionnaire:
    normalised = definition_validate(definition)
    with transaction.atomic():
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
