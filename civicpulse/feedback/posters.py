"""Print-ready PDFs of touchpoints' QR codes: A4/A5/A6 posters, a desk card, and A4 sheets
of stickers or badges with cut marks.

Every page is vector drawing (text in the bundled font, the code as rectangles), so one
PDF of hundreds of posters is sharp at any size and builds in seconds.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from reportlab.lib.colors import Color, black, grey
from reportlab.lib.pagesizes import A4, A5, A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from civicpulse.core.models import Organization
from civicpulse.feedback.models import Campaign, Touchpoint
from civicpulse.feedback.poster_drawing import (
    BOLD,
    REGULAR,
    Branding,
    TextBlock,
    branding_for,
    draw_logo,
    draw_qr,
    draw_text,
    fit_text,
    register_fonts,
)
from civicpulse.feedback.qr import qr_matrix, short_url

# Printed in both languages whatever the language of the staff member who prints them,
# so these are content, not interface strings for gettext.
PLACE_INVITATION = (
    "Оценете това място за 30 секунди. Анонимно.",
    "Rate this place in 30 seconds. Anonymous.",
)
EMPLOYEE_INVITATION = ("Оценете обслужването ми", "Rate my service")
SURVEY_INVITATION = ("Участвайте в анкетата. Анонимно.", "Take part in the survey. Anonymous.")
DARK_GREY = Color(0.25, 0.25, 0.25)


class PosterFormat(models.TextChoices):
    A4 = "a4", _("Poster, A4")
    A5 = "a5", _("Poster, A5")
    A6 = "a6", _("Poster, A6")
    STICKERS = "stickers", _("Sticker sheet, A4 (12 stickers)")
    DESK_CARD = "desk-card", _("Desk card, A6 landscape")
    BADGES = "badges", _("Badge sheet, A4 (8 badges)")


PLACE_FORMATS = (PosterFormat.A4, PosterFormat.A5, PosterFormat.A6, PosterFormat.STICKERS)
EMPLOYEE_FORMATS = (PosterFormat.DESK_CARD, PosterFormat.BADGES, PosterFormat.A5)


def formats_for(touchpoint: Touchpoint) -> tuple[PosterFormat, ...]:
    """What a place is usually printed on, and what an employee's desk or chest carries."""
    return EMPLOYEE_FORMATS if touchpoint.is_employee else PLACE_FORMATS


@dataclass(frozen=True)
class Card:
    """What one poster, sticker or badge says about its touchpoint."""

    code: str
    name: str
    subtitle: str  # an employee's job title, or a place's English name
    invitation: tuple[str, str]  # Bulgarian, English
    url: str
    matrix: tuple

    @classmethod
    def of(cls, touchpoint: Touchpoint | Campaign) -> "Card":
        if isinstance(touchpoint, Campaign):
            return cls.of_campaign(touchpoint)
        if touchpoint.is_employee:
            subtitle, invitation = touchpoint.job_title_bg, EMPLOYEE_INVITATION
        else:
            subtitle, invitation = touchpoint.name_en, PLACE_INVITATION
        return cls(
            code=touchpoint.code,
            name=touchpoint.name_bg,
            subtitle="" if subtitle == touchpoint.name_bg else subtitle,
            invitation=invitation,
            url=short_url(touchpoint),
            matrix=qr_matrix(touchpoint),
        )

    @classmethod
    def of_campaign(cls, campaign: Campaign) -> "Card":
        return cls(
            code=campaign.code,
            name=campaign.title_bg,
            subtitle="" if campaign.title_en in ("", campaign.title_bg) else campaign.title_en,
            invitation=SURVEY_INVITATION,
            url=short_url(campaign),
            matrix=qr_matrix(campaign),
        )


