"""A production-like installation in a temporary folder, and gunicorn serving it.

Everything is configured the way production is, through the environment: a fresh SQLite
file (WAL), DEBUG off, a secret key, SITE_URL, FORWARDED_PROXIES=1 (the citizen's address
comes from the proxy's X-Forwarded-For) and static files collected as the README's deploy
steps say. Only DJANGO_SETTINGS_MODULE differs: bench.settings adds the baseline's URL.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
HOST = "127.0.0.1"
# Left to their production defaults whatever the caller's shell has set.
DEFAULTED = (
    "WEB_CONCURRENCY",
    "WEB_TIMEOUT",
    "MAX_REQUESTS",
    "ACCESS_LOG",
    "GUNICORN_CMD_ARGS",
    "PORT",
    "LOG_LEVEL",
    "CONN_MAX_AGE",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "TASKS_BACKEND",
    "EMAIL_URL",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Installation:
    folder: Path
    port: int
    environ: dict[str, str]

    @property
    def site_url(self) -> str:
        return self.environ["SITE_URL"]


def installation_environ(folder: Path, *, workers: int | None) -> Installation:
    """The environment of production, pointed at `folder`; also applied to this process,
    which creates the data and builds the posters with the same settings."""
    port = free_port()
    values = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CIVICPULSE_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}:{port}",
        "FORWARDED_PROXIES": "1",
        "BIND": f"{HOST}:{port}",
        "PYTHONPATH": str(ROOT),
    }
    if workers:
        values["WEB_CONCURRENCY"] = str(workers)
    for name in DEFAULTED:
        if name not in values:
            os.environ.pop(name, None)  # the defaults of deploy/gunicorn.conf.py apply
    os.environ.update(values)
    return Installation(folder=folder, port=port, environ=dict(os.environ))


def deploy_steps_start(installation: Installation) -> dict[str, subprocess.Popen]:
    """The README's deploy steps, as separate commands, started side by side (they touch
    different files); `deploy_steps_wait` waits for them."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    commands = {
        "migrate": [*manage, "migrate", "--no-input", "-v", "0"],
        "collectstatic": [*manage, "collectstatic", "--no-input", "-v", "0"],
    }
    return {
        name: subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            command,
            cwd=ROOT,
            env=installation.environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for name, command in commands.items()
    }


def deploy_steps_wait(running: dict[str, subprocess.Popen]) -> None:
    for name, process in running.items():
        output, _unused = process.communicate()
        if process.returncode:
            raise RuntimeError(f"manage.py {name} failed:\n{output.decode(errors='replace')}")


class Server:
    """gunicorn with deploy/gunicorn.conf.py, in its own process group."""

    def __init__(self, installation: Installation):
        self.installation = installation
        self.log_path = installation.folder / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self, ready_path: str, timeout: float = 60) -> None:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
                [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF)],
                cwd=ROOT,
                env=self.installation.environ,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            if self._answers(ready_path):
                self._workers_settle(deadline)
                return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log_tail()}")

    def _workers_settle(self, deadline: float) -> None:
        # The master forks its workers one after another, with short pauses: the first may
        # answer before the last is up. Measuring starts once their number holds for 1 s.
        seen, since = self.workers, time.time()
        while time.time() < min(deadline, since + 1.0):
            time.sleep(0.1)
            if self.workers != seen:
                seen, since = self.workers, time.time()

    def _answers(self, path: str) -> bool:
        connection = http.client.HTTPConnection(HOST, self.installation.port, timeout=5)
        try:
            connection.request("GET", path)
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # our own group only
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    @property
    def workers(self) -> int:
        """How many workers the configuration started (children of the master)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return len(children.read_text().split())
        except OSError:
            return 0
