import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from civicpulse.core.models import Organization, Role
from civicpulse.demo.accounts import demo_logins, demo_password
from civicpulse.demo.seeding import (
    DEFAULT_SEED,
    DEMO_SLUGS,
    DemoSizes,
    demo_organizations,
    demo_purge,
    demo_seed,
)

DEFAULTS = DemoSizes()
SIZE_OPTIONS = {  # DemoSizes field → what it sizes
    "responses": "responses for Stara Zagora",
    "touchpoints": "places in Stara Zagora",
    "employees": "rated employees in Stara Zagora; Kyustendil gets a third",
    "second_org_touchpoints": "places in Kyustendil",
    "second_org_responses": "responses for Kyustendil",
    "months": "how many months back the responses go",
    "cases": "a year of cases (signals, complaints...) for Stara Zagora",
    "second_org_cases": "a year of cases for Kyustendil",
    "casefiles": "a year of administrative service files for Stara Zagora",
    "second_org_casefiles": "a year of administrative service files for Kyustendil",
}


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return number


class Command(BaseCommand):
    help = (
        "Loads the demo: Stara Zagora and Kyustendil municipalities with places, employees, "
        "staff accounts for every role and months of responses. Prints the log-ins."
    )

    def add_arguments(self, parser):
        for field, help_text in SIZE_OPTIONS.items():
            parser.add_argument(
                f"--{field.replace('_', '-')}",
                type=count,
                default=getattr(DEFAULTS, field),
                help=f"{help_text} (default %(default)s)",
            )
        parser.add_argument(
            "--seed",
            type=count,
            default=DEFAULT_SEED,
            help="random seed; the same seed gives the same demo",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if any organisation exists (still print the log-ins)",
        )
        parser.add_argument(
            "--replace", action="store_true", help="delete the two demo organisations first"
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        password = demo_password()
        with scopes_disabled():
            has_organizations = Organization.objects.exists()
        if options["if_empty"] and has_organizations:
            self.stdout.write("Organisations exist already; the demo was not loaded again.")
        else:
            self._seed(options, password)
        self._print_logins(password)

    def _seed(self, options, password: str) -> None:
        if options["months"] < 1:
            raise CommandError("--months must be at least 1.")
        if demo_organizations():
            if not options["replace"]:
                raise CommandError(
                    "The demo organisations exist already. Use --replace to load them again."
                )
            demo_purge(log=self._log)
        sizes = DemoSizes(**{field: options[field] for field in SIZE_OPTIONS})
        started = time.monotonic()
        demo_seed(sizes=sizes, seed=options["seed"], password=password, log=self._log)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded in {time.monotonic() - started:.1f} s."))

    def _log(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

    def _print_logins(self, password: str) -> None:
        logins = demo_logins(slugs=DEMO_SLUGS, password=password)
        if not logins:
            self.stdout.write("No demo accounts found.")
            return
        with translation.override("en"):
            rows = [
                (login.organization, str(Role(login.role).label), login.email,
                 login.password or "(changed since seeding)")
                for login in logins
            ]  # fmt: skip
        header = ("Organisation", "Role", "E-mail", "Password")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        line = "  ".join(f"{{:<{width}}}" for width in widths)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo log-ins"))
        self.stdout.write(line.format(*header).rstrip())
        self.stdout.write("  ".join("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line.format(*row).rstrip())
        self.stdout.write(f"\nSign in at {settings.SITE_URL}{reverse('login')}")