def draw_poster(canvas: Canvas, card: Card, brand: Branding, *, width, height) -> None:
    """A portrait poster: logo and organisation, the invitation on the brand colour, the
    place's name, the code as large as the rest leaves room for, and the address."""
    margin = width * 0.08
    inner = width - 2 * margin
    top = height - margin * 0.8
    logo_height = height * 0.06
    text_x = margin
    if brand.logo:
        box = {"x": margin, "y": top - logo_height, "width": inner * 0.35, "height": logo_height}
        text_x += draw_logo(canvas, brand.logo, **box) + margin * 0.3
    organisation = fit_text(
        brand.name, BOLD, width=width - margin - text_x, largest=width * 0.032, smallest=6
    )
    canvas.setFillColor(DARK_GREY)
    centred = not brand.logo
    draw_text(
        canvas,
        organisation,
        x=width / 2 if centred else text_x,
        top=top - (logo_height - organisation.height) / 2,
        align="centre" if centred else "left",
    )
    top -= logo_height + margin * 0.5

    bulgarian = fit_text(card.invitation[0], BOLD, width=inner, largest=width * 0.06, smallest=8)
    english = fit_text(card.invitation[1], REGULAR, width=inner, largest=width * 0.04, smallest=7)
    padding = margin * 0.45
    band = padding * 2 + bulgarian.height + english.height + padding * 0.3
    canvas.setFillColor(brand.colour)
    canvas.rect(0, top - band, width, band, stroke=0, fill=1)
    canvas.setFillColor(brand.on_colour)
    bottom = draw_text(canvas, bulgarian, x=width / 2, top=top - padding)
    draw_text(canvas, english, x=width / 2, top=bottom - padding * 0.3)
    top -= band + margin * 0.5

    canvas.setFillColor(black)
    name = fit_text(card.name, BOLD, width=inner, largest=width * 0.07, smallest=9)
    top = draw_text(canvas, name, x=width / 2, top=top)
    if card.subtitle:
        canvas.setFillColor(DARK_GREY)
        subtitle = fit_text(card.subtitle, REGULAR, width=inner, largest=width * 0.04, smallest=7)
        top = draw_text(canvas, subtitle, x=width / 2, top=top)

    strip = height * 0.015
    address = fit_text(card.url, BOLD, width=inner, largest=width * 0.045, smallest=6, max_lines=1)
    floor = strip + margin * 0.6 + address.height
    size = min(inner, top - floor - margin * 0.3)
    draw_qr(
        canvas, card.matrix, x=(width - size) / 2, y=floor + (top - floor - size) / 2, size=size
    )
    canvas.setFillColor(black)
    draw_text(canvas, address, x=width / 2, top=floor)
    canvas.setFillColor(brand.colour)
    canvas.rect(0, 0, width, strip, stroke=0, fill=1)


def draw_sticker(canvas: Canvas, card: Card, brand: Branding, *, width, height) -> None:
    """A small portrait label: organisation strip, name, the code, its letters and address."""
    padding = 3 * mm
    inner = width - 2 * padding
    strip = fit_text(brand.name, BOLD, width=inner, largest=7, smallest=5, max_lines=1)
    band = strip.height + 2 * mm
    canvas.setFillColor(brand.colour)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    canvas.setFillColor(brand.on_colour)
    draw_text(canvas, strip, x=width / 2, top=height - 1 * mm)
    canvas.setFillColor(black)
    top = draw_text(
        canvas,
        fit_text(card.name, BOLD, width=inner, largest=10, smallest=6),
        x=width / 2,
        top=height - band - 1.5 * mm,
    )
    code = fit_text(card.code, BOLD, width=inner, largest=13, smallest=8, max_lines=1)
    address = fit_text(card.url, REGULAR, width=inner, largest=7, smallest=4.5, max_lines=1)
    floor = padding + address.height + code.height
    size = min(inner, top - floor)
    draw_qr(canvas, card.matrix, x=(width - size) / 2, y=floor, size=size)
    canvas.setFillColor(black)
    draw_text(canvas, address, x=width / 2, top=draw_text(canvas, code, x=width / 2, top=floor))


def draw_card(canvas: Canvas, card: Card, brand: Branding, *, width, height) -> None:
    """A landscape card (desk card, badge): text on the left, the code on the right."""
    padding = height * 0.07
    band = height * 0.17
    canvas.setFillColor(brand.colour)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    left = padding
    if brand.logo:
        box = {"x": padding, "y": height - band * 0.85, "width": width * 0.2, "height": band * 0.7}
        left += draw_logo(canvas, brand.logo, **box) + padding * 0.5
    canvas.setFillColor(brand.on_colour)
    organisation = fit_text(
        brand.name, BOLD, width=width - left - padding, largest=band * 0.4, smallest=5, max_lines=1
    )
    draw_text(
        canvas, organisation, x=left, top=height - (band - organisation.height) / 2, align="left"
    )
    address = fit_text(card.url, REGULAR, width=width * 0.42, largest=height * 0.05, smallest=4)
    size = min(height - band - 2 * padding - address.height, width * 0.42)
    qr_x = width - padding - size
    draw_qr(canvas, card.matrix, x=qr_x, y=padding + address.height, size=size)
    canvas.setFillColor(black)
    draw_text(canvas, address, x=qr_x + size / 2, top=padding + address.height)

    lines = [
        (card.name, BOLD, height * 0.1, black),
        (card.subtitle, REGULAR, height * 0.065, DARK_GREY),
        (card.invitation[0], BOLD, height * 0.075, brand.colour),
        (card.invitation[1], REGULAR, height * 0.06, DARK_GREY),
    ]
    top = height - band - padding
    blocks = fit_column(
        [line for line in lines if line[0]],
        width=qr_x - 2 * padding,
        height=top - padding,
        gap=padding * 0.4,
    )
    for block, colour in blocks:
        canvas.setFillColor(colour)
        top = draw_text(canvas, block, x=padding, top=top, align="left") - padding * 0.4


