"""gunicorn in production: `.venv/bin/gunicorn -c deploy/gunicorn.conf.py`.

Sync workers behind a TLS-terminating reverse proxy (which buffers slow clients and
uploads, so a sync worker is never held by a phone on a weak connection). Every value has
a default for one machine; the environment overrides it:

    BIND              address to listen on; default 127.0.0.1:8000, or 0.0.0.0:$PORT when
                      only PORT is set (containers, platforms that assign the port)
    WEB_CONCURRENCY   worker processes; default 2 × CPUs + 1
    WEB_TIMEOUT       seconds a request may take before its worker is replaced; default 30
    MAX_REQUESTS      requests a worker serves before it is replaced; default 10000
    ACCESS_LOG        "-" for standard output, or a file; default off (the proxy logs them)
    LOG_LEVEL         as for Django; default INFO
    CONTROL_SOCKET    a path for gunicornc's control socket; default none

The application's own settings come from the environment too (README, Configuration):
SECRET_KEY, ALLOWED_HOSTS, SITE_URL, DATABASE_URL, FORWARDED_PROXIES and so on. Anything
else gunicorn knows can be given in GUNICORN_CMD_ARGS.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

wsgi_app = "civicpulse.wsgi:application"
chdir = str(ROOT)  # so the app imports whatever directory the service starts in
proc_name = "civicpulse"

_port = os.environ.get("PORT")
bind = [os.environ.get("BIND") or (f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000")]

# Sync workers spend part of each request waiting on the database, so a few more
# processes than cores keep the CPUs busy (gunicorn's own rule of thumb).
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "sync"

# The application is imported once in the master and forked: workers start in
# milliseconds and share its memory. Django opens no database connection at import, so
# nothing is shared that must not be. A code change needs a restart, not a HUP.
preload_app = True

timeout = int(os.environ.get("WEB_TIMEOUT") or 30)  # above SQLite's 20 s busy timeout
graceful_timeout = 30
# Replacing workers now and then bounds any slow leak (a library cache, fragmentation);
# the jitter keeps them from all restarting at once.
max_requests = int(os.environ.get("MAX_REQUESTS") or 10000)
max_requests_jitter = max_requests // 10

accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# gunicornc's control socket would default to one path per user ($HOME/.gunicorn), which a
# second instance on the machine (staging, the bench) takes over: only where one is asked for.
if os.environ.get("CONTROL_SOCKET"):
    control_socket = os.environ["CONTROL_SOCKET"]
else:
    control_socket_disable = True

# The workers' heartbeat files in memory: a container's disk-backed /tmp can stall them.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 (gunicorn's advice; only heartbeat files go there)
if Path(SHARED_MEMORY).is_dir():
    worker_tmp_dir = SHARED_MEMORY
