import re

import pytest
from django.db import IntegrityError

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.models import Touchpoint, TouchpointKind
from civicpulse.feedback.models import touchpoints as touchpoint_module
from tests.factories import OrganizationFactory, TouchpointFactory

CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$")


def test_codes_are_short_unambiguous_and_distinct(organization, in_scope):
    codes = {TouchpointFactory(organization=organization).code for _ in range(50)}
    assert len(codes) == 50
    assert all(CODE.match(code) for code in codes)


def test_a_code_never_changes_once_printed(organization, in_scope):
    touchpoint = TouchpointFactory(organization=organization)
    code = touchpoint.code
    touchpoint.name_bg = "Нова площадка"
    touchpoint.is_active = False
    touchpoint.save()
    reloaded = Touchpoint.objects.get(pk=touchpoint.pk)
    assert reloaded.code == code

    reloaded.code = "ABCDEFGH"
    with pytest.raises(RuleViolation):
        reloaded.save()
    assert Touchpoint.objects.get(pk=touchpoint.pk).code == code


def test_a_colliding_new_code_is_drawn_again_across_organisations(organization, monkeypatch):
    existing = TouchpointFactory(organization=OrganizationFactory(slug="elsewhere"))
    drawn = iter([existing.code, "QRST2345"])
    monkeypatch.setattr(touchpoint_module, "new_touchpoint_code", lambda: next(drawn))
    touchpoint = TouchpointFactory(organization=organization, code=existing.code)
    assert touchpoint.code == "QRST2345"


def test_the_database_refuses_duplicate_codes(organization, unscoped):
    first = TouchpointFactory(organization=organization)
    second = TouchpointFactory(organization=organization)
    with pytest.raises(IntegrityError):
        Touchpoint.objects.filter(pk=second.pk).update(code=first.code)


def test_the_public_url_is_short_and_uses_the_site_url(organization, in_scope, settings):
    settings.SITE_URL = "https://glas.example.bg"
    touchpoint = TouchpointFactory(organization=organization)
    assert touchpoint.public_url == f"https://glas.example.bg/q/{touchpoint.code}"
    assert len(touchpoint.public_url) <= 40  # fits a small, robust QR code


def test_an_employees_workplace_must_be_in_the_same_organisation(organization, unscoped):
    elsewhere = TouchpointFactory(organization=OrganizationFactory(slug="elsewhere"))
    employee = TouchpointFactory.build(
        organization=organization,
        kind=TouchpointKind.EMPLOYEE,
        category=TouchpointFactory(organization=organization).category,
        area=None,
        place=elsewhere,
    )
    with pytest.raises(RuleViolation):
        employee.save()
