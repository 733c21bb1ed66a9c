"""The questionnaire editor and its preview, driven as a browser without JavaScript drives them:
read the form on the page, change what a person would change, press one of its buttons."""

from html.parser import HTMLParser

import pytest
from django_scopes import scope, scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.models import Question, Questionnaire, QuestionnaireVersion
from civicpulse.feedback.responses import response_record
from tests.factories import CategoryFactory, TouchpointFactory, make_questionnaire


class FormReader(HTMLParser):
    """What a browser would post from the form with id `form_id`, and what the page labels.

    Text fields, hidden fields, checked boxes and radios, textareas and the selected option
    of each select (else its first), in document order; buttons are left out.
    """

    def __init__(self, html: str, form_id: str = "editor"):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.labels: set[str] = set()
        self.labelled_ids: list[str] = []
        self.autofocus: list[str] = []
        self.buttons: list[dict] = []
        self._textarea = None
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if "autofocus" in attrs:
            self.autofocus.append(attrs.get("id", tag))
        if tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "button":
            self.buttons.append(attrs)
        elif tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind not in ("hidden", "submit"):
                self.labelled_ids.append(attrs.get("id", ""))
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on")))
        elif tag == "textarea":
            self.labelled_ids.append(attrs.get("id", ""))
            self._textarea = [name, ""]
        elif tag == "select":
            self.labelled_ids.append(attrs.get("id", ""))
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            value = chosen if chosen is not None else self._select["first"]
            self.fields.append((self._select["name"], value or ""))
            self._select = None

    def data(self) -> dict[str, str]:
        return dict(self.fields)


def editor_url(organization, questionnaire=None):
    if questionnaire is None:
        return f"/manage/{organization.slug}/questionnaires/add/"
    return f"/manage/{organization.slug}/questionnaires/{questionnaire.pk}/edit/"


def preview_url(organization, questionnaire):
    return f"/manage/{organization.slug}/questionnaires/{questionnaire.pk}/preview/"


def draft_preview_url(organization):
    return f"/manage/{organization.slug}/questionnaires/preview/"


def press(client, url, data: dict, action: str):
    """Posts the form as a browser does when the button `action` is pressed."""
    return client.post(url, {**data, "action": action})


def form_of(response) -> dict:
    assert response.status_code == 200, response.status_code
    return FormReader(response.content.decode()).data()


def question_texts(data: dict) -> list[str]:
    rows = sorted(
        int(name[1:].split("-")[0]) for name in data if name.endswith("-ref") and "-o" not in name
    )
    return [data[f"q{row}-text_en"] for row in rows]


def filled(**questions) -> dict:
    """A complete draft: title, standalone, and questions given as q<i>=dict(...)."""
    data = {
        "title_bg": "Паркове",
        "title_en": "Parks",
        "purpose": "standalone",
        "category": "",
        "headline": "",
    }
    for index, question in enumerate(questions.values()):
        prefix = f"q{index}-"
        data[prefix + "ref"] = question.get("ref", f"+{index + 1}")
        data[prefix + "kind"] = question.get("kind", "scale")
        data[prefix + "text_bg"], data[prefix + "text_en"] = question["text"]
        data[prefix + "parent"] = question.get("parent", "")
        data[prefix + "show_min"], data[prefix + "show_max"] = question.get("band", ("", ""))
        if question.get("required"):
            data[prefix + "required"] = "1"
        for number, (ref, bg, en) in enumerate(question.get("options", [])):
            data[f"{prefix}o{number}-ref"] = ref
            data[f"{prefix}o{number}-label_bg"] = bg
            data[f"{prefix}o{number}-label_en"] = en
    return data


PARK = {
    "q0": {"text": ("Как оценявате парка?", "How do you rate the park?"), "required": True},
    "q1": {
        "kind": "multiple",
        "text": ("Какво не беше наред?", "What was wrong?"),
        "parent": "+1",
        "band": ("0", "6"),
        "options": [("+1", "Мръсно", "Dirty"), ("+2", "Тъмно", "Dark"), ("+3", "", "")],
    },
    "q2": {"kind": "text", "text": ("Коментар", "Comment")},
}


