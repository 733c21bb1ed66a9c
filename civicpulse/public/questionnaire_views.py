"""The questionnaire behind a QR code or a link: the form at /q/<code> (a touchpoint) and
/s/<code> (a survey campaign), and their thank-you pages.

There is no organisation in the URL, so these views find the touchpoint or campaign by its
global code and enter its organisation's scope themselves. Both go through one form path.
"""

import uuid
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import activate
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_scopes import scope
from uuid6 import uuid7

from civicpulse.cases.models import CaseKind
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import CONTENT_LANGUAGES, active_language
from civicpulse.core.multipart_posts import streamed_multipart
from civicpulse.feedback.abuse import SubmissionThrottled
from civicpulse.feedback.campaigns import CampaignStatus, campaign_status
from civicpulse.feedback.models import Campaign
from civicpulse.feedback.submissions import response_submit
from civicpulse.public.clients import request_fingerprint
from civicpulse.public.form_subjects import FormSubject, form_subject
from civicpulse.public.form_tokens import (
    form_token_is_valid,
    form_token_make,
    request_is_same_origin,
)
from civicpulse.public.questionnaire_form import form_questions, posted_answers

HONEYPOT_FIELD = "website"
PHOTO_FIELD = "photo"
LANGUAGE_COOKIE = "django_language"


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True)
    return response


def _gone(request, status: int) -> HttpResponse:
    """A polite page in both languages, whatever the browser asked for; it shows no data."""
    page = render(request, "public/questionnaire_gone.html", {"gone": status == 410}, status=status)
    return _private(page)


def language_from_query(view):
    """?lang=en switches the page without a form post (which would need a CSRF cookie),
    and remembers the choice for the thank-you page."""

    @wraps(view)
    def switched(request, *args, **kwargs):
        chosen = request.GET.get("lang")
        if chosen not in CONTENT_LANGUAGES:
            return view(request, *args, **kwargs)
        activate(chosen)
        response = view(request, *args, **kwargs)
        response.set_cookie(LANGUAGE_COOKIE, chosen, samesite="Lax", max_age=365 * 86400)
        return response

    return switched


def _campaign_unavailable(request, campaign: Campaign, status: str) -> HttpResponse:
    """Before it opens, after it closes or switched off: a polite page in both languages."""
    scheduled = status == CampaignStatus.SCHEDULED
    page = render(
        request,
        "public/campaign_unavailable.html",
        {"campaign": campaign, "scheduled": scheduled},
        status=403 if scheduled else 410,
    )
    return _private(page)


def _render_form(request, subject, version, *, posted=None, errors=None, status=200):
    errors = errors or {}
    questions = form_questions(version, posted, errors)
    placed = {q.question.key for q in questions} | {PHOTO_FIELD}
    context = {
        "subject": subject,
        "touchpoint": subject.touchpoint,
        "questions": questions,
        "field_errors": [q for q in questions if q.error],
        "general_error": next((m for f, m in errors.items() if f not in placed), ""),
        "photo_error": errors.get(PHOTO_FIELD, ""),
        "form_token": form_token_make(code=subject.token_subject),
        # Time-ordered (UUID version 7), as the kiosk's press ids: a new response's key
        # goes to the end of the unique index, not to a random page of it.
        "client_token": uuid7(),
        "honeypot_field": HONEYPOT_FIELD,
        "share_location": bool(posted and posted.get("share_location")),
        "max_photo_mb": settings.PHOTO_MAX_BYTES // (1024 * 1024),
    }
    return _private(render(request, "public/questionnaire.html", context, status=status))


# Django's CSRF check needs a cookie; a page restored from a phone's cache may have lost it,
# and a lost answer is the worst outcome here. The signed form token plus the Origin and
# Sec-Fetch-Site checks below replace it (see civicpulse.public.form_tokens).
@csrf_exempt
@streamed_multipart
@require_http_methods(["GET", "POST"])
@language_from_query
def questionnaire_form(request, code):
    subject = form_subject("touchpoint", code)
    if subject is None:
        return _gone(request, 404)
    if not subject.touchpoint.is_active or not subject.organization.is_active:
        return _gone(request, 410)
    return _form(request, subject)


@csrf_exempt  # as questionnaire_form: the signed form token stands in for the CSRF cookie
@streamed_multipart
@require_http_methods(["GET", "POST"])
@language_from_query
def campaign_form(request, code):
    subject = form_subject("campaign", code)
    if subject is None:
        return _gone(request, 404)
    campaign = subject.campaign
    status = campaign_status(campaign)
    if not campaign.organization.is_active:
        status = CampaignStatus.INACTIVE
    if status != CampaignStatus.OPEN:
        return _campaign_unavailable(request, campaign, status)
    return _form(request, subject)


def _form(request, subject: FormSubject):
    version = subject.version
    if version is None:
        return _gone(request, 404)
    with scope(organization=subject.organization):
        if request.method == "GET":
            return _render_form(request, subject, version)
        return _submit(request, subject, version)


def _submit(request, subject: FormSubject, version):
    if not request_is_same_origin(request):
        return _private(HttpResponse(_("This form can only be sent from this site."), status=403))

    def again(message, field=None, status=400):
        errors = {field: message} if field else {None: message}
        return _render_form(
            request, subject, version, posted=request.POST, errors=errors, status=status
        )

    try:
        client_token = uuid.UUID(request.POST.get("client_token", ""))
    except ValueError:
        client_token = None
    if client_token is None or not form_token_is_valid(
        request.POST.get("form_token", ""), code=subject.token_subject
    ):
        return again(_("This form has expired. Please check your answers and send them again."))

    share_location = subject.is_place and bool(request.POST.get("share_location"))
    try:
        response_submit(
            touchpoint=subject.touchpoint,
            campaign=subject.campaign,
            answers=posted_answers(version.question_list, request.POST),
            client_token=client_token,
            channel=subject.channel,
            language=active_language(),
            photo=request.FILES.get(PHOTO_FIELD) if subject.is_place else None,
            latitude=request.POST.get("latitude") if share_location else None,
            longitude=request.POST.get("longitude") if share_location else None,
            fingerprint=request_fingerprint(request),
            honeypot_filled=bool(request.POST.get(HONEYPOT_FIELD)),
            version=version,
        )
    except SubmissionThrottled as throttled:
        return again(throttled.message, status=429)
    except RuleViolation as refused:
        return again(refused.message, field=refused.field)
    # See Other: a reload of the thank-you page never posts again.
    return HttpResponseRedirect(subject.thanks_url, status=303)


@require_GET
@language_from_query
def questionnaire_thanks(request, code):
    subject = form_subject("touchpoint", code)
    if subject is None:
        return _gone(request, 404)
    return _thanks(request, subject)


@require_GET
@language_from_query
def campaign_thanks(request, code):
    subject = form_subject("campaign", code)
    if subject is None:
        return _gone(request, 404)
    return _thanks(request, subject)


def _thanks(request, subject: FormSubject) -> HttpResponse:
    organization = subject.organization
    with scope(organization=organization):
        # A link to file a case with a personal answer, where the organisation takes them.
        takes_cases = CaseKind.objects.filter(organization=organization, is_active=True).exists()
    context = {"subject": subject, "touchpoint": subject.touchpoint, "takes_cases": takes_cases}
    return _private(render(request, "public/questionnaire_thanks.html", context))
