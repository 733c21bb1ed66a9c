from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "civicpulse.core"
    label = "core"
    verbose_name = _("Organisations and people")

    def ready(self):
        from django.db.backends.signals import connection_created

        from civicpulse.core.sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="civicpulse-unicode-like")
        # Background jobs register on import; the worker never loads the URLs that would
        # import this module otherwise.
        from civicpulse.core import members  # noqa: F401
