"""Authentication of the REST API: each request names its organisation's API client by key.

`Authorization: Api-Key <key>` is read through ApiClient.for_key, which finds only active
clients. The request's `auth` is the client and `user` stays None: the API acts as a client,
never as a person. Views read `request.auth.organization` and query only within it.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from civicpulse.core.models import ApiClient

KEYWORD = "Api-Key"
MAX_KEY_LENGTH = 200


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != KEYWORD.lower():
            return None  # no key: the permission class answers 401
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Write the header as “Authorization: Api-Key <key>”.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The API key is not valid.")) from None
        client = ApiClient.for_key(key) if len(key) <= MAX_KEY_LENGTH else None
        if client is None or not client.organization.is_active:
            raise exceptions.AuthenticationFailed(_("The API key is not valid."))
        return (None, client)

    def authenticate_header(self, request):
        return KEYWORD  # so a missing key gets 401 with WWW-Authenticate, not 403


class IsApiClient(BasePermission):
    """Only requests signed by an active client's key."""

    message = _("Send an API key: “Authorization: Api-Key <key>”.")

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`: the key shown once when the client was added.",
        }
