"""Error pages that never need the database: they are shown when the database is the problem.

A request that fails because PostgreSQL is unreachable (restarting, failing over) gets a 503 with
``Retry-After``, in HTML or JSON, instead of a generic 500: the visitor learns it is temporary,
and monitoring tells an outage from a bug.

Under ``/api/`` every error is JSON (``{"detail": ...}``), as DRF answers its own: a client
parses one format whatever went wrong, an unknown address and a bug included.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = "The service is briefly unavailable (its database is not answering). Please try again in a minute."
SERVER_ERROR = "Something went wrong on our side. The error has been logged; please try again."
BAD_REQUEST = "The request could not be understood (a malformed request or an unknown host)."
FORBIDDEN = "You do not have permission to do this."


def _database_unavailable() -> bool:
    exc = sys.exc_info()[1]
    return isinstance(exc, (OperationalError, InterfaceError))


def wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def server_error(request, *args, **kwargs):
    """Django's handler500, run inside the ``except`` that caught the failure."""
    if not _database_unavailable():
        if wants_json(request):
            return JsonResponse({"detail": SERVER_ERROR}, status=500)
        body = loader.get_template("web/errors/500.html").render()
        return HttpResponse(body, status=500)
    if wants_json(request):
        response = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        body = loader.get_template("web/errors/503.html").render({"message": UNAVAILABLE})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def page_not_found(request, exception, *args, **kwargs):
    """Django's handler404: no URL matched (or a plain view raised Http404)."""
    if wants_json(request):
        return JsonResponse({"detail": f"There is nothing at {request.path}."}, status=404)
    return defaults.page_not_found(request, exception, *args, **kwargs)


def bad_request(request, exception, *args, **kwargs):
    """Django's handler400: a request Django refuses before any view (e.g. an unknown Host)."""
    if wants_json(request):
        return JsonResponse({"detail": BAD_REQUEST}, status=400)
    return defaults.bad_request(request, exception, *args, **kwargs)


def permission_denied(request, exception, *args, **kwargs):
    """Django's handler403: a plain Django view refused (DRF views answer their own 403)."""
    if wants_json(request):
        return JsonResponse({"detail": str(exception) or FORBIDDEN}, status=403)
    return defaults.permission_denied(request, exception, *args, **kwargs)
