"""Requests no real address contains, refused before any view sees them.

A NUL character (``%00``) in the path or the query string: PostgreSQL refuses it in any text
parameter, so a search, a filter or a DOI lookup holding one was a server error. No link, form
or client of this site sends one; the answer is 400 with a sentence saying why.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

MESSAGE = "The address contains a NUL character (%00), which no page or API query accepts."


class RejectNulCharactersMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class ApiErrorsAsJsonMiddleware:
    """Under ``/api/`` an error is JSON whoever answered it. DRF renders an error with the view's
    own renderer (the schema view's 405 came out as OpenAPI YAML), and Django's error handlers
    only cover what reaches them; this is the last word, first in ``MIDDLEWARE``."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not request.path.startswith("/api/"):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        data = getattr(response, "data", None)
        body = data if isinstance(data, dict) else {"detail": response.reason_phrase}
        answer = JsonResponse(body, status=response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer
