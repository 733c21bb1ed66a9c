"""Cross-site request protection for the anonymous questionnaire, without cookies.

Django's CSRF check needs a cookie that matches the form. A citizen's phone may show a
page restored from its cache, after the cookie is gone, or refuse cookies: the answer
would be lost. Instead each rendered form carries a signed, timestamped token bound to
the touchpoint, and the browser's own Origin / Sec-Fetch-Site headers must say the post
comes from this site. A forged page on another site can send neither.
"""

from django.conf import settings
from django.core import signing

FORM_SIGNING_SALT = "civicpulse.public.questionnaire-form"
FORM_TOKEN_MAX_AGE = 24 * 60 * 60
SAME_SITE_FETCHES = {"same-origin", "none"}


def _signer() -> signing.TimestampSigner:
    # Made per use, so a changed SECRET_KEY (or its fallbacks) applies at once.
    return signing.TimestampSigner(salt=FORM_SIGNING_SALT)


def form_token_make(*, code: str) -> str:
    return _signer().sign(code.upper())


def form_token_is_valid(token: str, *, code: str) -> bool:
    """True for an untampered token of this touchpoint, made less than a day ago."""
    signed_code = form_token_subject(token)
    return signed_code is not None and signed_code == code.upper()


def form_token_subject(token: str) -> str | None:
    """What an untampered token made less than a day ago was made for, else None."""
    try:
        return _signer().unsign(token or "", max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None


def request_is_same_origin(request) -> bool:
    """The browser says the post comes from our own pages (or sends no such headers)."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")  # META: see public.clients
    if fetch_site is not None and fetch_site not in SAME_SITE_FETCHES:
        return False
    origin = request.META.get("HTTP_ORIGIN")
    # Behind a TLS-terminating proxy the request looks like http: SITE_URL is the real origin.
    if origin is None or origin == settings.SITE_URL:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
