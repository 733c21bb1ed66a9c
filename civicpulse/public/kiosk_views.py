"""The kiosk on a tablet: pairing at /k/, the rating screen at /k/screen/, and its JSON API.

The tablet is identified by its device token in an HttpOnly, SameSite=Strict cookie limited
to /k/. Without JavaScript every tap is a form post. With it, kiosk.js queues presses in the
browser and sends them to /k/api/presses; SameSite=Strict, the same-origin check and a JSON
content type (which a cross-site form cannot send) stand in for Django's CSRF cookie.
"""

import hashlib
import json
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_scopes import scope
from uuid6 import uuid7

from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import CONTENT_LANGUAGES, FALLBACK_LANGUAGE
from civicpulse.feedback.kiosks import (
    MAX_BATCH,
    KioskPairingThrottled,
    PressStatus,
    kiosk_for_token,
    kiosk_heartbeat,
    kiosk_pair,
    kiosk_presses_record,
    kiosk_screen,
)
from civicpulse.public.clients import request_fingerprint
from civicpulse.public.form_tokens import request_is_same_origin

DEVICE_COOKIE = "civicpulse_kiosk"
DEVICE_COOKIE_PATH = "/k/"
DEVICE_COOKIE_AGE = 400 * 86400  # browsers cap cookies at 400 days; each visit renews it
MAX_BODY = 64 * 1024
FOLLOW_UP_IDLE_SECONDS = 30  # a follow-up left unanswered goes back to the start
SERVICE_WORKER_VERSION = "1"


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _language(request) -> str:
    """Each citizen starts in the organisation's language; ?lang=en switches one visit only."""
    chosen = request.GET.get("lang") or request.POST.get("language")
    return chosen if chosen in CONTENT_LANGUAGES else FALLBACK_LANGUAGE


