from django.core.management.base import BaseCommand, CommandError

from civicpulse.core.models import Organization
from civicpulse.feedback.exports import touchpoints_csv


class Command(BaseCommand):
    help = (
        "Writes every touchpoint of an organisation as CSV (UTF-8, with a header row): "
        "code, public URL, names, kind, category, area, department, coordinates, active."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's short name (slug)")
        parser.add_argument("--output", help="file to write; standard output when left out")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            known = ", ".join(Organization.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No organisation {options['org']!r}. Known: {known}.")
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as stream:
                count = touchpoints_csv(organization=organization, stream=stream)
            self.stderr.write(f"Wrote {count} touchpoints to {options['output']}.")
        else:
            touchpoints_csv(organization=organization, stream=self.stdout)
