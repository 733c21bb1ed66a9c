"""Hostile labels stay text: nothing injected into an inline chart or a downloaded file."""

import pytest

from civicpulse.analytics.charts import render_chart, svg_document
from tests.analytics.charts.conftest import HOSTILE, parse
from tests.analytics.charts.samples import every_chart

CHARTS = every_chart(HOSTILE)


@pytest.mark.parametrize("kind", CHARTS)
@pytest.mark.parametrize("standalone", [False, True])
def test_a_hostile_label_is_only_text(kind, standalone):
    chart = CHARTS[kind]
    markup = svg_document(chart) if standalone else render_chart(chart, prefix="p")
    root = parse(markup.encode())
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert "script" not in tags
    everything = "".join(root.itertext())
    assert HOSTILE in everything  # shown as written, whole, at least in the titles
    assert "<script>" not in markup


def test_a_hostile_prefix_cannot_break_out_of_an_id():
    markup = render_chart(CHARTS["funnel"], prefix='x" onload="alert(1)')
    root = parse(markup.encode())
    assert root.find(".//*[@onload]") is None
    assert all(" " not in (element.get("id") or "") for element in root.iter())


def test_control_characters_in_a_label_do_not_break_the_document():
    chart = every_chart("Парк\x01\x1b")["bar"]
    for markup in (svg_document(chart), render_chart(chart, prefix="p")):
        assert "Парк" in "".join(parse(markup.encode()).itertext())
