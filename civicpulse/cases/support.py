""" "Me too": people saying a published case concerns them as well.

A browser is known only by a random cookie of its own; what is stored is a keyed hash of
it (HMAC with SECRET_KEY), different for each organisation, so the rows cannot be linked
to a browser, nor across organisations, without the key. No address or user agent is kept.
"""

import secrets

from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_scopes import scope

from civicpulse.cases.models import Case, CaseSupport
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import Organization

SUPPORTER_TOKEN_BYTES = 32


def supporter_token_new() -> str:
    return secrets.token_urlsafe(SUPPORTER_TOKEN_BYTES)


def supporter_key(*, organization: Organization, token: str) -> str:
    """What CaseSupport stores for a browser's token: 64 hex digits."""
    return salted_hmac(
        "civicpulse.cases.support", f"{organization.pk}:{token}", algorithm="sha256"
    ).hexdigest()


def case_supported_by(*, case: Case, supporter: str) -> bool:
    with scope(organization=case.organization):
        return CaseSupport.objects.filter(case=case, supporter=supporter).exists()


def case_support(*, case: Case, supporter: str) -> tuple[bool, int]:
    """Counts one supporter of a published case once; returns whether this call counted
    them, and the case's number of supporters now."""
    if not case.is_published:
        raise RuleViolation(_("Only a published case can be supported."))
    organization = case.organization
    with scope(organization=organization), transaction.atomic():
        _support, added = CaseSupport.objects.get_or_create(
            organization=organization, case=case, supporter=supporter
        )
        cases = Case.objects.filter(organization=organization, pk=case.pk)
        if added:
            cases.update(supporters=F("supporters") + 1)
        return added, cases.values_list("supporters", flat=True).get()
