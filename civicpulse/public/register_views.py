"""An organisation's public register of cases, under /o/<slug>/signals/: the list with its
search and filters, the lookup by registry number, a case's page and its photos, "me too",
and the similar cases the filing form suggests.

Only published cases appear (civicpulse.cases.published), with their published texts, and
the sender's name only when they chose to publish it; nothing else about them, ever. Every
view runs in the organisation's scope, so another organisation's numbers are not found.
"""

import mimetypes
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scope

from civicpulse.cases.models import EventAction
from civicpulse.cases.published import (
    published_case,
    register_search,
    similar_cases,
)
from civicpulse.cases.support import (
    case_support,
    case_supported_by,
    supporter_key,
    supporter_token_new,
)
from civicpulse.core.models import Category, Organization
from civicpulse.public.questionnaire_views import language_from_query
from civicpulse.public.register_forms import RegisterFilterForm, registry_number

PAGE_SIZE = 20
SUPPORTER_COOKIE = "cp_supporter"
SUPPORTER_COOKIE_AGE = 2 * 365 * 86400
# What the register tells of a case's history: the organisation's steps, without texts
# (those were written to the sender and may name them).
PUBLIC_HISTORY = (
    EventAction.REGISTERED,
    EventAction.ROUTED,
    EventAction.ASSIGNED,
    EventAction.STATUS,
    EventAction.EXTENDED,
    EventAction.ANSWERED,
)
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}


def organization_register(view):
    """Finds the active organisation of the URL's slug (404 otherwise) and runs the view
    in its scope, with the organisation as its second argument."""

    @wraps(view)
    def scoped(request, slug, **kwargs):
        organization = get_object_or_404(Organization, slug=slug, is_active=True)
        with scope(organization=organization):
            return view(request, organization, **kwargs)

    return scoped


def _case_or_404(organization, number: str):
    case = published_case(organization=organization, number=number)
    if case is None:
        raise Http404("No such published case.")
    return case


def _case_url(case) -> str:
    return reverse(
        "public:case_detail", kwargs={"slug": case.organization.slug, "number": case.number}
    )


@require_GET
@language_from_query
@organization_register
def case_register(request, organization):
    form = RegisterFilterForm(request.GET, organization=organization)
    typed_number = (request.GET.get("number") or "").strip()[:40]
    # An exact number goes straight to its case, whether typed in the lookup or the search.
    for typed in (typed_number, request.GET.get("q")):
        number = registry_number(typed or "")
        case = published_case(organization=organization, number=number) if number else None
        if case is not None:
            return HttpResponseRedirect(_case_url(case))
    cases = register_search(organization=organization, filters=form.filters())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = [(name, value) for name, value in request.GET.items() if name not in ("page", "lang")]
    context = {
        "organization": organization,
        "form": form,
        "page": page,
        "page_query": urlencode(kept),
        "number_not_found": typed_number,
    }
    return render(request, "public/register_list.html", context)


@require_GET
@language_from_query
@organization_register
def case_detail(request, organization, number):
    case = _case_or_404(organization, number)
    token = request.COOKIES.get(SUPPORTER_COOKIE)
    supported = bool(token) and case_supported_by(
        case=case, supporter=supporter_key(organization=organization, token=token)
    )
    context = {
        "organization": organization,
        "case": case,
        "photos": list(case.photos.filter(is_hidden=False)),
        "events": list(
            case.events.filter(is_public=True, action__in=PUBLIC_HISTORY).order_by("at", "pk")
        ),
        "supported": supported,
        "support_result": request.GET.get("supported")
        if request.GET.get("supported") in ("new", "again")
        else "",
    }
    response = render(request, "public/register_case.html", context)
    patch_cache_control(response, private=True)  # carries this browser's CSRF token
    return response


@require_GET
@organization_register
def case_photo(request, organization, number, photo):
    """A photo of a published case, unless moderation hid it; through the storage API."""
    case = _case_or_404(organization, number)
    image = get_object_or_404(case.photos.filter(is_hidden=False), pk=photo).image
    content_type, _encoding = mimetypes.guess_type(image.name or "")
    if content_type not in PHOTO_TYPES:
        raise Http404("No such photo.")
    try:
        opened = image.open("rb")
    except FileNotFoundError:
        raise Http404("No such photo.") from None
    response = FileResponse(opened, content_type=content_type)
    # Short: a photo hidden later should drop out of shared caches soon.
    patch_cache_control(response, public=True, max_age=300)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@organization_register
def case_support_view(request, organization, number):
    """ "Me too", without JavaScript: counted once per browser, then 303 back to the case."""
    case = _case_or_404(organization, number)
    token = request.COOKIES.get(SUPPORTER_COOKIE) or ""
    if not 20 <= len(token) <= 100:
        token = supporter_token_new()
    added, _count = case_support(
        case=case, supporter=supporter_key(organization=organization, token=token)
    )
    target = f"{_case_url(case)}?{urlencode({'supported': 'new' if added else 'again'})}"
    response = HttpResponseRedirect(target + "#support", status=303)
    response.set_cookie(
        SUPPORTER_COOKIE,
        token,
        max_age=SUPPORTER_COOKIE_AGE,
        path="/o/",
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _coordinate(value: str | None, limit: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -limit <= number <= limit else None


@require_GET
@language_from_query
@organization_register
def case_similar(request, organization):
    """An HTML fragment for the filing form: a list of up to five published cases like the
    one being written, or nothing at all."""
    query = (request.GET.get("q") or "")[: RegisterFilterForm.base_fields["q"].max_length]
    slug = (request.GET.get("category") or "")[:50]
    category = Category.objects.filter(organization=organization, slug=slug).first()
    latitude = _coordinate(request.GET.get("lat"), 90)
    longitude = _coordinate(request.GET.get("lon"), 180)
    if latitude is None or longitude is None:
        latitude = longitude = None
    found = similar_cases(
        organization=organization,
        query=query,
        category=category,
        latitude=latitude,
        longitude=longitude,
    )
    if not found:
        response = HttpResponse("", content_type="text/html; charset=utf-8")
    else:
        response = render(
            request,
            "public/register_similar.html",
            {"organization": organization, "similar": found},
        )
    # Public cases only, the same for everyone who asks the same: a shared cache may keep
    # it briefly. The language comes from the cookie or the browser.
    patch_cache_control(response, public=True, max_age=60)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