def saved_questionnaire(organization, title_en="Parks"):
    with scopes_disabled():
        return Questionnaire.objects.get(organization=organization, title_en=title_en)


def questions_of(version):
    with scopes_disabled():
        return list(
            Question.objects.filter(version=version)
            .select_related("parent")
            .prefetch_related("options")
            .order_by("position")
        )


@pytest.fixture
def answered(organization):
    """The simple questionnaire of a place, answered once (so its version 1 is frozen)."""
    touchpoint = TouchpointFactory(organization=organization)
    questionnaire = make_questionnaire(organization=organization, category=touchpoint.category)
    with scope(organization=organization):
        response_record(touchpoint=touchpoint, answers={"overall": 4, "problem": ["dirty"]})
    questionnaire.touchpoint = touchpoint
    return questionnaire


class TestCreating:
    def test_the_new_page_starts_with_one_question_and_labels_every_field(
        self, organization, admin_client
    ):
        reader = FormReader(admin_client.get(editor_url(organization)).content.decode())
        data = reader.data()
        assert question_texts(data) == [""]
        assert data["purpose"] == "standalone"
        unlabelled = [field for field in reader.labelled_ids if field not in reader.labels]
        assert unlabelled == []

    def test_enter_in_a_text_field_saves_because_save_is_the_first_button(
        self, organization, admin_client
    ):
        reader = FormReader(admin_client.get(editor_url(organization)).content.decode())
        first = reader.buttons[0]
        assert (first.get("type"), first.get("name"), first.get("value")) == (
            "submit",
            "action",
            "save",
        )
        assert all(button.get("type") == "submit" for button in reader.buttons)

    def test_a_questionnaire_is_created_with_keys_made_for_it(self, organization, admin_client):
        response = press(admin_client, editor_url(organization), filled(**PARK), "save")
        questionnaire = saved_questionnaire(organization)
        assert response.status_code == 302
        assert response.url == f"/manage/{organization.slug}/questionnaires/{questionnaire.pk}/"
        rate, wrong, comment = questions_of(questionnaire.current_version)
        assert [q.key for q in (rate, wrong, comment)] == [
            "how-do-you-rate-the-park",
            "what-was-wrong",
            "comment",
        ]
        assert rate.required and rate.is_headline and not comment.required
        assert (wrong.parent, wrong.show_min, wrong.show_max) == (rate, 0, 6)
        assert [(o.key, o.label_bg) for o in wrong.options.all()] == [
            ("dirty", "Мръсно"),
            ("dark", "Тъмно"),
        ]  # the empty third option row is left out
        assert questionnaire.category is None

    def test_the_default_for_a_categorys_employees(self, organization, admin_client):
        category = CategoryFactory(organization=organization)
        data = filled(**PARK) | {"purpose": "employees", "category": str(category.pk)}
        assert press(admin_client, editor_url(organization), data, "save").status_code == 302
        questionnaire = saved_questionnaire(organization)
        assert (questionnaire.category_id, questionnaire.for_employees) == (category.pk, True)

    def test_a_second_default_for_the_same_places_is_refused_beside_the_category(
        self, organization, answered, admin_client, in_english
    ):
        data = filled(**PARK) | {"purpose": "places", "category": str(answered.category_id)}
        response = press(admin_client, editor_url(organization), data, "save")
        page = response.content.decode()
        assert "is already the questionnaire for the places in" in page
        assert 'id="category-error"' in page
        assert form_of(response)["title_en"] == "Parks"  # nothing lost
        with scopes_disabled():
            assert Questionnaire.objects.filter(organization=organization).count() == 1


class TestEditingWithoutJavaScript:
    def test_adding_a_question_keeps_everything_typed_and_saves_nothing(
        self, organization, admin_client
    ):
        url = editor_url(organization)
        data = form_of(admin_client.get(url))
        data |= {"title_bg": "Паркове", "title_en": "Parks", "q0-text_en": "How was it?"}
        response = press(admin_client, url, data, "add")
        after = form_of(response)
        assert after["title_en"] == "Parks"
        assert question_texts(after) == ["How was it?", ""]
        assert FormReader(response.content.decode()).autofocus == ["q1-text_bg"]
        with scopes_disabled():
            assert not Questionnaire.objects.filter(organization=organization).exists()

    def test_moving_questions_up_and_down(self, organization, admin_client):
        url = editor_url(organization)
        data = filled(
            a={"text": ("А", "A")}, b={"text": ("Б", "B")}, c={"kind": "text", "text": ("В", "C")}
        )
        response = press(admin_client, url, data, "up-2")
        assert question_texts(form_of(response)) == ["A", "C", "B"]
        # Focus stays on "Move up" of the moved question, so pressing again moves it further.
        assert FormReader(response.content.decode()).autofocus == ["q1-up"]
        response = press(admin_client, url, form_of(response), "up-1")
        assert question_texts(form_of(response)) == ["C", "A", "B"]
        assert FormReader(response.content.decode()).autofocus == ["q0-down"]
        response = press(admin_client, url, form_of(response), "down-0")
        assert question_texts(form_of(response)) == ["A", "C", "B"]

        assert press(admin_client, url, form_of(response), "save").status_code == 302
        keys = [q.key for q in questions_of(saved_questionnaire(organization).current_version)]
        assert keys == ["a", "c", "b"]

    def test_removing_a_question_clears_the_rules_that_followed_it(
        self, organization, admin_client, in_english
    ):
        url = editor_url(organization)
        response = press(admin_client, url, filled(**PARK), "remove-0")
        after = form_of(response)
        assert question_texts(after) == ["What was wrong?", "Comment"]
        assert after["q0-parent"] == ""
        assert "It followed the removed question, so it is now always asked." in (
            response.content.decode()
        )

    def test_options_are_added_removed_and_reordered(self, organization, admin_client):
        url = editor_url(organization)
        data = form_of(press(admin_client, url, filled(**PARK), "option-add-1"))
        options = [data[f"q1-o{n}-label_en"] for n in range(4)]
        assert options == ["Dirty", "Dark", "", ""]
        data |= {"q1-o2-label_bg": "Шумно", "q1-o2-label_en": "Noisy"}
        data = form_of(press(admin_client, url, data, "option-up-1-2"))
        data = form_of(press(admin_client, url, data, "option-remove-1-0"))
        assert [data[f"q1-o{n}-label_en"] for n in range(3)] == ["Noisy", "Dark", ""]

        assert press(admin_client, url, data, "save").status_code == 302
        wrong = questions_of(saved_questionnaire(organization).current_version)[1]
        assert [(o.key, o.label_en) for o in wrong.options.all()] == [
            ("noisy", "Noisy"),
            ("dark", "Dark"),
        ]

    def test_the_follow_up_rule_reads_in_plain_words(self, organization, admin_client, in_english):
        page = press(admin_client, editor_url(organization), filled(**PARK), "add")
        html = page.content.decode()
        assert "When to ask it" in html
        assert (
            '<option value="+1" selected>only after question 1: How do you rate the park?' in html
        )
        assert "when its score is from" in html

    def test_a_stale_position_or_unknown_action_changes_nothing(self, organization, admin_client):
        url = editor_url(organization)
        for action in ("up-99", "option-remove-0-50", "explode", "remove-"):
            after = form_of(press(admin_client, url, filled(**PARK), action))
            assert question_texts(after) == [q["text"][1] for q in PARK.values()]
        with scopes_disabled():
            assert not Questionnaire.objects.filter(organization=organization).exists()

    def test_a_questionnaire_holds_at_most_thirty_questions(
        self, organization, admin_client, in_english
    ):
        many = {f"q{n}": {"text": (f"В{n}", f"Q{n}")} for n in range(30)}
        response = press(admin_client, editor_url(organization), filled(**many), "add")
        assert len(question_texts(form_of(response))) == 30
        assert "This questionnaire has as many questions as it can hold." in (
            response.content.decode()
        )


