"""Standalone SVG files, PNGs and the download response."""

import io
from urllib.parse import unquote

import pytest
from PIL import Image

from civicpulse.analytics.charts import chart_download, png_from_svg, svg_document
from tests.analytics.charts.conftest import SVG, parse
from tests.analytics.charts.samples import every_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHARTS = every_chart()


@pytest.mark.parametrize("kind", CHARTS)
def test_the_standalone_document_is_a_whole_svg_file(kind):
    chart = CHARTS[kind]
    document = svg_document(chart)
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = parse(document.encode())
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == (str(chart.width), str(chart.height))
    assert "DejaVu Sans" in root.get("font-family")
    assert root.find(f"{SVG}style") is not None  # the styles travel with the file
    background = root.find(f"{SVG}rect")
    assert background.get("fill") == "#ffffff" and background.get("width") == str(chart.width)


def test_the_png_has_the_signature_and_twice_the_size():
    chart = CHARTS["line"]
    png = png_from_svg(svg_document(chart))
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    assert image.size == (chart.width * 2, chart.height * 2)
    assert image.getpixel((2, 2))[:3] == (255, 255, 255)  # a white background, not transparent


def test_the_png_is_drawn_not_blank():
    image = Image.open(io.BytesIO(png_from_svg(svg_document(CHARTS["bar"]), scale=1)))
    colours = {colour for _count, colour in image.convert("RGB").getcolors(1 << 16)}
    assert (0, 114, 178) in colours  # the bar's blue


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [("svg", "image/svg+xml", b"<?xml"), ("png", "image/png", PNG_SIGNATURE)],
)
def test_the_download_is_an_attachment_of_the_right_type(fmt, content_type, start):
    response = chart_download(CHARTS["heat_map"], fmt=fmt, filename="отговори-по-час")
    assert response["Content-Type"] == content_type
    assert response.content.startswith(start)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    encoded = disposition.split("filename*=utf-8''")[1]
    assert unquote(encoded) == f"отговори-по-час.{fmt}"  # Cyrillic names survive


def test_another_format_is_refused():
    with pytest.raises(ValueError, match="svg or png"):
        chart_download(CHARTS["bar"], fmt="pdf", filename="x")
