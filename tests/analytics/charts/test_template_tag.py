"""{% chart %}: inline SVG, accessible, with ids unique on a page of several charts."""

from django.template import Context, Template
from django.test import RequestFactory

from tests.analytics.charts.conftest import SVG, parse
from tests.analytics.charts.samples import every_chart

PAGE = Template(
    "{% load charts %}<div>{% chart first %}{% chart second %}"
    "{% chart third prefix='trend' %}</div>"
)


def page(context=None) -> list:
    charts = every_chart()
    html = PAGE.render(
        Context(
            {"first": charts["line"], "second": charts["funnel"], "third": charts["line"]},
            **(context or {}),
        )
    )
    return list(parse(html))


def all_ids(svgs) -> list[str]:
    return [e.get("id") for svg in svgs for e in svg.iter() if e.get("id")]


def test_ids_are_unique_on_a_page_with_several_charts():
    svgs = page()
    ids = all_ids(svgs)
    assert len(ids) == len(set(ids))
    assert "trend-title" in ids and "chart1-title" in ids and "chart2-plot" in ids


def test_each_chart_is_named_by_its_title_and_desc():
    for svg in page():
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        assert svg.find(f"{SVG}desc").get("id") == desc_id
        assert svg.find(f"{SVG}desc").text


def test_the_styles_come_once_a_page():
    assert [svg.find(f"{SVG}style") is not None for svg in page()] == [True, False, False]


def test_the_count_goes_on_across_fragments_of_one_request():
    request = RequestFactory().get("/")
    first = Template("{% load charts %}{% chart c %}")
    charts = every_chart()
    ids = []
    for _ in range(2):  # two fragments rendered apart, one request
        ids += all_ids([parse(first.render(Context({"c": charts["funnel"], "request": request})))])
    assert len(ids) == len(set(ids))


def test_text_is_at_least_12_px():
    for svg in page():
        sizes = [float(e.get("font-size")) for e in svg.iter() if e.get("font-size")]
        assert min(sizes) >= 12


def test_a_chart_is_an_image_unless_it_holds_links(bulgarian):
    charts = every_chart()
    line, funnel = (
        parse(Template("{% load charts %}{% chart c %}").render(Context({"c": c})))
        for c in (charts["line"], charts["funnel"])
    )
    assert line.get("role") == "img"
    # An image's children are hidden from assistive technology: links need a group.
    assert funnel.get("role") == "group"
    link = funnel.find(f".//{SVG}a")
    assert link.get("aria-label").startswith("Парк: 7,1, n = 40")
