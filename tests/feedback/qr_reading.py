"""Reading printed codes back as a phone would: decode PNGs and rasterised PDF pages."""

import io
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def decode_png(png: bytes) -> list[str]:
    return decode(Image.open(io.BytesIO(png)))


def pdf_pages(pdf: bytes) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(pdf)


def decode_page(pdf: bytes, number: int = 0, *, scale: float = 2) -> list[str]:
    return decode(pdf_pages(pdf)[number].render(scale=scale).to_pil())


def page_text(pdf: bytes, number: int = 0) -> str:
    """The page's text with line breaks and runs of spaces as single spaces."""
    return " ".join(pdf_pages(pdf)[number].get_textpage().get_text_range().split())


def code_of(url: str, *, host: str) -> str:
    """The touchpoint code a scanned URL leads to; scheme and host compare case-insensitively,
    the path exactly as encoded (/Q/<CODE>)."""
    parts = urlsplit(url)
    assert (parts.scheme.lower(), parts.netloc.lower()) == ("https", host)
    assert parts.path.startswith("/Q/")
    return parts.path.removeprefix("/Q/")
