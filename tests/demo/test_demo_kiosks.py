"""The demo's kiosks: one online, one offline, one awaiting its pairing code."""

from django.utils import timezone
from django_scopes import scope

from civicpulse.demo.kiosks import DEMO_KIOSKS, demo_kiosks_create
from civicpulse.feedback.models import Kiosk
from tests.factories import CategoryFactory, TouchpointFactory, make_questionnaire


def test_demo_kiosks_show_each_state(organization):
    desks = CategoryFactory(organization=organization, slug="administrative-service")
    make_questionnaire(organization=organization, category=desks)
    for _place in DEMO_KIOSKS:
        TouchpointFactory(organization=organization, category=desks)
    demo_kiosks_create(organization=organization, now=timezone.now())
    with scope(organization=organization):
        kiosks = list(Kiosk.objects.order_by("pk"))
    assert [(k.is_paired, k.is_online, k.is_awaiting_pairing) for k in kiosks] == [
        (True, True, False),
        (True, False, False),
        (False, False, True),
    ]
    assert all(k.last_response_at for k in kiosks[:2])
