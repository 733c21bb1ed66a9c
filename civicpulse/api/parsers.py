from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser

MAX_BODY_BYTES = 64 * 1024  # a file's registration is a few hundred bytes


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large: at most 64 KB.")
    default_code = "too_large"


class LimitedJSONParser(JSONParser):
    """JSON, refused unread beyond MAX_BODY_BYTES."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            raise PayloadTooLarge
        return super().parse(stream, media_type, parser_context)
