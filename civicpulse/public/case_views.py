"""The citizen's side of a case: confirming it from the e-mailed link, and following it.

The link in the e-mail opens a page with a button: opening a link must not register
anything, since mail scanners and previews open links too. Following a case needs only
its secret tracking link; the page shows what the sender may see, never internal notes.
"""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods
from django_scopes import scope, scopes_disabled

from civicpulse.cases.filing import case_confirm
from civicpulse.cases.models import Case
from civicpulse.core.exceptions import RuleViolation
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


@require_GET
@language_from_query
def case_track_page(request, key):
    with scopes_disabled():  # the key is global; the case then names its organisation
        case = (
            Case.objects.select_related("organization", "kind", "status")
            .filter(tracking_key=key, registered_at__isnull=False)
            .first()
        )
    if case is None:
        raise Http404("No such case.")
    with scope(organization=case.organization):
        events = list(case.events.filter(is_public=True))
    return _private(render(request, "public/case_track.html", {"case": case, "events": events}))
