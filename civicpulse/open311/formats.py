"""Open311's two formats: XML, which the specification requires, and JSON, mapped from the
XML by the Spark convention (a list element becomes an array of its items, the document's
root is left out, an empty element is null).

A document is built once as plain values: dicts for elements with children, `Many` for
lists, and str, int, float, bool or None for text.
"""

import json
import re
from dataclasses import dataclass
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils.functional import Promise

XML, JSON = "xml", "json"
CONTENT_TYPES = {XML: "text/xml; charset=utf-8", JSON: "application/json; charset=utf-8"}
MIME_TYPES = ["text/xml", "application/json"]  # as the discovery document names them
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'

# XML 1.0 allows no other control characters, nor U+FFFE, U+FFFF or lone surrogates: a
# description carrying one would make the whole document unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Many:
    """A list: in XML one `item` element per value, in JSON an array."""

    item: str
    values: list


def _xml_text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _xml_fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _xml_fill(ElementTree.SubElement(element, name), child)
    elif isinstance(value, Many):
        for child in value.values:
            _xml_fill(ElementTree.SubElement(element, value.item), child)
    else:
        element.text = _xml_text(value)  # ElementTree escapes &, < and >


def xml_document(root: str, value) -> bytes:
    element = ElementTree.Element(root)
    _xml_fill(element, value)
    return XML_DECLARATION + ElementTree.tostring(element, encoding="unicode").encode()


def _json_value(value):
    if isinstance(value, dict):
        return {name: _json_value(child) for name, child in value.items()}
    if isinstance(value, Many):
        return [_json_value(child) for child in value.values]
    if isinstance(value, Promise):
        value = str(value)
    return None if value == "" else value


def json_document(value) -> bytes:
    return json.dumps(_json_value(value), ensure_ascii=False, allow_nan=False).encode()


def document_response(format: str, root: str, value, *, status: int = 200) -> HttpResponse:
    """The document as `format` asks, with the specification's content type."""
    body = json_document(value) if format == JSON else xml_document(root, value)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[format])


def errors_response(format: str, status: int, descriptions: list[str]) -> HttpResponse:
    errors = Many("error", [{"code": status, "description": text} for text in descriptions])
    return document_response(format, "errors", errors, status=status)
