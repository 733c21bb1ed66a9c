"""SQLite's LIKE folds only ASCII letters, so `icontains="парк"` would miss "Парк".

Each new SQLite connection gets a LIKE that folds case in every script, so Django's
case-insensitive lookups mean the same on SQLite as on PostgreSQL.
"""

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def _like_pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, chars = [], iter(pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern, value, escape=None):
    """SQL `value LIKE pattern [ESCAPE escape]`; SQLite calls it as like(pattern, value, escape)."""
    if pattern is None or value is None:
        return None
    return _like_pattern(pattern, escape).fullmatch(str(value)) is not None


def install_unicode_like(sender, connection, **kwargs):
    """connection_created receiver."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function("like", 2, unicode_like, deterministic=True)
    connection.connection.create_function("like", 3, unicode_like, deterministic=True)
