"""The GeoReport v2 specification's documents, field by field, and a checker for them.

Presence: "required" fields appear and are not empty; "present" fields appear but may be
empty (the specification's examples show empty elements); "optional" fields ("may not be
returned") may be left out. Values are checked by type: in JSON as JSON types, in XML as
the text the type is written as. The XML is read back by the Spark convention, the same
mapping the specification uses for JSON, so one description serves both formats.
"""

import json
import re
from dataclasses import dataclass
from xml.etree import ElementTree

W3C_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
MIME = {"text/xml", "application/json"}


@dataclass(frozen=True)
class Field:
    type: str  # string, boolean, number, integer, datetime, url, enum, list
    presence: str = "required"  # required, present, optional
    choices: frozenset = frozenset()
    items: "dict | Field | None" = None  # a list's items: an object's fields, or a scalar
    most: int | None = None  # characters


def enum(*choices, presence="required") -> Field:
    return Field("enum", presence, frozenset(choices))


def many(items, presence="required") -> Field:
    return Field("list", presence, items=items)


ERROR = {"code": Field("integer"), "description": Field("string")}

SERVICE = {
    "service_code": Field("string"),
    "service_name": Field("string"),
    "description": Field("string", "present"),
    "metadata": Field("boolean"),
    "type": enum("realtime", "batch", "blackbox"),
    "keywords": Field("string", "present"),
    "group": Field("string", "present"),
}

ATTRIBUTE = {
    "variable": Field("boolean"),
    "code": Field("string"),
    "datatype": enum("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"),
    "required": Field("boolean"),
    "datatype_description": Field("string", "present"),
    "order": Field("integer"),
    "description": Field("string"),
    "values": many({"key": Field("string"), "name": Field("string")}, "present"),
}

SERVICE_DEFINITION = {"service_code": Field("string"), "attributes": many(ATTRIBUTE, "present")}

REQUEST = {
    "service_request_id": Field("string"),
    "status": enum("open", "closed"),
    "status_notes": Field("string", "optional"),
    "service_name": Field("string"),
    "service_code": Field("string", "present"),
    "description": Field("string", "present", most=5000),
    "agency_responsible": Field("string", "optional"),
    "service_notice": Field("string", "optional"),
    "requested_datetime": Field("datetime"),
    "updated_datetime": Field("datetime"),
    "expected_datetime": Field("datetime", "optional"),
    "address": Field("string", "present"),
    "address_id": Field("string", "present"),
    "zipcode": Field("string", "present"),
    "lat": Field("number", "present"),
    "long": Field("number", "present"),
    "media_url": Field("url", "present"),
}

# POST requests answers with one of the two, never both (checked in check_posted).
POSTED = {
    "service_request_id": Field("string", "optional"),
    "token": Field("string", "optional"),
    "service_notice": Field("string", "optional"),
    "account_id": Field("string", "optional"),
}

TOKEN = {"service_request_id": Field("string", "present"), "token": Field("string")}

DISCOVERY = {
    "changeset": Field("string"),
    "contact": Field("string"),
    "key_service": Field("string"),
    "endpoints": many(
        {
            "specification": Field("url"),
            "url": Field("url"),
            "changeset": Field("string"),
            "type": enum("production", "test"),
            "formats": many(enum(*MIME)),
        }
    ),
}

# Elements that are lists, and the name of their items (the Spark convention's arrays).
LISTS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


def xml_read(body: bytes):
    """The XML document as the Spark convention maps it; fails on malformed XML."""
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>'), body[:60]
    root = ElementTree.fromstring(body)  # noqa: S314 - our own server's output, in a test

    def value(element):
        if element.tag in LISTS:
            assert all(child.tag == LISTS[element.tag] for child in element), element.tag
            return [value(child) for child in element]
        if len(element):
            names = [child.tag for child in element]
            assert len(names) == len(set(names)), f"repeated elements in {element.tag}"
            return {child.tag: value(child) for child in element}
        return element.text

    return root.tag, value(root)


def document(response) -> tuple[str, object]:
    """(format, the document read back) of an Open311 response, its content type checked."""
    content_type = response["Content-Type"]
    if content_type == "application/json; charset=utf-8":
        return "json", json.loads(response.content.decode("utf-8"))
    assert content_type == "text/xml; charset=utf-8", content_type
    _root, value = xml_read(response.content)
    return "xml", value


def _is_empty(value) -> bool:
    return value is None or value == "" or value == []


def _scalar_problems(where: str, spec: Field, value, format: str) -> list[str]:
    xml = format == "xml"
    if spec.type in ("string", "url", "datetime", "enum"):
        if not isinstance(value, str):
            return [f"{where}: {value!r} is not a string"]
        if spec.most is not None and len(value) > spec.most:
            return [f"{where}: longer than {spec.most}"]
        if spec.type == "datetime" and not W3C_DATETIME.fullmatch(value):
            return [f"{where}: {value!r} is not a W3C datetime with a time zone"]
        if spec.type == "url" and not re.match(r"https?://[^\s]+$", value):
            return [f"{where}: {value!r} is not a URL"]
        if spec.type == "enum" and value not in spec.choices:
            return [f"{where}: {value!r} is not one of {sorted(spec.choices)}"]
        return []
    if spec.type == "boolean":
        ok = value in ("true", "false") if xml else isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r} is not a boolean"]
    if spec.type in ("number", "integer"):
        if xml:
            pattern = r"-?\d+" if spec.type == "integer" else r"-?\d+(\.\d+)?([eE][-+]?\d+)?"
            ok = isinstance(value, str) and re.fullmatch(pattern, value)
        else:
            kinds = (int,) if spec.type == "integer" else (int, float)
            ok = isinstance(value, kinds) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r} is not a {spec.type}"]
    raise AssertionError(spec.type)


def problems(value, schema: dict, format: str, where: str = "") -> list[str]:
    """What in `value` (an object) does not match `schema`; [] when it all does."""
    if not isinstance(value, dict):
        return [f"{where or 'document'}: not an object: {value!r}"]
    found = [f"{where}{name}: not in the specification" for name in value if name not in schema]
    for name, spec in schema.items():
        here = f"{where}{name}"
        if name not in value:
            if spec.presence != "optional":
                found.append(f"{here}: missing")
            continue
        item = value[name]
        if _is_empty(item):
            if spec.presence == "required":
                found.append(f"{here}: empty")
            continue
        if spec.type == "list":
            if not isinstance(item, list):
                found.append(f"{here}: not a list")
                continue
            for n, entry in enumerate(item):
                if isinstance(spec.items, dict):
                    found += problems(entry, spec.items, format, f"{here}[{n}].")
                else:
                    found += _scalar_problems(f"{here}[{n}]", spec.items, entry, format)
        else:
            found += _scalar_problems(here, spec, item, format)
    return found


def list_problems(value, item_schema: dict, format: str) -> list[str]:
    if not isinstance(value, list):
        return [f"document: not a list: {value!r}"]
    found = []
    for n, entry in enumerate(value):
        found += problems(entry, item_schema, format, f"[{n}].")
    return found


def check_posted(value, format: str) -> list[str]:
    found = list_problems(value, POSTED, format)
    for entry in value:
        has_id = not _is_empty(entry.get("service_request_id"))
        has_token = not _is_empty(entry.get("token"))
        if has_id == has_token:
            found.append(f"exactly one of service_request_id and token: {entry}")
    return found
