"""The load generator: client processes posting submissions as a phone's browser does.

Standard library and uuid6 only, so a spawned client starts fast and never sets Django up. Each
client is one connection (http.client reconnects by itself when a sync worker closes it)
posting one form after another, as fast as the server answers, until the round ends.
"""

import http.client
import random
import time
from dataclasses import dataclass, field

from uuid6 import uuid7

USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)
COMMENTS = ("", "", "Много добре поддържано.", "Пейките са счупени.", "Thank you!")
# The option keys of the bench's questionnaire (bench/fixtures.py builds it from these).
PROBLEMS = ("dirty", "broken", "other")
HIGHLIGHTS = ("clean", "staff", "quiet")


@dataclass
class ClientTask:
    """What one client does in one round; plain data, pickled to the client process."""

    host: str
    port: int
    site_url: str
    kind: str  # "product" or "baseline"
    path: str  # the baseline's path; the product posts to each touchpoint's /q/<code>
    thanks: str  # the baseline's thank-you path
    targets: list[tuple[str, str]]  # (touchpoint code, signed form token)
    start_at: float  # wall-clock time, so every client of the round starts together
    stop_at: float
    address_block: int  # unique per task: the client addresses it uses are its own
    seed: int
    max_requests: int = 0  # 0: until stop_at


@dataclass
class ClientResult:
    sent: int = 0
    ok: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    first_error: str = ""
    started: float = 0.0
    finished: float = 0.0
    latencies: list[float] = field(default_factory=list)


def multipart(fields: list[tuple[str, str]], boundary: str) -> bytes:
    """A multipart/form-data body as a browser sends the questionnaire (enctype multipart,
    for the photo), with the empty file input a browser includes when no photo is chosen."""
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(
        f"--{boundary}\r\nContent-Disposition: form-data; "
        'name="photo"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n'
    )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode()


def product_fields(token: str, rng: random.Random) -> list[tuple[str, str]]:
    """The questionnaire's fields in page order: the score, the follow-up its band shows
    (problems for 0-6, the best thing for 9-10), a comment, and the hidden inputs."""
    score = rng.randrange(11)
    fields = [
        ("form_token", token),
        ("client_token", str(uuid7())),  # as the page renders it
        ("q-overall", str(score)),
    ]
    if score <= 6:
        fields += [("q-problem", key) for key in rng.sample(PROBLEMS, 2)]
    elif score >= 9:
        fields.append(("q-liked", rng.choice(HIGHLIGHTS)))
    # The coordinates' hidden fields stay disabled, so unsent, unless a position was shared.
    fields.append(("q-comment", rng.choice(COMMENTS)))
    fields.append(("website", ""))  # the honeypot, empty as a person leaves it
    return fields


def baseline_fields(rng: random.Random) -> list[tuple[str, str]]:
    return [("score", str(rng.randrange(11))), ("comment", rng.choice(COMMENTS))]


def client_address(block: int, n: int) -> str:
    # One address per request: every submission is another citizen, as in a real day.
    number = (block << 16) | (n & 0xFFFF)
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def run_client(task: ClientTask) -> ClientResult:
    rng = random.Random(task.seed)  # noqa: S311 (made-up answers, repeatable)
    result = ClientResult()
    connection = http.client.HTTPConnection(task.host, task.port, timeout=60)
    delay = task.start_at - time.time()
    if delay > 0:
        time.sleep(delay)
    result.started = time.time()
    position = rng.randrange(len(task.targets)) if task.targets else 0
    while True:
        now = time.time()
        if now >= task.stop_at or (task.max_requests and result.sent >= task.max_requests):
            break
        boundary = f"----civicpulsebench{rng.getrandbits(64):016x}"
        if task.kind == "product":
            code, token = task.targets[position % len(task.targets)]
            position += 1
            path, expected = f"/q/{code}", f"/q/{code}/thanks"
            body = multipart(product_fields(token, rng), boundary)
        else:
            path, expected = task.path, task.thanks
            body = multipart(baseline_fields(rng), boundary)
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Origin": task.site_url,
            "Referer": f"{task.site_url}{path}",
            "Sec-Fetch-Site": "same-origin",
            "User-Agent": USER_AGENT,
            "Accept-Language": "bg-BG,bg;q=0.9,en;q=0.8",
            "Accept-Encoding": "gzip, br",
            # The proxy in front appends the address it saw (FORWARDED_PROXIES=1).
            "X-Forwarded-For": client_address(task.address_block, result.sent),
        }
        result.sent += 1
        sent_at = time.time()
        try:
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            content = response.read()
            status = str(response.status)
            good = response.status == 303 and response.getheader("Location") == expected
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            status, content, good = type(error).__name__, str(error).encode(), False
        result.latencies.append(time.time() - sent_at)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if good:
            result.ok += 1
        elif not result.first_error:
            result.first_error = f"{status} {path}: {content[:300]!r}"
    connection.close()
    result.finished = time.time()
    return result
