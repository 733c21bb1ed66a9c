"""Questionnaires: the list, one questionnaire with its versions, the editor and the preview.

The preview renders the citizen's own template (public/questionnaire.html) with the same
question builder as the public form (form_questions), so staff see exactly what citizens
see; its Send button is switched off and it carries no valid form token.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from civicpulse.backoffice.forms.questionnaires import Purpose, QuestionnaireEditor
from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.core.i18n import CONTENT_LANGUAGES, active_language
from civicpulse.feedback.models import QuestionKind
from civicpulse.feedback.questionnaires import (
    DefinitionInvalid,
    draft_trial_version,
    questionnaire_answered_at_places,
)
from civicpulse.feedback.selectors import (
    questionnaire_list,
    questionnaire_versions,
    version_questions,
)
from civicpulse.public.questionnaire_form import form_questions
from civicpulse.public.questionnaire_views import HONEYPOT_FIELD


class QuestionnaireMixin(OrganizationPermissionMixin):
    permission = "questionnaires.view"

    def get_questionnaire(self):
        # Through the organisation in the URL: another organisation's id is a 404.
        return get_object_or_404(
            self.organization.questionnaires.select_related("category", "current_version"),
            pk=self.kwargs["pk"],
        )


class QuestionnaireListView(QuestionnaireMixin, TemplateView):
    template_name = "backoffice/questionnaires/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            questionnaires=questionnaire_list(organization=self.organization), **kwargs
        )


def _version_number(request) -> int | None:
    """?version=<n>; a malformed one is a 404 rather than silently another version."""
    raw = request.GET.get("version")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise Http404("No such version.")
    return int(raw)


def _chosen_version(questionnaire, number: int | None):
    if number is None:
        return questionnaire.current_version
    return get_object_or_404(questionnaire.versions, number=number)


class QuestionnaireDetailView(QuestionnaireMixin, TemplateView):
    """The current version's questions, or with ?version=<n> an older one's, as answered."""

    template_name = "backoffice/questionnaires/detail.html"

    def get_context_data(self, **kwargs):
        questionnaire = self.get_questionnaire()
        shown = _chosen_version(questionnaire, _version_number(self.request))
        return super().get_context_data(
            questionnaire=questionnaire,
            shown_version=shown,
            versions=questionnaire_versions(questionnaire=questionnaire),
            questions=version_questions(version=shown) if shown else [],
            languages=CONTENT_LANGUAGES,
            **kwargs,
        )


class QuestionnaireEditorView(QuestionnaireMixin, TemplateView):
    """Create or edit. Every button posts the whole draft; only Save saves (see
    civicpulse.backoffice.forms.questionnaires)."""

    permission = "questionnaires.manage"
    template_name = "backoffice/questionnaires/editor.html"
    creating = False

    def get_questionnaire(self):
        return None if self.creating else super().get_questionnaire()

    def get(self, request, *args, **kwargs):
        editor = QuestionnaireEditor(
            organization=self.organization, questionnaire=self.get_questionnaire()
        )
        return self.render_to_response(self.get_context_data(editor=editor))

    def post(self, request, *args, **kwargs):
        editor = QuestionnaireEditor(
            request.POST, organization=self.organization, questionnaire=self.get_questionnaire()
        )
        if not editor.wants_save:
            editor.apply()
            return self.render_to_response(self.get_context_data(editor=editor))
        saved = editor.save(actor=request.user)
        if saved is None:
            return self.render_to_response(self.get_context_data(editor=editor))
        messages.success(request, _saved_message(saved, created=self.creating))
        return redirect(
            "backoffice:questionnaire_detail",
            organization=self.organization.slug,
            pk=saved.questionnaire.pk,
        )

    def get_context_data(self, **kwargs):
        editor = kwargs["editor"].prepare()
        return super().get_context_data(
            questionnaire=editor.questionnaire,
            kinds=QuestionKind.choices,
            purposes=Purpose.choices,
            standalone=Purpose.STANDALONE,
            choice_kinds=[QuestionKind.SINGLE, QuestionKind.MULTIPLE],
            **kwargs,
        )


def _saved_message(saved, *, created: bool) -> str:
    if created:
        return _("“%(title)s” has been created.") % {"title": saved.questionnaire.title}
    if saved.replaced is not None:
        return _(
            "Version %(old)s has answers, so your changes were saved as a new version "
            "%(new)s. Version %(old)s stays in the version history as it was answered."
        ) % {"old": saved.replaced.number, "new": saved.version.number}
    return _("“%(title)s” has been saved.") % {"title": saved.questionnaire.title}


class QuestionnaireCreateView(QuestionnaireEditorView):
    creating = True


class QuestionnaireEditView(QuestionnaireEditorView):
    pass


@dataclass(frozen=True)
class PreviewSubject:
    """Stands in for the place or survey that the citizen's template shows (FormSubject)."""

    organization: object
    title: str
    is_place: bool
    introduction: str = ""


