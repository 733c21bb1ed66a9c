"""Whatever a public form shows marks its organisation as changed when it is saved or deleted.

Server processes keep forms in memory (civicpulse.public.form_subjects) and compare the
organisation's token on every use, so a change shows on the very next request in every
process. Bulk writes send no signals: their callers call organization_changed themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from civicpulse.core.models.organizations import organization_changed
from civicpulse.feedback.models import (
    Campaign,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionOption,
    Touchpoint,
)

WITH_ORGANIZATION = (Touchpoint, Campaign, Questionnaire)


def _organization_id(instance) -> int | None:
    if isinstance(instance, WITH_ORGANIZATION):
        return instance.organization_id
    # Questions and options reach their organisation through their version; in a cascade
    # the version may be gone already, and then its own deletion has marked the change.
    if isinstance(instance, QuestionnaireVersion):
        owners = Questionnaire.objects.filter(pk=instance.questionnaire_id)
        path = "organization_id"
    elif isinstance(instance, Question):
        owners = QuestionnaireVersion.objects.filter(pk=instance.version_id)
        path = "questionnaire__organization_id"
    else:
        owners = Question.objects.filter(pk=instance.question_id)
        path = "version__questionnaire__organization_id"
    with scopes_disabled():
        return owners.values_list(path, flat=True).first()


@receiver([post_save, post_delete], sender=Touchpoint)
@receiver([post_save, post_delete], sender=Campaign)
@receiver([post_save, post_delete], sender=Questionnaire)
@receiver([post_save, post_delete], sender=QuestionnaireVersion)
@receiver([post_save, post_delete], sender=Question)
@receiver([post_save, post_delete], sender=QuestionOption)
def form_content_changed(sender, instance, **kwargs):
    organization_id = _organization_id(instance)
    if organization_id is not None:
        organization_changed(organization_id)