class TestEditingAnAnsweredQuestionnaire:
    def test_the_editor_says_that_saving_makes_a_new_version(
        self, organization, answered, admin_client, in_english
    ):
        page = admin_client.get(editor_url(organization, answered)).content.decode()
        assert "Version 1 has answers, so it never changes. Saving makes version 2" in page

    def test_saving_makes_version_two_keeps_keys_and_says_so(
        self, organization, answered, admin_client, in_english
    ):
        url = editor_url(organization, answered)
        data = form_of(admin_client.get(url))
        assert [data["q0-ref"], data["q1-ref"], data["q2-ref"]] == ["overall", "problem", "comment"]
        data |= {"q2-text_en": "Anything else?", "q2-text_bg": "Нещо друго?"}
        data = form_of(press(admin_client, url, data, "up-2"))  # comment first now

        response = press(admin_client, url, data, "save")
        assert response.status_code == 302
        page = admin_client.get(response.url).content.decode()
        assert "Version 1 has answers, so your changes were saved as a new version 2." in page

        answered.refresh_from_db()
        with scopes_disabled():
            current = answered.current_version
            old = QuestionnaireVersion.objects.get(questionnaire=answered, number=1)
        assert current.number == 2
        assert [q.key for q in questions_of(current)] == ["overall", "comment", "problem"]
        assert [q.text_en for q in questions_of(old)][2] == "Comment"  # as it was answered

        history = admin_client.get(f"{response.url}?version=1").content.decode()
        assert "Questions of version 1" in history
        assert "Comment" in history and "Anything else?" not in history

    def test_saving_unchanged_makes_no_new_version(self, organization, answered, admin_client):
        url = editor_url(organization, answered)
        assert press(admin_client, url, form_of(admin_client.get(url)), "save").status_code == 302
        with scopes_disabled():
            assert QuestionnaireVersion.objects.filter(questionnaire=answered).count() == 1


