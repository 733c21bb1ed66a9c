"""Questionnaires, versioned: a response always points at the exact version that was answered.

A version that has responses is frozen; editing the questionnaire then makes a new version
(see feedback.questionnaires.questionnaire_save_definition).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import Translated, translated_char_fields
from civicpulse.core.models.organizations import Category, TenantModel


class Questionnaire(TenantModel):
    """The questions for a category's places (or its employees), or a touchpoint's own set."""

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("organisation"),
    )
    title_bg, title_en = translated_char_fields(_("title"))
    title = Translated()
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("default for category"),
    )
    for_employees = models.BooleanField(
        _("for employees"),
        default=False,
        help_text=_("Used for the category's employees rather than its places."),
    )
    current_version = models.ForeignKey(
        "feedback.QuestionnaireVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title_bg"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "category", "for_employees"],
                condition=Q(category__isnull=False),
                name="one_default_questionnaire_per_category",
            )
        ]

    def __str__(self):
        return self.title


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organization="questionnaire__organization")

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="version_number")
        ]

    def __str__(self):
        return f"{self.questionnaire} v{self.number}"

    @cached_property
    def question_list(self) -> list["Question"]:
        """The questions with their options, loaded once per instance: a submission renders
        and records against the same version object."""
        return list(self.questions.prefetch_related("options"))

    @property
    def is_frozen(self) -> bool:
        """Answered versions never change, so every response can be read as it was given."""
        return self.responses.exists()


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 0-10")
    NPS = "nps", _("Net Promoter Score (0-10)")
    STARS = "stars", _("Stars 1-5")
    SMILEYS = "smileys", _("Smileys 1-5")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Free text")


# The numeric range of each kind that is answered with a number.
NUMBER_RANGES = {
    QuestionKind.SCALE: (0, 10),
    QuestionKind.NPS: (0, 10),
    QuestionKind.STARS: (1, 5),
    QuestionKind.SMILEYS: (1, 5),
    QuestionKind.YES_NO: (0, 1),
}
# Five faces (or stars) on a 0-10 headline: the kiosk's buttons, and how the figures count
# a five-point headline (civicpulse.analytics.scores).
SMILEY_SCORES_0_10 = (0, 2, 5, 8, 10)
RATING_KINDS = (QuestionKind.SCALE, QuestionKind.NPS, QuestionKind.STARS, QuestionKind.SMILEYS)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class FrozenVersionGuard(models.Model):
    """Refuses to change a question or option once its version has responses."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._version().is_frozen:
            raise RuleViolation("This questionnaire version has responses and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._version().is_frozen:
            raise RuleViolation("This questionnaire version has responses and cannot change.")
        return super().delete(*args, **kwargs)

    def _version(self) -> QuestionnaireVersion:
        raise NotImplementedError


class Question(FrozenVersionGuard):
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("Stays the same across versions, for comparisons.")
    )
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind)
    text_bg, text_en = translated_char_fields(_("question"), max_length=300)
    text = Translated()
    required = models.BooleanField(_("required"), default=False)
    is_headline = models.BooleanField(
        _("headline rating"), default=False, help_text=_("The score that sums up a response.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("shown after"),
    )
    show_min = models.SmallIntegerField(_("shown from score"), null=True, blank=True)
    show_max = models.SmallIntegerField(_("shown up to score"), null=True, blank=True)

    objects = ScopedManager(organization="version__questionnaire__organization")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_per_version")
        ]

    def __str__(self):
        return self.text

    def _version(self):
        return self.version

    @property
    def number_range(self) -> tuple[int, int] | None:
        return NUMBER_RANGES.get(self.kind)

    @cached_property
    def options_by_key(self) -> dict[str, "QuestionOption"]:
        """Its options by key, built once: versions that citizens answer are kept in memory."""
        return {option.key: option for option in self.options.all()}

    def is_shown_for(self, parent_value: int | None) -> bool:
        """A follow-up is asked only when its parent's answer falls in its score band."""
        if self.parent_id is None:
            return True
        if parent_value is None:
            return False
        return self.show_min <= parent_value <= self.show_max


class QuestionOption(FrozenVersionGuard):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=50)
    label_bg, label_en = translated_char_fields(_("label"))
    label = Translated()

    objects = ScopedManager(organization="question__version__questionnaire__organization")

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="option_key_per_question")
        ]

    def __str__(self):
        return self.label

    def _version(self):
        return self.question.version
