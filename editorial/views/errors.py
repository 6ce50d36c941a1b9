"""Error pages that never need the database: they are shown when the database is the problem.

A request that fails because PostgreSQL is unreachable (restarting, failing over) gets a 503 with
``Retry-After``, in HTML or JSON, instead of a generic 500: the visitor learns it is temporary,
and monitoring tells an outage from a bug.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = "The service is briefly unavailable (its database is not answering). Please try again in a minute."


def _database_unavailable() -> bool:
    exc = sys.exc_info()[1]
    return isinstance(exc, (OperationalError, InterfaceError))


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def server_error(request, *args, **kwargs):
    """Django's handler500, run inside the ``except`` that caught the failure."""
    if not _database_unavailable():
        body = loader.get_template("errors/500.html").render()
        return HttpResponse(body, status=500)
    if _wants_json(request):
        response = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        body = loader.get_template("errors/503.html").render({"message": UNAVAILABLE})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