def _preview(request, *, organization, version, titles, language, as_place, banner):
    """The citizen's page for `version` in `language`, nothing saved and nothing sendable."""
    with translation.override(language):
        preferred = titles.get(language) or titles.get("bg") or ""
        context = {
            "subject": PreviewSubject(
                organization=organization, title=preferred, is_place=as_place
            ),
            "touchpoint": None,
            "questions": form_questions(version),
            "field_errors": [],
            "general_error": "",
            "photo_error": "",
            "form_token": "",  # no valid token: even a forced submission is refused
            "client_token": "",
            "honeypot_field": HONEYPOT_FIELD,
            "share_location": False,
            "max_photo_mb": settings.PHOTO_MAX_BYTES // (1024 * 1024),
            "preview": True,
            **banner,
        }
        page = render_to_string("backoffice/questionnaires/preview.html", context, request)
    response = HttpResponse(page)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _language(raw) -> str:
    return raw if raw in CONTENT_LANGUAGES else active_language()


class QuestionnairePreviewView(QuestionnaireMixin, View):
    """A saved version as citizens see it: ?lang=bg|en, ?version=<n> (default: current)."""

    def get(self, request, *args, **kwargs):
        questionnaire = self.get_questionnaire()
        number = _version_number(request)
        version = _chosen_version(questionnaire, number)
        if version is None:
            raise Http404("This questionnaire has no questions yet.")
        query = f"version={version.number}&" if number is not None else ""
        banner = {
            "language_links": [(code, f"?{query}lang={code}") for code in CONTENT_LANGUAGES],
            "back_url": reverse(
                "backoffice:questionnaire_detail",
                kwargs={"organization": self.organization.slug, "pk": questionnaire.pk},
            ),
            "preview_version": version,
        }
        return _preview(
            request,
            organization=self.organization,
            version=version,
            titles={"bg": questionnaire.title_bg, "en": questionnaire.title_en},
            language=_language(request.GET.get("lang")),
            as_place=questionnaire_answered_at_places(questionnaire),
            banner=banner,
        )


class QuestionnaireDraftPreviewView(OrganizationPermissionMixin, View):
    """The editor's unsaved draft as citizens would see it. The editor's preview buttons
    post the whole draft here in a new tab, so the editing tab keeps everything."""

    permission = "questionnaires.manage"

    def post(self, request, *args, **kwargs):
        editor = QuestionnaireEditor(request.POST, organization=self.organization)
        language = _language(request.POST.get("preview_language"))
        try:
            with draft_trial_version(
                organization=self.organization, draft=editor.draft()
            ) as version:
                return _preview(
                    request,
                    organization=self.organization,
                    version=version,
                    titles={"bg": editor.title_bg.strip(), "en": editor.title_en.strip()},
                    language=language,
                    as_place=editor.purpose != Purpose.STANDALONE,
                    banner={"draft": True},
                )
        except DefinitionInvalid as invalid:
            editor.show(invalid.problems)
        return render(
            request, "backoffice/questionnaires/preview_problems.html", {"editor": editor}
        )
