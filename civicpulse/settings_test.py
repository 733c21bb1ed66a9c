"""Fast settings for the test suite: cheap hashing, media in a temp folder, tasks run on demand."""

import tempfile
from pathlib import Path

from civicpulse.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="civicpulse-media-")
if COUNTERS_FILE is not None:  # noqa: F405 (a file of each test process's own)
    COUNTERS_FILE = Path(tempfile.mkdtemp(prefix="civicpulse-counters-")) / "counters.zone"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:  # noqa: F405
    # In memory, as for Django's own SQLite backend (pytest-django only knows that one's name).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")  # noqa: F405
