from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from civicpulse.cases.reminders import case_reminders_queue
from civicpulse.core.models import Organization


class Command(BaseCommand):
    help = (
        "Queues the daily reminders to departments about their overdue and due-soon cases, "
        "for every active organisation (or one, with --org). Safe to run often: a department "
        "is reminded at most once a day. The background worker sends the e-mails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only this organisation (its short name)")

    def handle(self, *args, **options):
        organizations = Organization.objects.filter(is_active=True).order_by("slug")
        if options["org"]:
            organizations = organizations.filter(slug=options["org"])
            if not organizations:
                raise CommandError(f"No active organisation {options['org']!r}.")
        for organization in organizations:
            with scope(organization=organization):
                case_reminders_queue(organization=organization)
        self.stdout.write(f"Queued reminders for {len(organizations)} organisation(s).")
