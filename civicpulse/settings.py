"""Settings for civicpulse.

Without configuration it runs: SQLite in var/, a generated secret key, tasks in the
database, e-mail to the console. Production behaviour comes only from the environment
(see the README's Configuration section).
"""

import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from civicpulse.config import (
    SQLITE_ENGINE,
    database_from_url,
    load_or_create_secret_key,
    mailer_from_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("CIVICPULSE_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or load_or_create_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public base URL printed on QR codes and in e-mails, e.g. https://feedback.example.bg
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where a case's coordinates link to, for the reader to open in a map of their choice; the
# pages load nothing from there. Empty: no link.
MAP_LINK_URL = env.str(
    "MAP_LINK_URL",
    default="https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}",
)
# Tiles under the dashboard's score map, e.g. https://tiles.example.org/{z}/{x}/{y}.png, from
# a tile server the operator runs or may use; the browser fetches them. Empty: no tiles, an
# outline of the areas drawn from the data. The attribution is printed on the map.
MAP_TILES_URL = env.str("MAP_TILES_URL", default="")
MAP_TILES_ATTRIBUTION = env.str("MAP_TILES_ATTRIBUTION", default="")
# How often an open dashboard asks for new responses (ms); the rollups fold every 2 s.
DASHBOARD_LIVE_EVERY_MS = env.int("DASHBOARD_LIVE_EVERY_MS", default=5000)
# Figures of past days each server process keeps (civicpulse.analytics.history); 0: none.
ANALYTICS_HISTORY_ENTRIES = env.int("ANALYTICS_HISTORY_ENTRIES", default=64)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_scopes",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "civicpulse.core",
    "civicpulse.feedback",
    "civicpulse.cases",
    "civicpulse.casefiles",
    "civicpulse.analytics",
    "civicpulse.demo",
    "civicpulse.public",
    "civicpulse.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed (a phone on a slow network); Django pads them against BREACH.
    # Static files were compressed ahead of time, and WhiteNoise answers before this.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "civicpulse.core.tenancy.OrganizationMiddleware",
]

ROOT_URLCONF = "civicpulse.urls"
WSGI_APPLICATION = "civicpulse.wsgi.application"
ASGI_APPLICATION = "civicpulse.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env.int("CONN_MAX_AGE", default=60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Rate-limit counters (civicpulse.feedback.counters): beside an SQLite database, a shared
# memory-mapped file; with PostgreSQL, in the database, shared by every server. COUNTERS_FILE=""
# keeps them in the database whatever it is.
_SQLITE_FILE = (
    Path(DATABASES["default"]["NAME"]) if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE else None
)
_COUNTERS_FILE = env.str(
    "COUNTERS_FILE",
    default=str(_SQLITE_FILE.with_name("counters.zone")) if _SQLITE_FILE else "",
)
COUNTERS_FILE = Path(_COUNTERS_FILE) if _COUNTERS_FILE else None

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", _("Bulgarian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "civicpulse" / "locale"]
TIME_ZONE = "Europe/Sofia"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"  # filled by collectstatic in production
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads (Django's defaults, stated): a photo streams to a temporary file above 2.5 MB, and
# photos over PHOTO_MAX_BYTES get a form error (the proxy in front should allow ~25 MB so a
# too-large photo is read and refused politely rather than the connection cut).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
PHOTO_MAX_BYTES = 10 * 1024 * 1024
# How many reverse proxies in front append to X-Forwarded-For; the public form's rate limits
# need each citizen's own address, not the proxy's.
FORWARDED_PROXIES = env.int("FORWARDED_PROXIES", default=0)
# Hashed, compressed names once collectstatic has written its manifest; plain names before
# that (make run, tests, a first start), so a page never fails for want of a manifest.
# collectstatic itself must use the manifest storage, or it would never write one.
STATIC_MANIFEST = (STATIC_ROOT / "staticfiles.json").exists() or sys.argv[1:2] == ["collectstatic"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST and not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (make run, tests) WhiteNoise serves straight from the apps' folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MAILERS = {"default": mailer_from_url(env.str("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="civicpulse <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool(
    "SECURE_COOKIES", default=not DEBUG and SITE_URL.startswith("https")
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The REST API (/api/v1/): JSON only, each request signed by an organisation's API client key
# (`Authorization: Api-Key <key>`), rate-limited per client, paginated.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["civicpulse.api.parsers.LimitedJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["civicpulse.core.api_auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["civicpulse.core.api_auth.IsApiClient"],
    "DEFAULT_THROTTLE_CLASSES": ["civicpulse.api.throttling.ApiClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_client": "600/minute"},
    "DEFAULT_PAGINATION_CLASS": "civicpulse.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "civicpulse.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "civicpulse API",
    "DESCRIPTION": (
        "An organisation's own data, for its document system and other tools. Every request "
        "carries `Authorization: Api-Key <key>`; a key sees only its own organisation."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
}

# Below this many responses an employee's results are not shown (seed: no citizen recognisable).
EMPLOYEE_MIN_RESPONSES_DEFAULT = 5
# The public transparency page: a month × category × settlement cell with fewer ratings is
# not published; the open data's licence.
FIGURES_MIN_RESPONSES_DEFAULT = 10
OPEN_DATA_LICENCE = env.str("OPEN_DATA_LICENCE", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
