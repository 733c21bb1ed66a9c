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
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from civicpulse.core.models import Membership

ORGANIZATION_URL_KWARG = "organization"


class OrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)

        if match.app_names and match.app_names[0] == "admin":
            # The Django admin is for superusers (see urls.py) and spans tenants.
            with scopes_disabled():
                return self.get_response(request)

        slug = match.kwargs.get(ORGANIZATION_URL_KWARG)
        if slug is None:
            return self.get_response(request)  # tenant queries here must enter a scope themselves

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        membership = membership_for(request.user, slug)
        if membership is None:
            raise Http404("No such organisation.")
        request.organization = membership.organization
        request.membership = membership
        with scope(organization=membership.organization):
            return self.get_response(request)


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
