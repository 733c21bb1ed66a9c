"""Words for full-text search in Bulgarian and English, the same on SQLite and PostgreSQL.

Neither SQLite's FTS5 nor PostgreSQL ships a Bulgarian stemmer, so stemming happens here:
a document is indexed as its lower-cased words followed by their stems (BulStem for Cyrillic
words, Snowball for Latin ones), and a query term is its stem matched as a prefix. So
"дупка" finds "дупки" and "дупките", and "lights" finds "light".
"""

import re
from functools import lru_cache
from importlib import resources

import snowballstemmer
from bulstem.stem import BulStemmer

# Letters and digits, Cyrillic included; a registry number's parts are kept as words too.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яёѝ]")
MIN_STEM = 3  # a shorter stem as a prefix would match too much
MAX_QUERY_TERMS = 12


@lru_cache(maxsize=1)
def _bulgarian() -> BulStemmer:
    rules = resources.files("bulstem") / "stemrules" / "stem_rules_context_2_utf8.txt"
    return BulStemmer.from_file(str(rules), min_freq=2, left_context=2)


@lru_cache(maxsize=1)
def _english():
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=20_000)
def word_stem(word: str) -> str:
    """The stem of one lower-cased word; the word itself when stemming would cut too much."""
    if word.isdigit():
        return word
    stem = _bulgarian().stem(word) if _CYRILLIC.search(word) else _english().stemWord(word)
    return stem if len(stem) >= MIN_STEM else word


def text_words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


def search_document(*texts: str) -> str:
    """What to index for these texts: each distinct word, then each distinct stem."""
    words = dict.fromkeys(word for text in texts for word in text_words(text))
    stems = dict.fromkeys(word_stem(word) for word in words)
    return " ".join([*words, *(stem for stem in stems if stem not in words)])


def search_terms(query: str) -> list[str]:
    """A query's terms, each a stem to match as a prefix; all must match (AND)."""
    return list(dict.fromkeys(word_stem(word) for word in text_words(query)))[:MAX_QUERY_TERMS]
