"""The QR code of a touchpoint: what it carries, and that a reader gets it back."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
import segno
from django.urls import resolve
from django_scopes import scopes_disabled

from civicpulse.feedback.qr import qr_matrix, qr_payload, qr_png, qr_svg, short_url
from tests.factories import TouchpointFactory
from tests.feedback.qr_reading import code_of, decode_png

HOST = "glas.example.bg"


@pytest.fixture
def site(settings):
    settings.SITE_URL = f"https://{HOST}"


@pytest.fixture
def touchpoint(db, site):
    return TouchpointFactory()


def test_without_a_site_path_the_url_is_upper_case_for_the_compact_mode(touchpoint):
    payload = qr_payload(touchpoint)
    assert payload == f"HTTPS://GLAS.EXAMPLE.BG/Q/{touchpoint.code}"
    symbol = segno.make_qr(payload, error="q")
    assert symbol.mode == "alphanumeric"
    assert symbol.version < segno.make_qr(touchpoint.public_url, error="q").version


def test_a_site_path_keeps_its_case(touchpoint, settings):
    settings.SITE_URL = "https://example.bg/Glas"
    assert qr_payload(touchpoint) == f"https://example.bg/Glas/q/{touchpoint.code}"
    assert short_url(touchpoint) == f"example.bg/Glas/q/{touchpoint.code}"


def test_the_short_url_has_no_scheme(touchpoint):
    assert short_url(touchpoint) == f"{HOST}/q/{touchpoint.code}"


def test_the_png_decodes_to_the_touchpoints_url(touchpoint):
    (url,) = decode_png(qr_png(touchpoint, scale=4))
    assert code_of(url, host=HOST) == touchpoint.code
    assert resolve(urlsplit(url).path).view_name == "public:questionnaire"


def test_the_code_corrects_at_least_a_quarter_and_keeps_its_quiet_zone(touchpoint):
    symbol = segno.make_qr(qr_payload(touchpoint), error="q")
    assert symbol.error in ("Q", "H")
    matrix = qr_matrix(touchpoint)
    assert len(matrix) == len(matrix[0]) == symbol.symbol_size(border=0)[0]
    svg = ET.fromstring(qr_svg(touchpoint))  # noqa: S314 - our own output
    modules_with_quiet_zone = symbol.symbol_size(border=4)[0]
    assert svg.get("width") == str(modules_with_quiet_zone * 10)


def test_an_edited_touchpoint_prints_the_same_code(touchpoint):
    before = qr_png(touchpoint, scale=2)
    with scopes_disabled():
        touchpoint.name_bg = "Ново име"
        touchpoint.save()
        touchpoint.refresh_from_db()
    assert qr_png(touchpoint, scale=2) == before
