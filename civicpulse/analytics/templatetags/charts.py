"""{% chart some_chart %}: one chart drawn inline as SVG; {% chart_table some_chart %}: its
figures as a table.

Ids inside a chart start with a prefix: the ``prefix`` argument, else "chart1", "chart2", …
counted per request (or per template context without one), so charts on one page never
share an id. The first chart on a page also carries the charts' styles.
"""

from django import template

from civicpulse.analytics.charts.rendering import Chart, render_chart, render_table

register = template.Library()

COUNTER = "_civicpulse_chart_count"


@register.simple_tag(takes_context=True)
def chart(context, drawn: Chart, prefix: str = ""):
    number = _next_number(context)
    return render_chart(drawn, prefix=prefix or f"chart{number}", with_style=number == 1)


@register.simple_tag
def chart_table(drawn: Chart):
    """The chart's figures as a table, the chart's text alternative."""
    return render_table(drawn)


def _next_number(context) -> int:
    """Kept on the request when there is one, so pages built from fragments count on."""
    request = context.get("request")
    if request is not None:
        number = getattr(request, COUNTER, 0) + 1
        setattr(request, COUNTER, number)
        return number
    number = context.dicts[0].get(COUNTER, 0) + 1
    context.dicts[0][COUNTER] = number
    return number
