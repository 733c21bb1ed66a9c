from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "civicpulse.cases"
    label = "cases"
    verbose_name = _("Signals and case files")

    def ready(self):
        # Background jobs register on import; the worker never loads the URLs.
        from civicpulse.cases import mail  # noqa: F401
        from civicpulse.cases.search import search_triggers_restore

        post_migrate.connect(search_triggers_restore, sender=self, dispatch_uid="cases-search")