class TestBadInput:
    def saving(self, client, organization, data):
        response = press(client, editor_url(organization), data, "save")
        assert response.status_code == 200
        with scopes_disabled():
            assert not Questionnaire.objects.filter(organization=organization).exists()
        return response, response.content.decode()

    def test_show_min_above_show_max_is_explained_beside_the_rule(
        self, organization, admin_client, in_english
    ):
        data = filled(**PARK) | {"q1-show_min": "8", "q1-show_max": "3"}
        response, page = self.saving(admin_client, organization, data)
        assert '<ul class="errorlist" id="q1-parent-error">' in page
        assert "Question 2: the lowest score (8) is above the highest (3)." in page
        assert '<a href="#q1-parent">' in page  # the summary links to the field
        after = form_of(response)
        assert (after["q1-show_min"], after["q1-show_max"]) == ("8", "3")
        assert after["q1-o1-label_en"] == "Dark"

    @pytest.mark.parametrize(
        ("parent", "message"),
        [
            pytest.param("+2", "Question 2 cannot follow itself.", id="itself"),
            pytest.param("+3", "Question 2 follows question 3, which comes after it", id="later"),
            pytest.param("gone", "Question 2 follows a question that is not in this", id="none"),
        ],
    )
    def test_a_follow_up_must_follow_an_earlier_question(
        self, organization, admin_client, in_english, parent, message
    ):
        data = filled(**PARK) | {"q1-parent": parent}
        _response, page = self.saving(admin_client, organization, data)
        assert message in page

    def test_missing_english_is_shown_beside_that_field(
        self, organization, admin_client, in_english
    ):
        data = filled(**PARK) | {"q2-text_en": "   "}
        _response, page = self.saving(admin_client, organization, data)
        beside = (
            '<ul class="errorlist" id="q2-text_en-error"><li>Question 3 has no text in English.'
        )
        assert beside in page

    def test_a_ten_thousand_character_text_is_refused_and_kept(
        self, organization, admin_client, in_english
    ):
        long_text = ("Много дълъг въпрос " * 600)[:9_999] + "?"
        data = filled(**PARK) | {"q0-text_bg": long_text}
        response, page = self.saving(admin_client, organization, data)
        assert "Question 1 is 10000 characters long; at most 300 fit." in page
        assert form_of(response)["q0-text_bg"] == long_text

    def test_an_unknown_type_is_refused(self, organization, admin_client, in_english):
        data = filled(**PARK) | {"q0-kind": "slider"}
        _response, page = self.saving(admin_client, organization, data)
        assert "Question 1 has an unknown type." in page

    def test_two_hundred_questions_are_refused_with_one_message(
        self, organization, admin_client, in_english
    ):
        flood = {
            f"q{n}-{field}": value
            for n in range(200)
            for field, value in (("ref", f"+{n}"), ("kind", "yes_no"), ("text_bg", "Д"))
        }
        data = {"title_bg": "А", "title_en": "A", "purpose": "standalone", **flood}
        _response, page = self.saving(admin_client, organization, data)
        assert "A questionnaire has at most 30 questions; this one has 200." in page

    def test_script_in_texts_is_shown_as_text(self, organization, admin_client):
        script = '<script>alert("x")</script>'
        data = filled(**PARK) | {"title_en": script, "q0-text_en": script, "q2-text_bg": ""}
        _response, page = self.saving(admin_client, organization, data)
        assert script not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page

        data["q2-text_bg"] = "Коментар"
        data["preview_language"] = "en"
        preview = admin_client.post(draft_preview_url(organization), data).content.decode()
        assert script not in preview
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in preview

    def test_tampered_references_never_take_over_a_key(self, organization, answered, admin_client):
        url = editor_url(organization, answered)
        data = form_of(admin_client.get(url))
        data |= {"q2-ref": "overall", "q1-o0-ref": "<b>", "headline": "no-such-question"}
        assert press(admin_client, url, data, "save").status_code == 302
        answered.refresh_from_db()
        questions = questions_of(answered.current_version)
        assert [q.key for q in questions] == ["overall", "problem", "comment-2"]
        assert [o.key for o in questions[1].options.all()] == ["dirty-2", "broken"]
        assert [q.is_headline for q in questions] == [True, False, False]

    def test_a_tampered_purpose_or_anothers_category_is_refused(
        self, organization, other_organization, admin_client, in_english
    ):
        foreign = CategoryFactory(organization=other_organization)
        data = filled(**PARK) | {"purpose": "places", "category": str(foreign.pk)}
        _response, page = self.saving(admin_client, organization, data)
        assert "Choose one of your categories." in page
        _response, page = self.saving(admin_client, organization, data | {"purpose": "x"})
        assert "Choose what the questionnaire is for." in page

    def test_nul_characters_are_dropped(self, organization, admin_client):
        data = filled(**PARK) | {"title_en": "Pa\x00rks"}
        assert press(admin_client, editor_url(organization), data, "save").status_code == 302
        assert saved_questionnaire(organization).title_en == "Parks"

    def test_another_organisations_questionnaire_is_not_found(
        self, organization, other_organization, admin_client
    ):
        theirs = make_questionnaire(organization=other_organization)
        for url in (editor_url(organization, theirs), preview_url(organization, theirs)):
            assert admin_client.get(url).status_code == 404
        response = press(admin_client, editor_url(organization, theirs), filled(**PARK), "save")
        assert response.status_code == 404


