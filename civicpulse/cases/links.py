"""The links a case's sender gets: the signed confirmation link and the secret tracking link.

The confirmation token is signed with the case's secret tracking key inside, so one case's
token cannot be made into another's; it is made when the e-mail is written and not stored.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from civicpulse.cases.models import Case

CONFIRM_SALT = "civicpulse.cases.confirm"


def confirmation_token(case: Case) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{case.pk}.{case.tracking_key}")


def confirmation_url(case: Case) -> str:
    return settings.SITE_URL + reverse(
        "public:case_confirm", kwargs={"token": confirmation_token(case)}
    )


def tracking_url(case: Case) -> str:
    return settings.SITE_URL + reverse("public:case_track", kwargs={"key": case.tracking_key})
