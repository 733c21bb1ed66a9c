"""One place resolves the organisation of a request and enters its scope.

Back-office URLs carry the organisation (`/manage/<organization>/…`). For those, the
middleware checks that the signed-in user is a member and answers 404 otherwise, so a
stranger learns nothing about which organisations exist. The view then runs inside
django-scopes' `scope(organization=…)`, and any query of tenant data that forgets the
organisation raises ScopeError instead of leaking another tenant's rows.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django_scopes import scope, scopes_disabled

from civicpulse.core.models import Membership

ORGANIZATION_URL_KWARG = "organization"
_ENTERED = "_organization_scope"  # the scope entered for a request, left when it is answered


class OrganizationMiddleware:
    """Enters the request's scope in process_view, once Django has resolved the URL (doing
    it again here cost every request as much), and leaves it when the response, error
    pages included, is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = None
        request.membership = None
        try:
            return self.get_response(request)
        finally:
            entered = request.__dict__.pop(_ENTERED, None)
            if entered is not None:
                entered.__exit__(None, None, None)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.app_names and match.app_names[0] == "admin":
            # The Django admin is for superusers (see urls.py) and spans tenants.
            return _enter(request, scopes_disabled())

        slug = view_kwargs.get(ORGANIZATION_URL_KWARG)
        if slug is None:
            return None  # tenant queries here must enter a scope themselves

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        membership = membership_for(request.user, slug)
        if membership is None:
            raise Http404("No such organisation.")
        request.organization = membership.organization
        request.membership = membership
        return _enter(request, scope(organization=membership.organization))


def _enter(request, context) -> None:
    context.__enter__()
    request.__dict__[_ENTERED] = context


def membership_for(user, slug: str) -> Membership | None:
    with scopes_disabled():
        return (
            Membership.objects.select_related("organization")
            .filter(user=user, organization__slug=slug, organization__is_active=True)
            .first()
        )


def memberships_of(user) -> list[Membership]:
    """Every organisation a user may switch to: a deliberate read across tenants."""
    with scopes_disabled():
        return list(
            Membership.objects.select_related("organization")
            .filter(user=user, organization__is_active=True)
            .order_by("organization__name_bg")
        )
