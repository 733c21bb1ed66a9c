"""Run by tests/cases/test_registry.py in processes of its own, against DATABASE_URL:

    python -m tests.cases.registry_worker setup COUNT        → the ids of COUNT new drafts
    python -m tests.cases.registry_worker register START ID… → their registry numbers

`register` waits until the wall-clock time START, so that every process confirms at once.
"""

import json
import os
import sys
import time


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicpulse.settings")
    import django

    django.setup()
    from django_scopes import scope, scopes_disabled

    from civicpulse.cases.defaults import cases_install_defaults
    from civicpulse.cases.models import Case, CaseKind
    from civicpulse.cases.registry import case_register
    from civicpulse.core.models import Organization

    if argv[0] == "setup":
        organization = Organization.objects.create(
            slug="parallel", name_bg="Паралелна община", registry_prefix="PR"
        )
        cases_install_defaults(organization=organization)
        with scope(organization=organization):
            kind = CaseKind.objects.get(slug="signal")
            drafts = Case.objects.bulk_create(
                Case(
                    organization=organization,
                    kind=kind,
                    title=f"Сигнал {n}",
                    description="Счупена пейка.",
                    sender_name="Иван Петров",
                    sender_email=f"ivan{n}@example.org",
                    sender_phone="+359 88 123 4567",
                )
                for n in range(int(argv[1]))
            )
        print(json.dumps([case.pk for case in drafts]))
        return

    start_at, ids = float(argv[1]), [int(pk) for pk in argv[2:]]
    with scopes_disabled():
        cases = list(Case.objects.select_related("organization").filter(pk__in=ids))
    time.sleep(max(0.0, start_at - time.time()))
    print(json.dumps([case_register(case=case).number for case in cases]))


if __name__ == "__main__":
    main(sys.argv[1:])
