"""Bulgarian is the default language: every message must be translated, with its placeholders."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "civicpulse" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_both_languages_have_catalogues():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"bg", "en"} <= languages


@pytest.mark.parametrize("path", [p for p in CATALOGUES if "/bg/" in str(p)], ids=str)
def test_every_bulgarian_message_is_translated(path):
    catalogue = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path.name}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path.name}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=str)
def test_translations_keep_their_placeholders(path):
    for entry in polib.pofile(str(path)).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            for translation in entry.msgstr_plural.values():
                assert set(PLACEHOLDER.findall(translation)) <= set(
                    PLACEHOLDER.findall(entry.msgid_plural) + expected
                ), entry.msgid
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == expected, entry.msgid
