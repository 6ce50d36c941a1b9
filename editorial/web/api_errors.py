"""Domain errors as HTTP answers: an illegal transition is 409 with the current state, a service's
field errors are 400 with a message per field."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from editorial.errors import DomainError, IllegalTransition, WrongState


def exception_handler(exc, context):
    if isinstance(exc, IllegalTransition):
        return Response(
            {"detail": str(exc), "current_state": exc.current, "requested_state": exc.requested},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, WrongState):
        return Response({"detail": str(exc), "current_state": exc.current}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def validation_error_body(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as DRF shapes field errors: one list of messages per field."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    body = {}
    for field, errors in exc.message_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        body.setdefault(key, []).extend(errors)
    return body
