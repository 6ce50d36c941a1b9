"""Sign-in brute-force protection (django-axes), fitted to how this project authenticates.

Axes counts failed sign-ins per user name and client address and refuses further attempts for a
cool-off period once ``LOGIN_FAILURE_LIMIT`` is reached. Only requests over HTTP can be brute
forced, so a call to ``authenticate()`` without a request (a management command, the demo loader,
a shell) is passed on to the next backend instead of being refused as axes does by default.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied

from editorial.web.visitors import client_ip


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out user name at this address; never authenticates anyone itself."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        # DRF's token view passes its own Request; axes' middleware looks at Django's underneath.
        http_request = getattr(request, "_request", request)
        try:
            return super().authenticate(http_request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            http_request.axes_locked_out = True
            raise


def lockout_client_ip(request) -> str:
    """The address axes counts failures against: the same one usage counting uses (behind a proxy,
    the configured forwarding header)."""
    return client_ip(request)


def lockout_username(request, credentials=None) -> str | None:
    """The name failures are counted against: what was typed in the sign-in box (allauth's ``login``,
    the token endpoint's ``username``), an e-mail address of an account standing for its user name, so
    that signing in by address and by name share one count."""
    from django.contrib.auth import get_user_model

    credentials = credentials or {}
    data = getattr(request, "data", None) or request.POST
    typed = next(
        (value for value in (credentials.get("username"), credentials.get("email"), credentials.get("login")) if value),
        None,
    ) or (data.get("login") or data.get("username"))
    if not typed:
        return None
    typed = typed.strip()
    if "@" in typed:
        names = list(get_user_model().objects.filter(email__iexact=typed).values_list("username", flat=True)[:2])
        if len(names) == 1:
            return names[0]
    return typed


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, answered 429, saying why and for how long sign-in is refused
    (for the API's token endpoint, the same words as JSON)."""
    from allauth.account.forms import LoginForm
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit
    from django.conf import settings
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.module_loading import import_string

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        wait = f" Try again in {minutes} minute{'s' if minutes != 1 else ''}." if minutes else ""
        detail = f"Too many failed sign-in attempts: signing in from this address is locked.{wait}"
        return JsonResponse({"detail": detail}, status=status)
    form_class = import_string(settings.ACCOUNT_FORMS.get("login", "")) if settings.ACCOUNT_FORMS else LoginForm
    context = {
        "form": form_class(request=request),
        "locked_out": True,
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "lockout_minutes": minutes,
        "redirect_field_value": (request.POST if request.method == "POST" else request.GET).get("next", ""),
    }
    return render(request, "account/login.html", context, status=status)