def fit_column(lines, *, width, height, gap) -> list[tuple[TextBlock, Color]]:
    """Texts (text, font, largest size, colour) stacked within the box: all shrink together
    until the stack is no taller than `height`."""
    scale = 1.0
    while True:
        blocks = [
            (
                fit_text(text, font, width=width, largest=size * scale, smallest=4, max_lines=3),
                colour,
            )
            for text, font, size, colour in lines
        ]
        total = sum(block.height for block, _colour in blocks) + gap * (len(blocks) - 1)
        if total <= height or scale < 0.3:
            return blocks
        scale *= 0.9


@dataclass(frozen=True)
class Sheet:
    """Cells of `cell` size on A4, `gap` apart, with cut marks in the gaps."""

    cell: tuple[float, float]
    columns: int
    rows: int
    gap: float = 6 * mm

    def origins(self):
        page_width, page_height = A4
        width, height = self.cell
        left = (page_width - self.columns * width - (self.columns - 1) * self.gap) / 2
        top = (page_height + self.rows * height + (self.rows - 1) * self.gap) / 2
        for row in range(self.rows):
            for column in range(self.columns):
                x = left + column * (width + self.gap)
                yield x, top - (row + 1) * height - row * self.gap


def draw_cut_marks(canvas: Canvas, *, x, y, width, height, length=2.5 * mm) -> None:
    """Short lines just outside each corner: the blade follows them without touching print."""
    canvas.setStrokeColor(grey)
    canvas.setLineWidth(0.3)
    offset = 1 * mm
    for corner_x, direction_x in ((x, -1), (x + width, 1)):
        for corner_y, direction_y in ((y, -1), (y + height, 1)):
            outward_x = corner_x + direction_x * offset
            outward_y = corner_y + direction_y * offset
            canvas.line(outward_x, corner_y, outward_x + direction_x * length, corner_y)
            canvas.line(corner_x, outward_y, corner_x, outward_y + direction_y * length)


@dataclass(frozen=True)
class Layout:
    draw: Callable
    page: tuple[float, float]
    sheet: Sheet | None = None


LAYOUTS = {
    PosterFormat.A4: Layout(draw_poster, A4),
    PosterFormat.A5: Layout(draw_poster, A5),
    PosterFormat.A6: Layout(draw_poster, A6),
    PosterFormat.DESK_CARD: Layout(draw_card, landscape(A6)),
    PosterFormat.STICKERS: Layout(draw_sticker, A4, Sheet((60 * mm, 66 * mm), 3, 4)),
    PosterFormat.BADGES: Layout(draw_card, A4, Sheet((86 * mm, 54 * mm), 2, 4)),
}


def per_page(poster_format: str) -> int:
    sheet = LAYOUTS[PosterFormat(poster_format)].sheet
    return sheet.columns * sheet.rows if sheet else 1


def posters_pdf(
    touchpoints: Iterable[Touchpoint | Campaign],
    *,
    organization: Organization,
    poster_format: str,
    on_progress: Callable[[int], None] | None = None,
) -> bytes:
    """One PDF with a page per touchpoint or campaign, or a cell each on sheets, in order;
    `on_progress(done)` is called after each one."""
    register_fonts()
    layout = LAYOUTS[PosterFormat(poster_format)]
    brand = branding_for(organization)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page, pageCompression=1)
    canvas.setTitle(f"{brand.name}: QR")
    canvas.setCreator("CivicPulse")
    cells = list(layout.sheet.origins()) if layout.sheet else [(0, 0)]
    width, height = layout.sheet.cell if layout.sheet else layout.page
    done = 0
    for done, touchpoint in enumerate(touchpoints, start=1):
        x, y = cells[(done - 1) % len(cells)]
        if done > 1 and (done - 1) % len(cells) == 0:
            canvas.showPage()
        canvas.saveState()
        canvas.translate(x, y)
        layout.draw(canvas, Card.of(touchpoint), brand, width=width, height=height)
        canvas.restoreState()
        if layout.sheet:
            draw_cut_marks(canvas, x=x, y=y, width=width, height=height)
        if on_progress:
            on_progress(done)
    if done:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
