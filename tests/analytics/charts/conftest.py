"""Helpers for the chart tests: estimates, languages, and reading the SVG back."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from civicpulse.analytics.charts import render_chart
from civicpulse.analytics.statistics.estimates import Estimate

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> ]]> & "quoted"'


def estimate(value, n=100, spread=0.4):
    if value is None:
        return Estimate(None, None, None, n)
    return Estimate(value, value - spread, value + spread, n)


def parse(svg: str | bytes) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, in a test


def inline(chart, prefix="t") -> ET.Element:
    """The chart as the tag puts it on a page, parsed as XML."""
    return parse(render_chart(chart, prefix=prefix))


def texts(root: ET.Element, tag: str = "text") -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}{tag}")]


@pytest.fixture
def bulgarian():
    with translation.override("bg"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield
