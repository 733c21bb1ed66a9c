from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefilesConfig(AppConfig):
    name = "civicpulse.casefiles"
    label = "casefiles"
    verbose_name = _("Administrative service files")
