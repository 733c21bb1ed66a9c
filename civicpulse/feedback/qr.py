"""The QR code printed for a touchpoint or a survey campaign: its public URL, as SVG, PNG or a
module matrix."""

import io
from urllib.parse import urlsplit

import segno
from django.conf import settings

from civicpulse.feedback.models import Campaign, Touchpoint

# Anything with a global code and a public URL: a touchpoint (/q/) or a campaign (/s/).
Coded = Touchpoint | Campaign

# Q restores about a quarter of the symbol: a scratched or weathered sticker still scans.
ERROR_CORRECTION = "q"
QUIET_ZONE = 4  # modules of white around the symbol, as the standard asks


def qr_payload(touchpoint: Coded) -> str:
    """The URL the code carries.

    Scheme and host are case-insensitive and codes are upper case, so when the site has no
    path of its own the whole URL fits QR's alphanumeric mode (upper case only), which makes
    a smaller, coarser symbol; the public app answers on /Q/ as well as /q/.
    """
    url = touchpoint.public_url
    if urlsplit(settings.SITE_URL).path in ("", "/"):
        return url.upper()
    return url


def short_url(touchpoint: Coded) -> str:
    """The address written under the code for those who cannot scan: no scheme."""
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.netloc}{parts.path.rstrip('/')}{touchpoint.public_path}"


def _symbol(touchpoint: Coded) -> segno.QRCode:
    return segno.make_qr(qr_payload(touchpoint), error=ERROR_CORRECTION)


def qr_svg(touchpoint: Coded) -> bytes:
    buffer = io.BytesIO()
    _symbol(touchpoint).save(buffer, kind="svg", scale=10, border=QUIET_ZONE, xmldecl=False)
    return buffer.getvalue()


def qr_png(touchpoint: Coded, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _symbol(touchpoint).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()


def qr_matrix(touchpoint: Coded) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules, row by row, without the quiet zone: the caller
    leaves QUIET_ZONE modules of white around it."""
    return tuple(tuple(bool(module) for module in row) for row in _symbol(touchpoint).matrix)
