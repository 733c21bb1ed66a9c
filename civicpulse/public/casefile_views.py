"""A citizen checks an administrative service file: its number and access code, nothing else.

The answer to a wrong code is the answer to an unknown number, so the page reveals no file's
existence; attempts are limited per client without storing who asked
(civicpulse.casefiles.lookup). The form is posted, keeping the code out of addresses and
logs; like the kiosk's pairing it checks the origin instead of a CSRF cookie.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_scopes import scope

from civicpulse.casefiles.lookup import CaseFileLookupThrottled, Timeliness, casefile_lookup
from civicpulse.core.models import Organization
from civicpulse.public.clients import request_fingerprint
from civicpulse.public.form_tokens import request_is_same_origin
from civicpulse.public.questionnaire_views import language_from_query


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@csrf_exempt  # the origin check below; reading a status changes nothing
@require_http_methods(["GET", "POST"])
@language_from_query
def casefile_status_page(request, slug):
    organization = Organization.objects.filter(slug=slug, is_active=True).first()
    if organization is None:
        raise Http404("No such organisation.")
    context = {"organization": organization, "number": "", "errors": {}}
    status = 200
    if request.method == "POST":
        if not request_is_same_origin(request):
            return _private(
                HttpResponse(_("This form can only be sent from this site."), status=403)
            )
        number = request.POST.get("number", "")[:100]
        code = request.POST.get("code", "")[:100]
        context["number"] = number.strip()
        errors = {}
        if not number.strip():
            errors["number"] = _("Enter the file number from your receipt.")
        if not code.strip():
            errors["code"] = _("Enter the access code from your receipt.")
        if not errors:
            with scope(organization=organization):
                try:
                    case_file = casefile_lookup(
                        organization=organization,
                        number=number,
                        code=code,
                        fingerprint=request_fingerprint(request),
                    )
                except CaseFileLookupThrottled as throttled:
                    context["problem"] = throttled.message
                    status = 429
                else:
                    if case_file is None:
                        context["problem"] = _(
                            "No file was found with this number and access code. Check both "
                            "on your receipt; the code has eight letters and digits."
                        )
                        status = 404
                    else:
                        context.update(
                            case_file=case_file,
                            events=list(case_file.events.filter(is_public=True)),
                            timeliness=Timeliness.of(case_file, timezone.now()),
                        )
        else:
            context["errors"] = errors
            status = 400
    with timezone.override(organization.time_zone):
        page = render(request, "public/casefile_status.html", context, status=status)
    return _private(page)
