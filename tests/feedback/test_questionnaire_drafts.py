"""The editor's services: keys made from text, all faults at once, drafts and trial versions."""

import copy
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.campaigns import campaign_create
from civicpulse.feedback.models import Question, Questionnaire, QuestionnaireVersion
from civicpulse.feedback.questionnaires import (
    MAX_KEY,
    DefinitionInvalid,
    clean_text,
    definition_assign_keys,
    definition_problems,
    definition_validate,
    draft_trial_version,
    key_from_text,
    questionnaire_answered_at_places,
    questionnaire_for_touchpoint,
    questionnaire_save_draft,
    version_definition,
)
from civicpulse.feedback.responses import response_record
from tests.factories import CategoryFactory, make_questionnaire, simple_definition


def texts(bg, en):
    return {"bg": bg, "en": en}


def draft(*questions, title=None):
    return {"title": title or texts("Анкета", "Survey"), "questions": list(questions)}


def rating(ref="+1", **changes):
    text = texts("Как оценявате?", "How do you rate it?")
    return {"key": ref, "kind": "scale", "text": text} | changes


def choice(ref="+2", **changes):
    return {
        "key": ref,
        "kind": "single",
        "text": texts("Какво харесахте?", "What did you like?"),
        "options": [
            {"key": "clean", "label": texts("Чистотата", "Cleanliness")},
            {"key": "staff", "label": texts("Персонала", "The staff")},
        ],
    } | changes


def problems_of(definition) -> dict[str, str]:
    _normalised, problems = definition_problems(definition)
    return {problem.field: problem.message for problem in problems}


@pytest.fixture
def questionnaire(touchpoint, in_scope):
    return questionnaire_for_touchpoint(touchpoint)


class TestKeys:
    def test_a_key_is_made_from_the_english_text(self):
        made = key_from_text(
            texts("Как оценявате?", "How do you rate it?"), taken=set(), fallback="q"
        )
        assert made == "how-do-you-rate-it"

    def test_without_latin_english_the_bulgarian_text_is_transliterated(self):
        made = key_from_text(texts("Щастливи ли сте с чистотата?", "?!"), taken=set(), fallback="q")
        assert made == "shtastlivi-li-ste-s-chistotata"

    def test_a_taken_key_is_numbered_and_a_long_text_is_cut_at_a_word(self):
        long_text = texts("а", "How satisfied are you with the cleanliness of the waiting room")
        first = key_from_text(long_text, taken=set(), fallback="q")
        second = key_from_text(long_text, taken={first}, fallback="q")
        assert first == "how-satisfied-are-you-with-the"
        assert second == f"{first}-2"
        assert len(second) <= MAX_KEY

    def test_symbols_only_fall_back(self):
        assert key_from_text(texts("😀 ?!", "😀 ?!"), taken={"question"}, fallback="question") == (
            "question-2"
        )

    def test_new_questions_and_options_get_keys_and_follow_ups_follow_them(self):
        follow_up = choice(show_if={"question": "+1", "min": 0, "max": 6})
        keyed = definition_assign_keys(draft(rating(), follow_up))
        first, second = keyed["questions"]
        assert first["key"] == "how-do-you-rate-it"
        assert second["key"] == "what-did-you-like"
        assert second["show_if"]["question"] == "how-do-you-rate-it"
        assert [o["key"] for o in second["options"]] == ["cleanliness", "the-staff"]
        definition_validate(keyed)

    def test_two_new_questions_with_the_same_text_get_distinct_keys(self):
        keyed = definition_assign_keys(draft(rating("+1"), rating("+2")))
        assert [q["key"] for q in keyed["questions"]] == [
            "how-do-you-rate-it",
            "how-do-you-rate-it-2",
        ]

    def test_known_keys_stay_and_unknown_or_repeated_ones_are_replaced(self, questionnaire):
        base = simple_definition()["questions"]
        tampered = copy.deepcopy(base[2]) | {"key": "overall"}  # a second "overall"
        invented = copy.deepcopy(base[2]) | {"key": "made-up"}
        keyed = definition_assign_keys(
            draft(base[0], base[1], tampered, invented), questionnaire=questionnaire
        )
        # "comment" belongs to the current version's comment question, left out of this draft.
        keys = [q["key"] for q in keyed["questions"]]
        assert keys == ["overall", "problem", "comment-2", "comment-3"]

    def test_a_new_question_never_reuses_a_key_of_an_older_version(self, touchpoint, questionnaire):
        response_record(touchpoint=touchpoint, answers={"overall": 3})
        without_comment = simple_definition()
        del without_comment["questions"][2]
        questionnaire_save_draft(
            organization=questionnaire.organization,
            questionnaire=questionnaire,
            draft=without_comment,
            category=questionnaire.category,
        )
        questionnaire.refresh_from_db()
        new_comment = {"key": "+9", "kind": "text", "text": texts("Коментар", "Comment")}
        keyed = definition_assign_keys(
            draft(*without_comment["questions"], new_comment), questionnaire=questionnaire
        )
        assert keyed["questions"][-1]["key"] == "comment-2"

    def test_option_keys_stay_within_their_question(self, questionnaire):
        problem = copy.deepcopy(simple_definition()["questions"][1])
        problem["options"].reverse()
        problem["options"].append({"key": "+1", "label": texts("Шумно", "Noisy")})
        keyed = definition_assign_keys(
            draft(simple_definition()["questions"][0], problem), questionnaire=questionnaire
        )
        assert [o["key"] for o in keyed["questions"][1]["options"]] == ["broken", "dirty", "noisy"]

    def test_a_malformed_draft_comes_back_for_validation_to_refuse(self):
        assert definition_assign_keys([1, 2]) == [1, 2]
        keyed = definition_assign_keys(draft("not a question", rating()))
        with pytest.raises(RuleViolation):
            definition_validate(keyed)


