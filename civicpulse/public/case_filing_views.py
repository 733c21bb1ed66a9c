"""Filing a case with an organisation: the form at /o/<slug>/signals/new/ and the "check your
e-mail" page after it.

Every check is civicpulse.cases.filing.case_file's; this view only collects the post and
shows what case_file refused, every field at once, with everything typed kept. As the QR
form, it needs no CSRF cookie: a signed form token and the browser's Origin headers stand
in for it (civicpulse.public.form_tokens), and the token's nonce makes a form sent twice
file one case.
"""

import uuid

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_scopes import scope
from uuid6 import uuid7

from civicpulse.cases.filing import DRAFT_VALID, MAX_DESCRIPTION, MAX_TITLE, CaseInvalid, case_file
from civicpulse.cases.models import CaseKind, Publication
from civicpulse.cases.photos import MAX_FILED_PHOTOS, PHOTOS_FIELD
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.i18n import active_language
from civicpulse.core.models import Area, Category, Organization
from civicpulse.core.multipart_posts import streamed_multipart
from civicpulse.feedback.abuse import SubmissionThrottled
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.photos import photo_max_bytes
from civicpulse.public.clients import request_fingerprint
from civicpulse.public.form_tokens import (
    form_token_make,
    form_token_subject,
    request_is_same_origin,
)
from civicpulse.public.questionnaire_views import HONEYPOT_FIELD, language_from_query

TEXT_FIELDS = (
    "kind",
    "category",
    "area",
    "title",
    "description",
    "address",
    "latitude",
    "longitude",
    "sender_name",
    "sender_email",
    "sender_phone",
    "publication",
)
# The error summary's order and wording: each entry links to its field on the page.
LABELS = {
    "kind": gettext_lazy("Kind"),
    "category": gettext_lazy("Category"),
    "area": gettext_lazy("Area"),
    "title": gettext_lazy("Subject"),
    "description": gettext_lazy("Description"),
    PHOTOS_FIELD: gettext_lazy("Photos"),
    "address": gettext_lazy("Address"),
    "latitude": gettext_lazy("Your location"),
    "sender_name": gettext_lazy("Your names"),
    "sender_email": gettext_lazy("E-mail"),
    "sender_phone": gettext_lazy("Phone"),
    "publication": gettext_lazy("Publication"),
}
# Where the summary's link for a field leads (radio groups: their first choice).
ANCHORS = {"kind": "kind-1", "publication": "publication-1", "latitude": "address"}
FORM_SUBJECT_PREFIX = "CASE-"  # what the form token is signed for, before the nonce


def _private(response: HttpResponse) -> HttpResponse:
    # The form may come back holding a sender's personal data: no shared cache keeps it.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _organization(slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug, is_active=True).first()
    if organization is None:
        raise Http404("No such organisation.")
    return organization


def _token_subject(organization: Organization, nonce: uuid.UUID) -> str:
    return f"{FORM_SUBJECT_PREFIX}{organization.pk}-{nonce.hex}"


def _nonce(organization: Organization, token: str) -> uuid.UUID | None:
    """The nonce of a valid form token made for this organisation's form, else None."""
    subject = form_token_subject(token) or ""
    prefix = f"{FORM_SUBJECT_PREFIX}{organization.pk}-"
    if not subject.startswith(prefix):
        return None
    try:
        return uuid.UUID(subject.removeprefix(prefix))
    except ValueError:
        return None


def _touchpoint(organization: Organization, code) -> Touchpoint | None:
    """The organisation's active place whose QR page linked here (?place=<code>)."""
    if not isinstance(code, str) or not code.isalnum() or len(code) > 16:
        return None
    return (
        Touchpoint.objects.filter(organization=organization, code=code.upper(), is_active=True)
        .select_related("area", "category")
        .first()
    )


def _initial(kinds, touchpoint: Touchpoint | None) -> dict:
    values = dict.fromkeys(TEXT_FIELDS, "")
    values["kind"] = kinds[0].slug if kinds else ""
    # Without the sender's choice, the register shows the case but not who sent it.
    values["publication"] = Publication.ANONYMOUS
    if touchpoint is not None:
        values.update(
            category=str(touchpoint.category_id) if touchpoint.category.is_active else "",
            area=str(touchpoint.area_id or ""),
            address=touchpoint.address,
            latitude=str(touchpoint.latitude or ""),
            longitude=str(touchpoint.longitude or ""),
        )
    return values