class TestPreview:
    def test_the_saved_version_renders_the_citizens_own_form(
        self, organization, answered, admin_client, client
    ):
        preview = admin_client.get(preview_url(organization, answered) + "?lang=en")
        page = preview.content.decode()
        assert "Preview — answers are not saved." in page
        assert '<button type="submit" disabled>' in page
        assert "public/form.css" in page and "public/form.js" in page
        assert '<html lang="en">' in page
        assert "How do you rate it?" in page and "Dirty" in page
        assert 'name="form_token" value=""' in page

        # The questions are the very markup citizens get at /q/<code>.
        client.logout()
        public = client.get(f"/q/{answered.touchpoint.code}?lang=en").content.decode()

        def questions(html):
            return html[html.index('id="client-token">') : html.index('<div class="hp"')]

        assert questions(page) == questions(public)

    def test_bulgarian_is_the_default_and_english_the_switch(
        self, organization, answered, admin_client
    ):
        page = admin_client.get(preview_url(organization, answered)).content.decode()
        assert '<html lang="bg">' in page
        assert "Как оценявате площадката?" in page
        assert "?lang=en" in page

    def test_an_older_version_can_be_previewed(self, organization, answered, admin_client):
        url = editor_url(organization, answered)
        data = form_of(admin_client.get(url)) | {"q0-text_en": "Rate it again"}
        press(admin_client, url, data, "save")
        old = admin_client.get(preview_url(organization, answered) + "?version=1&lang=en")
        assert "How do you rate it?" in old.content.decode()
        assert "?version=1&amp;lang=bg" in old.content.decode()
        new = admin_client.get(preview_url(organization, answered) + "?lang=en")
        assert "Rate it again" in new.content.decode()
        for bad in ("7", "x", "-1", "9" * 20):
            response = admin_client.get(preview_url(organization, answered) + f"?version={bad}")
            assert response.status_code == 404

    def test_a_draft_is_previewed_unsaved(self, organization, admin_client):
        data = filled(**PARK) | {"preview_language": "en"}
        response = admin_client.post(draft_preview_url(organization), data)
        page = response.content.decode()
        assert "unsaved draft" in page
        assert "How do you rate the park?" in page and "What was wrong?" in page
        assert "Dark" in page
        assert '<button type="submit" disabled>' in page
        assert 'data-parent="q-how-do-you-rate-the-park" data-min="0" data-max="6"' in page
        with scopes_disabled():
            assert not Questionnaire.objects.filter(organization=organization).exists()

        bulgarian = admin_client.post(
            draft_preview_url(organization), data | {"preview_language": "bg"}
        )
        assert "Как оценявате парка?" in bulgarian.content.decode()

    def test_an_invalid_draft_lists_its_problems(self, organization, admin_client, in_english):
        data = filled(**PARK) | {"q1-show_min": "9", "q1-show_max": "1"}
        response = admin_client.post(draft_preview_url(organization), data)
        page = response.content.decode()
        assert response.status_code == 200
        assert "The preview cannot be shown yet" in page
        assert "the lowest score (9) is above the highest (3)" not in page
        assert "the lowest score (9) is above the highest (1)" in page

    def test_a_viewer_previews_but_cannot_edit(self, organization, answered, login, member_factory):
        viewer = login(member_factory(organization, Role.VIEWER))
        assert viewer.get(preview_url(organization, answered)).status_code == 200
        assert viewer.get(editor_url(organization, answered)).status_code == 403
        assert viewer.post(draft_preview_url(organization), filled(**PARK)).status_code == 403


class TestDetailAndList:
    def test_the_detail_links_to_edit_preview_and_each_version(
        self, organization, answered, admin_client, in_english
    ):
        page = admin_client.get(
            f"/manage/{organization.slug}/questionnaires/{answered.pk}/"
        ).content.decode()
        assert editor_url(organization, answered) in page
        assert preview_url(organization, answered) + "?lang=en" in page

    def test_the_list_offers_a_new_questionnaire_to_administrators_only(
        self, organization, admin_client, login, member_factory
    ):
        list_url = f"/manage/{organization.slug}/questionnaires/"
        assert editor_url(organization) in admin_client.get(list_url).content.decode()
        leader = login(member_factory(organization, Role.LEADER))
        assert editor_url(organization) not in leader.get(list_url).content.decode()
