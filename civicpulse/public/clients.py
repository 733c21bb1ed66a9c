"""What the public views know of a client: its address behind our proxies, and today's
anonymous fingerprint of it (civicpulse.feedback.abuse), which is all that is kept.

Headers are read from request.META: building request.headers for the few needed here cost
the citizen's form more than checking them.
"""

from django.conf import settings

from civicpulse.feedback.abuse import client_fingerprint


def client_ip(request) -> str:
    """The client's address; behind FORWARDED_PROXIES trusted proxies, the one they saw.

    Without this every citizen behind the proxy would share one fingerprint and one limit.
    """
    proxies = settings.FORWARDED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def request_fingerprint(request) -> str:
    """Today's fingerprint of the client that sent the request."""
    return client_fingerprint(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
    )
