"""Drawing primitives for printed posters: the bundled fonts, text that fits its box, the
QR code as vector rectangles, and the organisation's branding."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from civicpulse.core.branding import text_colour_on
from civicpulse.core.models import Organization
from civicpulse.feedback.qr import QUIET_ZONE

# reportlab's built-in fonts have no Cyrillic; DejaVu Sans is bundled so that a fresh
# machine prints the same posters without system fonts.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "CivicPulseSans"
BOLD = "CivicPulseSans-Bold"
LEADING = 1.18
LOGO_PIXELS = 600  # enough for a logo printed a few centimetres wide, and a small PDF


@cache
def register_fonts() -> None:
    """Once per process, before the first PDF."""
    # Binary streams, as PDF allows: ASCII85 would make a file a quarter larger and is
    # encoded in pure Python, a tenth of the time of a large batch.
    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont(REGULAR, FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONT_DIR / "DejaVuSans-Bold.ttf"))


@dataclass(frozen=True)
class Branding:
    name: str
    colour: Color
    on_colour: Color  # black or white, whichever reads on the brand colour
    logo: ImageReader | None


def branding_for(organization: Organization) -> Branding:
    return Branding(
        name=organization.name_bg,
        colour=HexColor(organization.brand_colour),
        on_colour=HexColor(text_colour_on(organization.brand_colour)),
        logo=_logo(organization),
    )


def _logo(organization: Organization) -> ImageReader | None:
    """The logo as a PNG or JPEG from storage, shrunk once; anything else prints without."""
    if not organization.logo:
        return None
    try:
        with organization.logo.open("rb") as file:
            image = Image.open(file)
            image.load()
    except (OSError, ValueError):  # missing file, or not an image
        return None
    if image.format not in ("PNG", "JPEG"):
        return None
    image.thumbnail((LOGO_PIXELS, LOGO_PIXELS))
    return ImageReader(image if image.mode in ("RGB", "RGBA") else image.convert("RGBA"))


def draw_logo(canvas: Canvas, logo: ImageReader, *, x, y, width, height) -> float:
    """Draws the logo within the box, keeping its proportions; returns the width it took."""
    pixels_wide, pixels_high = logo.getSize()
    scale = min(width / pixels_wide, height / pixels_high)
    drawn_width, drawn_height = pixels_wide * scale, pixels_high * scale
    canvas.drawImage(
        logo, x, y + (height - drawn_height) / 2, drawn_width, drawn_height, mask="auto"
    )
    return drawn_width


@dataclass(frozen=True)
class TextBlock:
    lines: list[str]
    font: str
    size: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LEADING


def fit_text(text, font, *, width, largest, smallest, max_lines=2) -> TextBlock:
    """The largest size at which the text wraps into `max_lines` within `width`; at the
    smallest size what still does not fit ends in an ellipsis."""
    size = largest
    while True:
        lines = simpleSplit(text, font, size, width)
        fits = len(lines) <= max_lines and all(
            pdfmetrics.stringWidth(line, font, size) <= width for line in lines
        )
        if fits or size <= smallest:
            break
        size = max(smallest, size * 0.92)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip(" .,") + "…"]
    return TextBlock(lines, font, size)


def draw_text(canvas: Canvas, block: TextBlock, *, x, top, align="centre") -> float:
    """Draws the block from `top` down, centred on `x` or starting at it; returns its bottom."""
    canvas.setFont(block.font, block.size)
    y = top
    for line in block.lines:
        y -= block.size * LEADING
        baseline = y + block.size * (LEADING - 1) / 2 + block.size * 0.2
        if align == "centre":
            canvas.drawCentredString(x, baseline, line)
        else:
            canvas.drawString(x, baseline, line)
    return y


def draw_qr(canvas: Canvas, matrix, *, x, y, size) -> None:
    """The symbol in a white square of `size` (quiet zone included) with its lower-left
    corner at (x, y).

    Each run of dark modules in a row is one rectangle, written in whole module units
    under a scaled coordinate system: far fewer and shorter drawing operations than a
    float-formatted square per module, which is what keeps hundreds of posters fast.
    """
    module = size / (len(matrix) + 2 * QUIET_ZONE)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    runs = []
    for row_number, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            runs.append(f"{start} {row_number} {column - start} 1 re")
    canvas.saveState()
    canvas.translate(x + QUIET_ZONE * module, y + size - QUIET_ZONE * module)
    canvas.scale(module, -module)  # rows count downwards from the symbol's top edge
    canvas.setFillColor(black)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()
