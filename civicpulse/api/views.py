"""What every REST API view shares: the client's organisation, entered as the scope.

The API key names the organisation (civicpulse.core.api_auth); from then on every query of
tenant data runs inside that organisation's scope, so another organisation's rows are out
of reach even for a query that forgets to filter.
"""

from django_scopes import scope
from rest_framework.generics import GenericAPIView


class OrganizationApiView(GenericAPIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permission, throttling
        self.client = request.auth
        self.organization = request.auth.organization
        self._entered = scope(organization=self.organization)
        self._entered.__enter__()

    def finalize_response(self, request, response, *args, **kwargs):
        entered = self.__dict__.pop("_entered", None)
        if entered is not None:
            entered.__exit__(None, None, None)
        return super().finalize_response(request, response, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "organization": self.organization}
