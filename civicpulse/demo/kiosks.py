"""Demo kiosks in the service centres: two paired (one online, one not heard from for
hours) and one awaiting its pairing code."""

import secrets
from datetime import datetime, timedelta

from django.db.models import Q
from django_scopes import scope

from civicpulse.core.models import Organization
from civicpulse.feedback.kiosks import kiosk_create, kiosk_pair
from civicpulse.feedback.models import Kiosk, KioskDisplay, Touchpoint, TouchpointKind

SERVICE_CATEGORIES = ("administrative-service", "district-mayors")
# (name, display, seconds since last heard from, None: awaiting pairing)
DEMO_KIOSKS = (
    ("Таблет на входа", KioskDisplay.SMILEYS, 40),
    ("Таблет при гишетата", KioskDisplay.SCALE, 3 * 3600),
    ("Нов таблет", KioskDisplay.SMILEYS, None),
)


def demo_kiosks_create(*, organization: Organization, now: datetime) -> list[Kiosk]:
    """Kiosks at the first service centres; the paired ones hold a token no tablet knows."""
    with scope(organization=organization):
        places = list(
            Touchpoint.objects.filter(
                Q(category__slug__in=SERVICE_CATEGORIES),
                organization=organization,
                kind=TouchpointKind.PLACE,
                is_active=True,
            ).order_by("pk")[: len(DEMO_KIOSKS)]
        )
        kiosks = []
        for place, (name, display, silent_for) in zip(places, DEMO_KIOSKS, strict=False):
            kiosk, code = kiosk_create(
                organization=organization, name=name, touchpoint=place, display=display, now=now
            )
            if silent_for is not None:
                kiosk, _token = kiosk_pair(code=code, client_key=secrets.token_hex(8), now=now)
                seen = now - timedelta(seconds=silent_for)
                Kiosk.objects.filter(pk=kiosk.pk).update(
                    paired_at=now - timedelta(days=30),
                    last_seen_at=seen,
                    last_response_at=seen - timedelta(minutes=7),
                )
            kiosks.append(kiosk)
    return kiosks
