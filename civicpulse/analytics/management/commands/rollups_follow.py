"""Keeps the dashboards' rollups current: folds new responses in every few seconds."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from civicpulse.analytics.rollups import rollups_follow, rollups_rebuild
from civicpulse.core.models import Organization


class Command(BaseCommand):
    help = _("Folds new responses into the rollups every few seconds (or rebuilds them).")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help=_("Seconds between folds."))
        parser.add_argument("--once", action="store_true", help=_("Fold once and stop."))
        parser.add_argument(
            "--rebuild",
            metavar="SLUG",
            action="append",
            default=[],
            help=_("First recompute this organisation's rollups from raw rows (repeatable)."),
        )

    def handle(self, *args, interval, once, rebuild, **options):
        for organization in Organization.objects.filter(slug__in=rebuild):
            rollups_rebuild(organization=organization)
            self.stdout.write(
                str(_("Rebuilt the rollups of %(slug)s.") % {"slug": organization.slug})
            )
        rollups_follow(interval=interval, rounds=1 if once else None, on_fold=self._folded)

    def _folded(self, read: int, seconds: float) -> None:
        message = _("Folded %(read)s responses in %(seconds).2f s.")
        self.stdout.write(str(message % {"read": read, "seconds": seconds}))
