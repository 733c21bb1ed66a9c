from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "civicpulse.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        # Background jobs register on import; the worker never loads the URLs.
        from civicpulse.feedback import poster_jobs, signals  # noqa: F401
