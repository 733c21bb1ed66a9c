from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from civicpulse.backoffice.views.base import OrganizationPermissionMixin
from civicpulse.feedback.selectors import (
    questionnaire_list,
    questionnaire_versions,
    version_questions,
)


class QuestionnaireListView(OrganizationPermissionMixin, TemplateView):
    permission = "questionnaires.view"
    template_name = "backoffice/questionnaires/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            questionnaires=questionnaire_list(organization=self.organization), **kwargs
        )


class QuestionnaireDetailView(OrganizationPermissionMixin, TemplateView):
    permission = "questionnaires.view"
    template_name = "backoffice/questionnaires/detail.html"

    def get_context_data(self, **kwargs):
        questionnaire = get_object_or_404(
            self.organization.questionnaires.select_related("category", "current_version"),
            pk=self.kwargs["pk"],
        )
        current = questionnaire.current_version
        return super().get_context_data(
            questionnaire=questionnaire,
            versions=questionnaire_versions(questionnaire=questionnaire),
            questions=version_questions(version=current) if current else [],
            **kwargs,
        )
