"""The demo as a whole: Stara Zagora in full, Kyustendil smaller, staff for both, responses."""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.analytics.rollups import rollups_rebuild
from civicpulse.casefiles.demo import casefiles_demo
from civicpulse.casefiles.models import AdministrativeService, CaseFile
from civicpulse.cases.models import Case
from civicpulse.core.models import Organization
from civicpulse.demo.accounts import demo_accounts_create
from civicpulse.demo.bulk import responses_purge
from civicpulse.demo.campaigns import SURVEY_SHARE, demo_survey_create
from civicpulse.demo.cases import demo_cases_create
from civicpulse.demo.kiosks import demo_kiosks_create
from civicpulse.demo.kyustendil import KYUSTENDIL
from civicpulse.demo.responses import demo_responses_create
from civicpulse.demo.stara_zagora import STARA_ZAGORA
from civicpulse.demo.structure import demo_municipality_create
from civicpulse.feedback.models import Campaign, Kiosk, Questionnaire, Touchpoint

DEMO_MUNICIPALITIES = (STARA_ZAGORA, KYUSTENDIL)
DEMO_SLUGS = [spec.slug for spec in DEMO_MUNICIPALITIES]
DEFAULT_SEED = 2025

Log = Callable[[str], None]


@dataclass(frozen=True)
class DemoSizes:
    responses: int = 120_000
    touchpoints: int = 620
    employees: int = 40
    second_org_touchpoints: int = 200
    second_org_responses: int = 15_000
    months: int = 12
    # A year of the signals portal (seed 003: about 2,000 signals, complaints, proposals
    # and reception-day requests a year in Stara Zagora).
    cases: int = 2_300
    second_org_cases: int = 600
    # Administrative service files (преписки) a year, numbered separately.
    casefiles: int = 8_000
    second_org_casefiles: int = 2_000

    def per_municipality(self) -> list[tuple[int, int, int]]:
        """(places, employees, responses) for Stara Zagora, then Kyustendil, whose
        employee ratings came first (seed 000) but with a smaller staff."""
        return [
            (self.touchpoints, self.employees, self.responses),
            (self.second_org_touchpoints, self.employees // 3, self.second_org_responses),
        ]

    def cases_per_municipality(self) -> list[tuple[int, int]]:
        """(cases, case files) a year for Stara Zagora, then Kyustendil."""
        return [(self.cases, self.casefiles), (self.second_org_cases, self.second_org_casefiles)]


def demo_organizations() -> list[Organization]:
    with scopes_disabled():
        return list(Organization.objects.filter(slug__in=DEMO_SLUGS))


def demo_purge(*, log: Log = print) -> None:
    """Deletes the demo organisations and everything in them; other organisations stay.

    Goes from the leaves up: categories, areas, versions and questions are PROTECTed
    against deletion while anything still refers to them, even within one cascade.
    """
    for organization in demo_organizations():
        started = time.monotonic()
        with transaction.atomic(), scope(organization=organization):
            responses_purge(organization=organization)
            Case.objects.filter(organization=organization).delete()  # they PROTECT kinds
            CaseFile.objects.filter(organization=organization).delete()  # … and services
            AdministrativeService.objects.filter(organization=organization).delete()  # sectors
            Kiosk.objects.filter(organization=organization).delete()  # they PROTECT their places
            Touchpoint.objects.filter(organization=organization).delete()
            Campaign.objects.filter(organization=organization).delete()
            Questionnaire.objects.filter(organization=organization).delete()
            organization.delete()
        log(f"Deleted {organization.slug} in {time.monotonic() - started:.1f} s.")


def demo_seed(
    *,
    sizes: DemoSizes,
    seed: int = DEFAULT_SEED,
    password: str,
    now: datetime | None = None,
    log: Log = print,
) -> list[Organization]:
    """Creates both demo municipalities. The same seed gives the same places, codes, people
    and answers; the response dates follow `now`."""
    now = now or timezone.now()
    password_hash = make_password(password)
    organizations = []
    for index, (spec, (places, employees, responses), (cases, casefiles)) in enumerate(
        zip(
            DEMO_MUNICIPALITIES,
            sizes.per_municipality(),
            sizes.cases_per_municipality(),
            strict=True,
        )
    ):
        started = time.monotonic()
        structure_rng = random.Random(f"{seed}/{spec.slug}")
        organization = demo_municipality_create(
            spec=spec, places=places, employees=employees, rng=structure_rng
        )
        demo_accounts_create(
            organization=organization, spec=spec, password_hash=password_hash, rng=structure_rng
        )
        demo_kiosks_create(organization=organization, now=now)
        made = demo_cases_create(
            organization=organization,
            spec=spec,
            total=cases,
            rng=random.Random(f"{seed}/{spec.slug}/cases"),
            now=now,
        )
        log(f"{spec.slug}: {made:,} cases over a year.")
        files = casefiles_demo(
            organization,
            random.Random(f"{seed}/{spec.slug}/casefiles"),
            now,
            files_per_year=casefiles,
        )
        samples = ", ".join(f"{number} ({code})" for number, code in files["samples"])
        log(f"{spec.slug}: {files['files']:,} case files; try {samples} at /o/{spec.slug}/files/")
        log(f"{spec.slug}: places, employees and staff in {time.monotonic() - started:.1f} s.")

        def progress(done: int, total: int, slug=spec.slug, started=started) -> None:
            log(f"{slug}: {done:,} of {total:,} responses ({time.monotonic() - started:.0f} s)")

        # The survey's answers are part of the municipality's total, not extra to it.
        survey_responses = round(responses * SURVEY_SHARE) if spec.yearly_survey else 0
        rng = np.random.default_rng([seed, index])
        demo_responses_create(
            organization=organization,
            total=responses - survey_responses,
            months=sizes.months,
            now=now,
            rng=rng,
            progress=progress,
        )
        if spec.yearly_survey:
            demo_survey_create(organization=organization, total=survey_responses, now=now, rng=rng)
            log(f"{spec.slug}: the yearly survey with {survey_responses:,} responses.")
        # The bulk load wrote past the rollups; sum them afresh in one pass.
        rolled = time.monotonic()
        rollups_rebuild(organization=organization)
        log(f"{spec.slug}: rollups in {time.monotonic() - rolled:.1f} s.")
        organizations.append(organization)
    return organizations
