"""The citizen's side of a case: confirming it from the e-mailed link, and following it.

The link in the e-mail opens a page with a button: opening a link must not register
anything, since mail scanners and previews open links too. Following a case needs only
its secret tracking link; the page shows what the sender may see, never internal notes,
and holds the sender's forms: a reply, a reopen request and a rating of the answer.
"""

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_scopes import scope, scopes_disabled

from civicpulse.cases.citizen import (
    MAX_TEXT,
    RATINGS,
    case_rate,
    case_reopen_request,
    case_reply,
    case_sender_actions,
)
from civicpulse.cases.filing import case_confirm
from civicpulse.cases.models import Case
from civicpulse.cases.photos import PHOTOS_FIELD
from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.photos import photo_max_bytes
from civicpulse.public.questionnaire_views import language_from_query


def _private(response):
    # A case's page carries personal data: no shared cache may keep it.
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
@language_from_query
def case_confirm_page(request, token):
    if request.method == "GET":
        return _private(render(request, "public/case_confirm.html", {"token": token}))
    try:
        case = case_confirm(token=token)
    except RuleViolation as refused:
        page = render(request, "public/case_confirm.html", {"error": refused.message}, status=400)
        return _private(page)
    return HttpResponseRedirect(
        reverse("public:case_track", kwargs={"key": case.tracking_key}), status=303
    )


def _tracked_case(key: str) -> Case:
    with scopes_disabled():  # the key is global; the case then names its organisation
        case = (
            Case.objects.select_related(
                "organization", "kind", "status", "department", "category", "area", "touchpoint"
            )
            .filter(tracking_key=key, registered_at__isnull=False)
            .first()
        )
    if case is None:
        raise Http404("No such case.")
    return case


def _track(request, case: Case, *, posted=None, errors=None, status=200):
    """The sender's page; with `errors`, one of its forms comes back with what was typed."""
    with scope(organization=case.organization):
        events = list(case.events.filter(is_public=True))
        photos = list(case.photos.all())
    in_events = {pk for event in events for pk in event.data.get("photos", ())}
    by_pk = {photo.pk: photo for photo in photos}
    for event in events:
        event.photos = [by_pk[pk] for pk in event.data.get("photos", ()) if pk in by_pk]
    context = {
        "case": case,
        "events": events,
        "photos": [photo for photo in photos if photo.pk not in in_events],
        "actions": case_sender_actions(case),
        "ratings": RATINGS,
        "posted": posted or {},
        "errors": errors or {},
        "done": request.GET.get("done", ""),
        "max_text": MAX_TEXT,
        "max_photo_mb": photo_max_bytes() // (1024 * 1024),
    }
    return _private(render(request, "public/case_track.html", context, status=status))


@require_GET
@language_from_query
def case_track_page(request, key):
    return _track(request, _tracked_case(key))


def _sender_action(do, field: str, done: str):
    """A POST view running `do(case, request)` for the sender, back to the page when done."""

    @require_POST
    @language_from_query
    def view(request, key):
        case = _tracked_case(key)
        try:
            do(case, request)
        except RuleViolation as refused:
            errors = {refused.field or field: refused.message}
            return _track(request, case, posted=request.POST, errors=errors, status=400)
        url = reverse("public:case_track", kwargs={"key": key})
        return HttpResponseRedirect(f"{url}?done={done}#done", status=303)

    return view


def _reply(case, request):
    photo = request.FILES.get("reply_photo")
    try:
        case_reply(case=case, text=request.POST.get("reply", ""), photo=photo)
    except RuleViolation as refused:
        if refused.field == PHOTOS_FIELD:
            raise RuleViolation(refused.message, field="reply_photo") from None
        raise


case_reply_page = _sender_action(_reply, "reply", "reply")
case_reopen_page = _sender_action(
    lambda case, request: case_reopen_request(case=case, reason=request.POST.get("reason", "")),
    "reason",
    "reopen",
)
case_rate_page = _sender_action(
    lambda case, request: case_rate(case=case, rating=request.POST.get("rating")),
    "rating",
    "rating",
)


@require_GET
def case_photo_file(request, key, photo_id):
    """A photo of the case, for its sender only (the register shows published ones itself)."""
    case = _tracked_case(key)
    with scope(organization=case.organization):
        photo = case.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404("No such photo.")
    try:
        image = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404("No such photo.") from None
    return _private(FileResponse(image, content_type="image/jpeg"))