class TestProblems:
    def test_every_fault_is_reported_with_its_field(self):
        found = problems_of(
            draft(
                rating("a", text=texts("", "Rating")),
                choice("b", kind="slider"),
                choice("c", options=[{"key": "a", "label": texts("А", "")}]),
                title=texts("Заглавие", ""),
            )
        )
        assert set(found) == {
            "title.en",
            "questions.0.text.bg",
            "questions.1.kind",
            "questions.2.options",
            "questions.2.options.0.label.en",
        }

    def test_draft_keys_are_not_checked_as_keys_after_assignment(self):
        assert problems_of(definition_assign_keys(draft(rating("+1"), choice("<b>x</b>")))) == {}

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            pytest.param({"question": "rate", "min": 7, "max": 3}, "is above", id="reversed"),
            pytest.param({"question": "like", "min": 0, "max": 1}, "itself", id="itself"),
            pytest.param({"question": "later", "min": 0, "max": 1}, "comes after", id="later"),
            pytest.param({"question": "gone", "min": 0, "max": 1}, "not in this", id="missing"),
            pytest.param({"question": "rate", "min": 0, "max": 11}, "within 0-10", id="range"),
            pytest.param({"question": "rate", "min": "x", "max": 3}, "whole numbers", id="text"),
            pytest.param({"question": "rate", "min": True, "max": 3}, "whole numbers", id="bool"),
            pytest.param("rate", "malformed", id="not-a-rule"),
        ],
    )
    def test_a_follow_up_rule_is_checked_in_plain_words(self, rule, expected):
        questions = [
            rating("rate"),
            choice("like", show_if=rule),
            {"key": "later", "kind": "yes_no", "text": texts("Да?", "Yes?")},
        ]
        with translation.override("en"):
            found = problems_of(draft(*questions))
        assert list(found) == ["questions.1.show_if"]
        assert expected in found["questions.1.show_if"]

    def test_a_very_long_text_is_refused_with_its_length(self):
        with translation.override("en"):
            found = problems_of(draft(rating("rate", text=texts("я" * 10_000, "Rating"))))
        assert found == {
            "questions.0.text.bg": "Question 1 is 10000 characters long; at most 300 fit."
        }

    def test_titles_and_option_labels_fit_their_columns(self):
        found = problems_of(
            draft(
                choice("c", options=[{"key": "a", "label": texts("б" * 201, "a")}] * 2),
                title=texts("з" * 201, "Title"),
            )
        )
        assert {"title.bg", "questions.0.options.0.label.bg"} <= set(found)

    def test_two_hundred_questions_get_one_clear_message(self):
        flood = [rating(f"q{n}") for n in range(200)]
        with translation.override("en"):
            found = problems_of(draft(*flood))
        assert found == {"questions": "A questionnaire has at most 30 questions; this one has 200."}

    def test_a_second_headline_is_refused_at_its_question(self):
        found = problems_of(draft(rating("a", headline=True), rating("b", headline=True)))
        assert list(found) == ["questions.1.headline"]

    def test_control_characters_are_dropped_and_white_space_folded(self):
        assert clean_text("  Как\x00 оценявате\n\t площадката? \x7f") == "Как оценявате площадката?"
        normalised = definition_validate(draft(rating("a", text=texts("Как\x00?", "How\n it?"))))
        assert normalised["questions"][0]["text"] == {"bg": "Как?", "en": "How it?"}

    def test_validate_raises_all_problems_at_once(self):
        with pytest.raises(DefinitionInvalid) as refused:
            definition_validate(draft(rating("a", kind="slider"), rating("b", kind="dial")))
        assert [p.field for p in refused.value.problems] == [
            "questions.0.kind",
            "questions.1.kind",
        ]


