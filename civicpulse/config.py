"""Turning environment values into Django settings; kept apart so it can be tested."""

import secrets
from pathlib import Path

import environ

# Django's SQLite backend with writers queued on a kernel lock (see its module).
SQLITE_ENGINE = "civicpulse.core.sqlite_backend"
SQLITE_INIT = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA cache_size=-65536;"
)


def database_from_url(url: str, *, conn_max_age: int = 0) -> dict:
    """A DATABASES entry from a URL; SQLite gets WAL, a busy timeout and synchronous=NORMAL.
    Connections are reused for `conn_max_age` seconds."""
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["ENGINE"] = SQLITE_ENGINE
        config["OPTIONS"] = {
            "init_command": SQLITE_INIT,
            "timeout": 20,
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait for
            # the busy timeout instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            **config.get("OPTIONS", {}),
        }
    # Kept open between requests: opening an SQLite file reads its whole schema, which
    # takes longer than storing a response.
    config["CONN_MAX_AGE"] = conn_max_age
    config["CONN_HEALTH_CHECKS"] = True
    return config


def load_or_create_secret_key(path: Path) -> str:
    """The secret key kept in var/, made once on first start, readable only by its owner."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


def mailer_from_url(url: str) -> dict:
    """A MAILERS entry from EMAIL_URL: smtp://user:pass@host:587?tls=1, consolemail://, …"""
    config = environ.Env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": config.get("EMAIL_HOST") or "localhost",
            "port": config.get("EMAIL_PORT") or 25,
            "username": config.get("EMAIL_HOST_USER") or None,
            "password": config.get("EMAIL_HOST_PASSWORD") or None,
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
            "timeout": 20,
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": config["EMAIL_FILE_PATH"]}
    else:
        options = {}
    return {"BACKEND": backend, "OPTIONS": options}
