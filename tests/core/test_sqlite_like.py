"""Case-insensitive lookups fold Cyrillic on SQLite as they do on PostgreSQL."""

import pytest

from civicpulse.core.sqlite import unicode_like
from civicpulse.feedback.models import Touchpoint
from tests.factories import TouchpointFactory


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("парк", True),
        ("ПАРК", True),
        ("Аязмото", True),
        ("50%", True),
        ("5_%", False),
        ("ю", False),
    ],
)
def test_icontains_folds_cyrillic(organization, in_scope, search, found):
    TouchpointFactory(organization=organization, name_bg="Парк „Аязмото“, вход 50%")
    assert Touchpoint.objects.filter(name_bg__icontains=search).exists() is found


def test_the_like_function_honours_wildcards_and_escapes():
    assert unicode_like("%ПАРК%", "Градски парк")
    assert unicode_like("_арк", "Парк")
    assert not unicode_like("a\\%", "ab", "\\")
    assert unicode_like("a\\%", "a%", "\\")
    assert unicode_like("a.c", "abc") is False  # regex characters are literal
    assert unicode_like(None, "x") is None
