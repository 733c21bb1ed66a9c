"""The first view of the form as a phone fetches it: the page and every file it references,
each asked for compressed, counted in bytes as they arrive (bodies; headers apart)."""

import gzip
import http.client
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

BUDGET = 30 * 1024
ASSET_LINKS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "manifest"}
LINK_ATTRIBUTES = {"href", "src", "srcset", "action", "poster", "data", "formaction"}
CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
HEADERS = {
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Encoding": "gzip, br",
    "Accept-Language": "bg-BG,bg;q=0.9,en;q=0.8",
    "User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) Mobile Safari/537.36",
}


class References(HTMLParser):
    """The URLs a page makes the browser fetch, and every URL it mentions at all."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []
        self.mentioned: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value:
                urls = (
                    [part.split()[0] for part in value.split(",")] if name == "srcset" else [value]
                )
                self.mentioned.extend(urls)
        if attributes.get("style"):
            self.inline_css.append(attributes["style"])
        if tag == "style":
            self._in_style = True
        if tag == "link":
            rels = set((attributes.get("rel") or "").lower().split())
            if rels & ASSET_LINKS and attributes.get("href"):
                self.assets.append(attributes["href"])
        elif tag in ("script", "img", "source", "audio", "video", "embed", "iframe"):
            if attributes.get("src"):
                self.assets.append(attributes["src"])
        elif tag == "input" and attributes.get("type") == "image" and attributes.get("src"):
            self.assets.append(attributes["src"])

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


@dataclass
class Fetched:
    url: str
    status: int
    bytes: int  # the body as it arrived, compressed or not
    raw_bytes: int  # after decompression
    header_bytes: int
    encoding: str  # Content-Encoding, "" when sent as is
    content_type: str
    cache_control: str
    gzip_bytes: int  # what gzip -6 would make of it, to show what compression would save


def _fetch(host: str, port: int, url: str) -> tuple[Fetched, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", url, headers=HEADERS)
        response = connection.getresponse()
        body = response.read()
        encoding = (response.getheader("Content-Encoding") or "").lower()
        header_bytes = len(f"HTTP/1.1 {response.status} {response.reason}\r\n\r\n") + sum(
            len(name) + len(value) + 4 for name, value in response.getheaders()
        )
    finally:
        connection.close()
    if encoding == "gzip":
        raw = gzip.decompress(body)
    elif not encoding:
        raw = body
    else:
        raw = b""  # br: no decoder installed here; its references cannot be read
    fetched = Fetched(
        url=url,
        status=response.status,
        bytes=len(body),
        raw_bytes=len(raw),
        header_bytes=header_bytes,
        encoding=encoding,
        content_type=response.getheader("Content-Type") or "",
        cache_control=response.getheader("Cache-Control") or "",
        gzip_bytes=len(gzip.compress(raw, compresslevel=6)),
    )
    return fetched, raw


def _is_foreign(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("", "http", "https") and not parts.netloc:
        return False  # relative or path-only: same origin
    if parts.scheme not in ("http", "https", ""):
        return parts.scheme not in ("data", "mailto", "tel", "javascript")
    return f"{parts.scheme or 'http'}://{parts.netloc}" != origin


def _css_references(css: str) -> list[str]:
    found = (match.group(1) or match.group(2) for match in CSS_REFERENCE.finditer(css))
    return [url for url in found if not url.startswith("data:")]


def first_view(host: str, port: int, path: str, site_url: str) -> dict:
    """The page at `path`, then each same-origin asset it (and its stylesheets) references."""
    origin = site_url.rstrip("/")
    page, html = _fetch(host, port, path)
    if page.status != 200:
        raise RuntimeError(f"GET {path} answered {page.status}")
    parser = References()
    parser.feed(html.decode())
    queue = [urljoin(path, url) for url in parser.assets]
    for css in parser.inline_css:
        queue += [urljoin(path, url) for url in _css_references(css)]
    foreign = [url for url in parser.mentioned if _is_foreign(url, origin)]
    files, seen = [page], {path}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if _is_foreign(url, origin):
            foreign.append(url)
            continue
        parts = urlsplit(url)
        fetched, raw = _fetch(host, port, parts.path + (f"?{parts.query}" if parts.query else ""))
        files.append(fetched)
        if fetched.content_type.startswith("text/css"):
            queue += [urljoin(url, ref) for ref in _css_references(raw.decode(errors="replace"))]
    total = sum(f.bytes for f in files)
    return {
        "path": path,
        "files": [asdict(f) for f in files],
        "total_bytes": total,
        "header_bytes": sum(f.header_bytes for f in files),
        "budget_bytes": BUDGET,
        "within_budget": total <= BUDGET,
        "html_compressed": bool(page.encoding),
        "assets_compressed": all(f.encoding for f in files[1:]) if files[1:] else None,
        "foreign_references": sorted(set(foreign)),
        "errors": [f"{f.url}: {f.status}" for f in files if f.status != 200],
    }
