"""{% chart_table %}: every chart's figures as an HTML table, the text alternative."""

import pytest
from django.template import Context, Template

from civicpulse.analytics.charts import BarRow, bar_chart
from tests.analytics.charts.conftest import HOSTILE, estimate, parse
from tests.analytics.charts.samples import every_chart

TABLE = Template("{% load charts %}{% chart_table c %}")


def table_of(chart):
    return parse(TABLE.render(Context({"c": chart})))


@pytest.mark.parametrize("kind", ["line", "bar", "heat_map", "funnel", "score_map"])
def test_every_chart_has_a_table_with_a_caption_and_headed_rows(kind, english):
    chart = every_chart()[kind]
    table = table_of(chart)
    assert table.find("caption").text == chart.title
    headers = [th.text for th in table.iter("th") if th.get("scope") == "col"]
    assert len(headers) == len(chart.table.columns)
    rows = table.find("tbody").findall("tr")
    assert rows and all(row[0].tag == "th" and row[0].get("scope") == "row" for row in rows)


def test_a_bar_table_states_value_interval_n_and_links(english):
    chart = bar_chart(
        [BarRow("Park", estimate(7.44, n=1234), href="/p/1/")], title="t", value_range=(0, 10)
    )
    (row,) = table_of(chart).find("tbody").findall("tr")
    assert row[0].find("a").get("href") == "/p/1/"
    assert [cell.text for cell in row[1:]] == ["7.4", "7.0–7.8", "1,234"]


def test_the_heat_map_table_has_a_row_a_weekday(english):
    table = table_of(every_chart()["heat_map"])
    rows = table.find("tbody").findall("tr")
    assert [row[0].text for row in rows][:2] == ["Monday", "Tuesday"]
    assert len(rows[0]) == 25


def test_hostile_labels_stay_text_in_the_table():
    markup = TABLE.render(Context({"c": every_chart(HOSTILE)["bar"]}))
    assert "<script>" not in markup
    assert HOSTILE in "".join(parse(markup).itertext())


def test_a_chart_without_data_has_no_table():
    chart = bar_chart([], title="t", value_range=(0, 10))
    assert TABLE.render(Context({"c": chart})).strip() == ""
