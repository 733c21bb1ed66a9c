"""The first view of the questionnaire fits a slow phone connection: under 30 KB, gzipped."""

import gzip
import re

from django.conf import settings
from django.contrib.staticfiles import finders

from civicpulse.feedback.defaults import default_definitions
from tests.factories import TouchpointFactory, make_questionnaire

BUDGET = 30 * 1024
ASSET = re.compile(r'(?:href|src)="(/[^"]+)"')


def first_view(page: str) -> dict[str, bytes]:
    """The page and every file it makes the browser fetch (stylesheet, script, icon)."""
    files = {"page": page.encode()}
    for url in ASSET.findall(page):
        if url.startswith(settings.STATIC_URL):
            path = finders.find(url.removeprefix(settings.STATIC_URL))
            with open(path, "rb") as asset:
                files[url] = asset.read()
    return files


def test_the_form_is_under_thirty_kilobytes_compressed(client, touchpoint):
    page = client.get(f"/q/{touchpoint.code}").content.decode()
    files = first_view(page)
    assert {"/static/public/form.css", "/static/public/form.js"} <= set(files)
    compressed = sum(len(gzip.compress(content, compresslevel=6)) for content in files.values())
    print(f"first view: {compressed} bytes gzipped, {sum(map(len, files.values()))} raw")
    assert compressed < BUDGET


def test_nothing_is_fetched_from_another_host(client, touchpoint):
    page = client.get(f"/q/{touchpoint.code}").content.decode()
    assert not re.search(r'(?:href|src|action)="(?:https?:)?//', page)
    assert "@import" not in files_text(page) and "url(" not in files_text(page)


def files_text(page: str) -> str:
    return "".join(c.decode() for url, c in first_view(page).items() if url != "page")


def test_the_largest_standard_questionnaire_fits_too(client, organization):
    largest = max((d for _spec, _emp, d in default_definitions()), key=lambda d: len(str(d)))
    touchpoint = TouchpointFactory(organization=organization)
    make_questionnaire(organization=organization, category=touchpoint.category, definition=largest)
    files = first_view(client.get(f"/q/{touchpoint.code}").content.decode())
    compressed = sum(len(gzip.compress(content)) for content in files.values())
    print(f"largest standard questionnaire: {compressed} bytes gzipped")
    assert compressed < BUDGET
