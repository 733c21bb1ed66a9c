"""Errors of the REST API in one shape: {"detail": "...", "errors": {field: [messages]}}.

A service's RuleViolation becomes a 400 naming its field, as a form error does in the back
office.
"""

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from civicpulse.core.exceptions import RuleViolation


def api_exception_handler(exc, context):
    if isinstance(exc, RuleViolation):
        body = {"detail": str(exc.message)}
        if exc.field:
            body["errors"] = {exc.field: [str(exc.message)]}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {"detail": _first_message(errors), "errors": errors}
    return response


def _first_message(errors) -> str:
    """The first problem in words, for a client that shows only one line."""
    for field, messages in errors.items():
        while isinstance(messages, (list, dict)) and messages:
            messages = messages[0] if isinstance(messages, list) else next(iter(messages.values()))
        text = str(messages)
        return f"{field}: {text}" if field and field != "non_field_errors" else text
    return ""
