"""Charts as files: a standalone SVG document, a PNG drawn from it, and the download response.

The document carries its own styles, a white background and fonts found everywhere
(DejaVu Sans, else any sans-serif), so it looks the same in an editor, a browser or a
slide. PNG is rendered by cairosvg, which needs the system's libcairo2.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from civicpulse.analytics.charts.rendering import Chart, render_chart

XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'
CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def svg_document(chart: Chart) -> str:
    """The chart as a standalone .svg file."""
    return XML_PROLOG + render_chart(chart, prefix="chart", standalone=True) + "\n"


def png_from_svg(svg: str, *, scale: float = 2) -> bytes:
    """A PNG of the SVG at ``scale`` pixels per unit (2: sharp on high-density screens)."""
    import cairosvg  # loads libcairo: only downloads need it, not every page

    return cairosvg.svg2png(bytestring=svg.encode(), scale=scale)


def chart_download(chart: Chart, *, fmt: str, filename: str) -> HttpResponse:
    """The chart as an attachment: ``fmt`` "svg" or "png"; ``filename`` without extension.

    Another format raises ValueError; answering it with a 404 is the view's job.
    """
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"charts are downloaded as svg or png, not {fmt!r}")
    document = svg_document(chart)
    body = document.encode() if fmt == "svg" else png_from_svg(document)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}.{fmt}"
    )
    return response