class TestSavingDrafts:
    def test_a_new_questionnaire_gets_keys_and_a_purpose(self, organization, in_scope):
        category = CategoryFactory(organization=organization)
        follow_up = choice(show_if={"question": "+1", "min": 0, "max": 6})
        saved = questionnaire_save_draft(
            organization=organization,
            draft=draft(rating(), follow_up),
            category=category,
            for_employees=True,
        )
        assert saved.replaced is None
        questionnaire = saved.questionnaire
        assert (questionnaire.category, questionnaire.for_employees) == (category, True)
        questions = list(saved.version.questions.order_by("position"))
        assert [q.key for q in questions] == ["how-do-you-rate-it", "what-did-you-like"]
        assert questions[1].parent == questions[0]
        assert (questions[1].show_min, questions[1].show_max) == (0, 6)

    def test_an_answered_version_is_kept_and_a_new_one_made(self, touchpoint, questionnaire):
        response_record(touchpoint=touchpoint, answers={"overall": 8})
        edited = simple_definition()
        edited["questions"].reverse()
        edited["questions"][0]["text"] = texts("Нещо друго?", "Anything else?")
        edited["questions"][1]["show_if"] = None
        saved = questionnaire_save_draft(
            organization=questionnaire.organization,
            questionnaire=questionnaire,
            draft=edited,
            category=questionnaire.category,
        )
        assert (saved.replaced.number, saved.version.number) == (1, 2)
        assert [q.key for q in saved.version.questions.order_by("position")] == [
            "comment",
            "problem",
            "overall",
        ]
        old = version_definition(QuestionnaireVersion.objects.get(pk=saved.replaced.pk))
        assert old["questions"][2]["text"]["en"] == "Comment"

    def test_saving_the_same_draft_makes_no_version(self, touchpoint, questionnaire):
        response_record(touchpoint=touchpoint, answers={"overall": 8})
        saved = questionnaire_save_draft(
            organization=questionnaire.organization,
            questionnaire=questionnaire,
            draft=simple_definition(),
            category=questionnaire.category,
        )
        assert saved.replaced is None and saved.version.number == 1

    def test_a_category_has_one_default_for_its_places(self, questionnaire, organization):
        with pytest.raises(RuleViolation) as refused:
            questionnaire_save_draft(
                organization=organization, draft=draft(rating()), category=questionnaire.category
            )
        assert refused.value.field == "category"
        assert Questionnaire.objects.count() == 1

    def test_employees_need_a_category(self, organization, in_scope):
        with pytest.raises(RuleViolation) as refused:
            questionnaire_save_draft(
                organization=organization, draft=draft(rating()), for_employees=True
            )
        assert refused.value.field == "category"

    def test_another_organisations_category_is_refused(
        self, organization, other_organization, unscoped
    ):
        foreign = CategoryFactory(organization=other_organization)
        with pytest.raises(RuleViolation) as refused:
            questionnaire_save_draft(
                organization=organization, draft=draft(rating()), category=foreign
            )
        assert refused.value.field == "category"

    def test_a_default_can_become_standalone(self, questionnaire, organization):
        saved = questionnaire_save_draft(
            organization=organization, questionnaire=questionnaire, draft=simple_definition()
        )
        assert saved.questionnaire.category is None


def test_stored_texts_with_stray_spaces_count_as_unchanged(touchpoint, questionnaire):
    with_spaces = simple_definition()
    with_spaces["questions"][2]["text"]["bg"] = "Коментар"
    Question.objects.filter(version=questionnaire.current_version, key="comment").update(
        text_bg="  Коментар \n"
    )
    response_record(touchpoint=touchpoint, answers={"overall": 8})
    saved = questionnaire_save_draft(
        organization=questionnaire.organization,
        questionnaire=questionnaire,
        draft=with_spaces,
        category=questionnaire.category,
    )
    assert saved.replaced is None


class TestTrialVersion:
    def test_a_draft_is_built_for_the_block_and_then_gone(self, organization, in_scope):
        before = (Questionnaire.objects.count(), Question.objects.count())
        with draft_trial_version(organization=organization, draft=draft(rating())) as version:
            assert [q.key for q in version.questions.all()] == ["how-do-you-rate-it"]
        assert (Questionnaire.objects.count(), Question.objects.count()) == before

    def test_an_error_inside_the_block_also_leaves_nothing(self, organization, in_scope):
        trial = draft_trial_version(organization=organization, draft=draft(rating()))
        with pytest.raises(ZeroDivisionError), trial:
            1 / 0  # noqa: B018
        assert not Questionnaire.objects.exists()

    @pytest.mark.django_db(transaction=True)
    def test_outside_any_transaction_it_is_rolled_back_too(self, organization, in_scope):
        # A live server runs views in autocommit mode: the block is then the outermost one.
        with draft_trial_version(organization=organization, draft=draft(rating())) as version:
            assert Question.objects.filter(version=version).exists()
        assert not Questionnaire.objects.exists()

    def test_an_invalid_draft_is_refused_before_anything_is_written(self, organization, in_scope):
        with pytest.raises(DefinitionInvalid):
            draft_trial_version(organization=organization, draft=draft()).__enter__()
        assert not Questionnaire.objects.exists()


def test_a_standalone_questionnaire_of_a_campaign_only_is_not_answered_at_places(
    organization, in_scope
):
    standalone = make_questionnaire(organization=organization)
    assert questionnaire_answered_at_places(standalone)
    campaign_create(
        organization=organization,
        title_bg="Анкета",
        questionnaire=standalone,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(days=1),
    )
    assert not questionnaire_answered_at_places(standalone)
