"""Horizontal bars: long labels, drill-down links, n at each row, reference, bar or dot."""

from civicpulse.analytics.charts import BarRow, bar_chart
from civicpulse.analytics.charts.labels import ELLIPSIS
from tests.analytics.charts.conftest import SVG, estimate, inline, texts

LONG = "Център за административно обслужване на гражданите – гише за местни данъци и такси"


def test_a_long_bulgarian_label_is_cut_and_kept_whole_in_the_title(bulgarian):
    chart = bar_chart([BarRow(LONG, estimate(7.4))], title="t", value_range=(0, 10))
    row = chart.rows[0]
    assert row.label.endswith(ELLIPSIS) and len(row.label) < len(LONG)
    assert LONG.startswith(row.label[:-1])
    root = inline(chart)
    assert any(title.startswith(LONG) for title in texts(root, "title"))


def test_a_row_with_href_links_its_label(bulgarian):
    rows = [BarRow("Парк", estimate(7.4), href="/manage/sz/areas/3/"), BarRow("Гара", estimate(6))]
    root = inline(bar_chart(rows, title="t", value_range=(0, 10)))
    links = list(root.iter(f"{SVG}a"))
    assert [(a.get("href"), "".join(a.itertext())) for a in links] == [
        ("/manage/sz/areas/3/", "Парк")
    ]


def test_every_row_states_its_value_and_n_in_the_language(bulgarian):
    chart = bar_chart([BarRow("Парк", estimate(7.44, n=1234))], title="t", value_range=(0, 10))
    assert chart.rows[0].figures == "7,4 · n = 1\xa0234"
    assert "7,4 · n = 1\xa0234" in texts(inline(chart))


def test_english_figures(english):
    chart = bar_chart([BarRow("Park", estimate(7.44, n=1234))], title="t", value_range=(0, 10))
    assert chart.rows[0].figures == "7.4 · n = 1,234"
    assert chart.rows[0].title == "Park, 7.4 (95\xa0% interval 7.0–7.8), n = 1,234"


def test_bars_from_zero_dots_otherwise():
    rows = [BarRow("a", estimate(7.5))]
    bars = bar_chart(rows, title="t", value_range=(0, 10))
    dots = bar_chart(rows, title="t", value_range=(5, 10))
    assert (bars.mark, dots.mark) == ("bar", "dot")
    assert bars.zero == bars.left
    assert bars.rows[0].x == bars.left + (bars.right - bars.left) * 0.75
    assert dots.rows[0].x == dots.left + (dots.right - dots.left) * 0.5
    assert list(inline(dots).iter(f"{SVG}circle"))


def test_the_interval_is_a_whisker_and_the_reference_a_line(english):
    chart = bar_chart(
        [BarRow("a", estimate(5, spread=1))],
        title="t",
        value_range=(0, 10),
        reference=6,
        reference_label="organisation",
    )
    x = chart.rows[0]
    width = chart.right - chart.left
    assert (x.low, x.high) == (chart.left + width * 0.4, chart.left + width * 0.6)
    assert chart.reference_x == chart.left + width * 0.6
    assert "organisation 6.0" in texts(inline(chart))


def test_a_row_without_a_value_says_so(english):
    rows = [BarRow("a", estimate(7)), BarRow("b", estimate(None, n=0), note="hidden")]
    chart = bar_chart(rows, title="t", value_range=(0, 10))
    assert chart.rows[1].x is None
    assert chart.rows[1].figures.startswith("no data · n = 0")
    assert chart.rows[1].title == "b, no data, n = 0, hidden"  # whole, where a cut may hide it


def test_shares_use_the_given_format_for_ticks_and_values(english):
    def percent(share):
        return f"{share * 100:.0f} %"

    chart = bar_chart(
        [BarRow("a", estimate(0.62, spread=0.05))],
        title="t",
        value_range=(0, 1),
        value_format=percent,
    )
    assert [t.label for t in chart.ticks] == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]
    assert chart.rows[0].figures.startswith("62 %")


def test_no_rows_draw_a_no_data_chart(english):
    for rows in ([], [BarRow("a", estimate(None, n=0))]):
        chart = bar_chart(rows, title="t", value_range=(0, 10))
        assert "No data for this period." in texts(inline(chart))