def _areas(organization: Organization) -> list[tuple[int, str]]:
    """(id, name) in tree order, each indented by its depth: districts within settlements."""
    rows = Area.objects.filter(organization=organization).order_by("path")
    return [(area.pk, "\u00a0\u00a0" * area.depth + area.name) for area in rows]


def _render(
    request, organization, kinds, *, values, touchpoint, errors=None, photos_lost=False, status=200
):
    errors = errors or {}
    if "longitude" in errors:  # one place on the page for the pair
        errors.setdefault("latitude", errors.pop("longitude"))
    summary = [
        {"anchor": ANCHORS.get(field, field), "label": LABELS[field], "message": errors[field]}
        for field in LABELS
        if field in errors
    ]
    context = {
        "organization": organization,
        "kinds": kinds,
        "categories": Category.objects.filter(organization=organization, is_active=True),
        "areas": _areas(organization),
        "publications": Publication.choices,
        "values": values,
        "errors": errors,
        "summary": summary,
        "general_errors": [m for field, m in errors.items() if field not in LABELS],
        "touchpoint": touchpoint,
        "photos_lost": photos_lost,
        "form_token": form_token_make(code=_token_subject(organization, uuid7())),
        "honeypot_field": HONEYPOT_FIELD,
        "max_title": MAX_TITLE,
        "max_description": MAX_DESCRIPTION,
        "max_photos": MAX_FILED_PHOTOS,
        "max_photo_mb": photo_max_bytes() // (1024 * 1024),
    }
    return _private(render(request, "public/case_new.html", context, status=status))


# No CSRF cookie, as the QR form (see the module's docstring and public.form_tokens).
@csrf_exempt
@streamed_multipart
@require_http_methods(["GET", "POST"])
@language_from_query
def case_new_page(request, slug):
    organization = _organization(slug)
    with scope(organization=organization):
        kinds = list(CaseKind.objects.filter(organization=organization, is_active=True))
        if not kinds:
            raise Http404("This organisation takes no cases here.")
        if request.method == "GET":
            touchpoint = _touchpoint(organization, request.GET.get("place"))
            values = _initial(kinds, touchpoint)
            return _render(request, organization, kinds, values=values, touchpoint=touchpoint)
        return _submit(request, organization, kinds)


def _submit(request, organization, kinds):
    if not request_is_same_origin(request):
        return _private(HttpResponse(_("This form can only be sent from this site."), status=403))
    values = {name: request.POST.get(name, "") for name in TEXT_FIELDS}
    touchpoint = _touchpoint(organization, request.POST.get("place"))
    photos = request.FILES.getlist(PHOTOS_FIELD)

    def again(errors, status=400):
        return _render(
            request,
            organization,
            kinds,
            values=values,
            touchpoint=touchpoint,
            errors=errors,
            photos_lost=any(photo.name for photo in photos),
            status=status,
        )

    nonce = _nonce(organization, request.POST.get("form_token", ""))
    if nonce is None:
        return again({None: _("This form has expired. Please check what you wrote and send it.")})
    try:
        case_file(
            organization=organization,
            kind_slug=values["kind"],
            title=values["title"],
            description=values["description"],
            sender_name=values["sender_name"],
            sender_email=values["sender_email"],
            sender_phone=values["sender_phone"],
            publication=values["publication"],
            category_id=values["category"],
            area_id=values["area"],
            touchpoint=touchpoint,
            latitude=values["latitude"],
            longitude=values["longitude"],
            address=values["address"],
            language=active_language(),
            photos=photos,
            filing_nonce=nonce,
            fingerprint=request_fingerprint(request),
            honeypot_filled=bool(request.POST.get(HONEYPOT_FIELD)),
        )
    except SubmissionThrottled as throttled:
        return again({None: throttled.message}, status=429)
    except CaseInvalid as refused:
        return again(dict(refused.errors))
    except RuleViolation as refused:
        return again({refused.field: refused.message})
    # See Other: a reload of the next page never posts again.
    sent = reverse("public:case_sent", kwargs={"slug": organization.slug})
    return HttpResponseRedirect(sent, status=303)


@require_GET
@language_from_query
def case_sent_page(request, slug):
    organization = _organization(slug)
    hours = int(DRAFT_VALID.total_seconds() // 3600)
    context = {"organization": organization, "valid_hours": hours}
    return _private(render(request, "public/case_sent.html", context))
