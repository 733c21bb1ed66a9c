"""The rows of the dashboard's long tables, a place or an employee a row: written in Python,
as a template loop costs about a millisecond per row and these tables have hundreds.

{% load dashboard_rows %}
{% place_rows figures.places links %} the map page's places, linked by row key
{% breakdown_rows rows %}              the breakdown's rows (item, link, results link)
{% employee_rows figures.ranked %}     the employees' ranking
{% ranked_row rank place links %}      a ranked place (in a loop that also marks the cut)
{% too_few_item place links %}         a place with too few ratings to rank
{% place_list places links %}          ranked places named in a sentence, or "none"
"""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from civicpulse.analytics.charts.labels import fixed
from civicpulse.analytics.charts.markup import esc, joined
from civicpulse.analytics.templatetags.figures import (
    drill,
    grouped,
    interval,
    score,
    share,
    signed,
)

register = template.Library()


def table_row(*cells: str) -> str:
    """A row as the templates wrote it, a cell a line."""
    return "\n    <tr>\n" + "".join(f"      {cell}\n" for cell in cells if cell) + "    </tr>"


def linked(href: str, text: str) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>' if href else esc(text)


@register.simple_tag
def place_rows(places, links):
    none = esc(_("none"))

    def row(item):
        sums, place = item.row.sums, item.row.place
        mean = sums.mean
        where = f"{fixed(place.latitude, 5)}, {fixed(place.longitude, 5)}" if item.located else none
        return table_row(
            f'<th scope="row">{linked(links[item.row.key], item.row.label)}</th>',
            f"<td>{esc(item.area or '—')}</td>",
            f'<td class="number">{grouped(sums.responses)}</td>',
            f'<td class="number">{score(mean)}</td>',
            f"<td>{interval(mean)}</td>",
            f"<td>{where}</td>",
        )

    return joined(row(item) for item in places)


@register.simple_tag
def breakdown_rows(rows):
    none_before = esc(_("none before"))

    def row(item, link, results):
        sums, change = item.row.sums, item.change
        mean = sums.mean
        changed = change.value is not None
        return table_row(
            f'<th scope="row">{linked(link, item.row.label)}</th>',
            f'<td class="number">{grouped(sums.responses)}</td>',
            f'<td class="number">{score(mean)}</td>',
            f"<td>{interval(mean)}</td>",
            f'<td class="number">{share(sums.satisfied)}</td>',
            f'<td class="number">{signed(sums.nps, 0)}</td>',
            f'<td class="number">{esc(signed(change)) if changed else none_before}</td>',
            f"<td>{interval(change) if changed else ''}</td>",
            results
            and f'<td><a href="{esc(results)}">'
            f"{_('Results of %(name)s') % {'name': esc(item.row.label)}}</a></td>",
        )

    return joined(row(*item) for item in rows)


@register.simple_tag(takes_context=True)
def employee_rows(context, ranked):
    choice = context["choice"]
    not_shown = f'<span class="muted">{esc(_("not shown in the previous period"))}</span>'

    def row(rank, item):
        sums, change = item.sums, item.change
        changed = (
            f'{esc(signed(change))} <span class="muted">{interval(change)}</span>'
            if change
            else not_shown
        )
        link = f'<a href="{esc(drill(choice, item.row))}">{esc(item.row.label)}</a>'
        return table_row(
            f'<td class="number">{rank}</td>',
            f'<th scope="row">{link}</th>',
            f'<td class="number">{grouped(sums.responses)}</td>',
            f'<td class="number">{score(sums.mean)}</td>',
            f'<td class="number">{score(item.shrunk)}</td>',
            f"<td>{interval(item.shrunk)}</td>",
            f'<td class="number">{share(sums.satisfied)}</td>',
            f"<td>{changed}</td>",
        )

    return joined(row(rank, item) for rank, item in enumerate(ranked, start=1))


@register.simple_tag
def place_list(places, links):
    if not places:
        return esc(_("none"))
    return joined(
        ", ".join(
            f'<a href="{esc(links[place.row.key])}">{esc(place.row.label)}</a>'
            f" ({fixed(place.shrunk.raw_mean, 1)}, n = {grouped(place.n)})"
            for place in places
        )
    )


@register.simple_tag
def ranked_row(rank, place, links):
    shrunk = place.shrunk
    bounds = f"{fixed(shrunk.low, 1)} – {fixed(shrunk.high, 1)}" if shrunk.low is not None else "—"
    return SafeString(
        table_row(
            f'<td class="number">{rank}</td>',
            f'<th scope="row">{linked(links[place.row.key], place.row.label)}</th>',
            f'<td class="number">{grouped(place.n)}</td>',
            f'<td class="number">{fixed(shrunk.raw_mean, 1)}</td>',
            f'<td class="number">{fixed(shrunk.value, 1)}</td>',
            f"<td>{bounds}</td>",
            f'<td class="number">{share(place.wilson_low)}</td>',
        )
    )


@register.simple_tag
def too_few_item(place, links):
    return SafeString(
        f"<li>{linked(links[place.row.key], place.row.label)}"
        f" {fixed(place.shrunk.raw_mean, 1)}"
        f' <span class="muted">(n = {grouped(place.n)})</span></li>'
    )