def _set_device_cookie(response: HttpResponse, token: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=DEVICE_COOKIE_AGE,
        path=DEVICE_COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _unpaired(request, language: str) -> HttpResponse:
    with override(language):
        page = render(request, "public/kiosk_unpaired.html", status=403)
    return _private(page)


def with_kiosk(view):
    """Finds the kiosk of the device cookie and runs the view in its organisation's scope:
    no cookie goes to pairing, a cookie that no longer works gets the polite unpaired page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.COOKIES.get(DEVICE_COOKIE)
        if not token:
            return redirect("public:kiosk_pair")
        kiosk = kiosk_for_token(token)
        language = _language(request)
        if kiosk is None:
            return _unpaired(request, language)
        with scope(organization=kiosk.organization), override(language):
            response = view(request, kiosk, *args, **kwargs)
        _set_device_cookie(response, token)  # renewed, so a tablet in use never loses it
        return _private(response)

    return wrapped


def _same_origin_required(request) -> HttpResponse | None:
    if request_is_same_origin(request):
        return None
    return _private(HttpResponse(_("This form can only be sent from this site."), status=403))


# ---------------------------------------------------------------------------- pairing


@csrf_exempt  # the same-origin check below; a CSRF cookie would not exist yet on a new tablet
@require_http_methods(["GET", "POST"])
def kiosk_pair_page(request):
    language = _language(request)
    paired = kiosk_for_token(request.COOKIES.get(DEVICE_COOKIE))
    if request.method == "GET" and paired is not None and "again" not in request.GET:
        return redirect("public:kiosk")
    error, status, code = "", 200, ""
    if request.method == "POST":
        refused = _same_origin_required(request)
        if refused:
            return refused
        code = request.POST.get("code", "")[:32]
        fingerprint = request_fingerprint(request)
        try:
            with override(language):
                _kiosk, token = kiosk_pair(code=code, client_key=fingerprint)
        except KioskPairingThrottled as throttled:
            error, status = throttled.message, 429
        except RuleViolation as refusal:
            error, status = refusal.message, 400
        else:
            response = redirect("public:kiosk")
            response.status_code = 303
            _set_device_cookie(response, token)
            return _private(response)
    context = {"error": error, "code": code, "paired": paired}
    with override(language):
        page = render(request, "public/kiosk_pair.html", context, status=status)
    return _private(page)


# ----------------------------------------------------------------------------- screen


def _config_key(kiosk, screen) -> str:
    """Changes whenever what the screen shows changes, so an open kiosk knows to reload."""
    parts = (
        kiosk.display,
        kiosk.reset_seconds,
        kiosk.repeat_window_seconds,
        kiosk.touchpoint_id,
        screen.version.pk if screen else None,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def _render_screen(request, kiosk, screen, *, step="rate", press=None, score=None, **extra):
    follow_up = extra.get("follow_up")
    context = {
        "kiosk": kiosk,
        "screen": screen,
        "step": step,
        "press_id": press or uuid7(),  # time-ordered, as kiosk.js makes them
        "score": score,
        "follow_up_pk": follow_up.pk if follow_up else None,
        "config_key": _config_key(kiosk, screen),
        "follow_up_idle": FOLLOW_UP_IDLE_SECONDS,
        "worker_scope": DEVICE_COOKIE_PATH,
        **extra,
    }
    return render(request, "public/kiosk.html", context, status=extra.get("status", 200))


def _not_ready(request, kiosk, message: str) -> HttpResponse:
    return render(
        request, "public/kiosk_not_ready.html", {"kiosk": kiosk, "message": message}, status=503
    )


@csrf_exempt  # same-origin check and SameSite=Strict device cookie, as for the JSON API
@require_http_methods(["GET", "POST"])
@with_kiosk
def kiosk_screen_page(request, kiosk):
    try:
        screen = kiosk_screen(kiosk=kiosk)
    except RuleViolation as refused:
        return _not_ready(request, kiosk, refused.message)
    if request.method == "GET":
        kiosk_heartbeat(kiosk=kiosk)
        return _render_screen(request, kiosk, screen)
    refused = _same_origin_required(request)
    if refused:
        return refused
    return _press_posted(request, kiosk, screen)


def _press_posted(request, kiosk, screen):
    """A tap without JavaScript: the score is stored at once, a follow-up answer added after."""
    try:
        press = uuid.UUID(request.POST.get("press", ""))
        score = int(request.POST.get("score", ""))
    except ValueError:
        return _render_screen(
            request, kiosk, screen, error=_("Please tap one of the answers."), status=400
        )
    follow_up = request.POST.get("follow_up", "")
    answering_follow_up = request.POST.get("step") == "follow_up"
    if answering_follow_up and not follow_up:
        return _thanks_redirect(_language(request))  # skipped: the score is stored already
    item = {
        "id": str(press),
        "pressed_at": int(time.time() * 1000),
        "score": score,
        "follow_up": follow_up if answering_follow_up else "",
        "language": _language(request),
    }
    [result] = kiosk_presses_record(kiosk=kiosk, presses=[item])
    if result.status == PressStatus.REFUSED:
        return _render_screen(request, kiosk, screen, error=result.reason, status=400)
    question = screen.follow_up_for(score)
    if answering_follow_up or result.status == PressStatus.IGNORED_REPEAT or question is None:
        return _thanks_redirect(_language(request))
    return _render_screen(
        request, kiosk, screen, step="follow_up", press=press, score=score, follow_up=question
    )


def _thanks_redirect(language: str):
    response = redirect(reverse("public:kiosk_thanks") + f"?lang={language}")
    response.status_code = 303  # a reload of the thank-you page never posts again
    return response


@require_GET
@with_kiosk
def kiosk_thanks(request, kiosk):
    """The thank-you page without JavaScript; a meta refresh brings back the start."""
    return render(request, "public/kiosk_thanks.html", {"kiosk": kiosk})


@require_GET
def kiosk_service_worker(request):
    """Served from /k/ so that its scope covers the kiosk; rendered so it names the static
    files by their hashed production names."""
    assets = [static("public/kiosk.css"), static("public/kiosk.js")]
    version = hashlib.sha256(repr((SERVICE_WORKER_VERSION, assets)).encode()).hexdigest()[:12]
    response = render(
        request,
        "public/kiosk_sw.js",
        {"version": version, "assets": assets, "languages": CONTENT_LANGUAGES},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


# -------------------------------------------------------------------------------- API


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


def kiosk_api(view):
    """POST only, same origin, JSON of at most MAX_BODY bytes, from a paired device; every
    refusal is a JSON error the device can read."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request):
        if request.method != "POST":
            return _error(405, "method_not_allowed", _("Use POST."))
        if not request_is_same_origin(request):
            return _error(403, "cross_origin", _("This can only be sent from this site."))
        content_type = request.content_type or ""
        if content_type != "application/json":
            return _error(415, "not_json", _("Send JSON."))
        try:
            declared = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY:
            return _error(413, "too_large", _("The request is too large."))
        try:
            body = request.body
        except RequestDataTooBig:
            return _error(413, "too_large", _("The request is too large."))
        if len(body) > MAX_BODY:
            return _error(413, "too_large", _("The request is too large."))
        kiosk = kiosk_for_token(request.COOKIES.get(DEVICE_COOKIE))
        if kiosk is None:
            return _error(401, "not_paired", _("This kiosk is no longer paired."))
        try:
            payload = json.loads(body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return _error(400, "bad_json", _("The request is not valid JSON."))
        if not isinstance(payload, dict):
            return _error(400, "bad_request", _("Send a JSON object."))
        with scope(organization=kiosk.organization):
            response = view(request, kiosk, payload)
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


@kiosk_api
def kiosk_api_presses(request, kiosk, payload):
    presses = payload.get("presses")
    if not isinstance(presses, list):
        return _error(400, "bad_request", _("Send the presses as a list."))
    if len(presses) > MAX_BATCH:
        return _error(
            413, "too_many", _("Send at most %(n)s presses at a time.") % {"n": MAX_BATCH}
        )
    results = kiosk_presses_record(kiosk=kiosk, presses=presses)
    return JsonResponse({"results": [result.as_dict() for result in results]})


@kiosk_api
def kiosk_api_heartbeat(request, kiosk, payload):
    kiosk_heartbeat(kiosk=kiosk)
    try:
        screen = kiosk_screen(kiosk=kiosk)
    except RuleViolation:
        screen = None
    return JsonResponse({"ok": True, "config": _config_key(kiosk, screen)})
