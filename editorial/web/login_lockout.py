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


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, answered 429, saying why and for how long sign-in is refused
    (for the API's token endpoint, the same words as JSON)."""
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit
    from django.conf import settings
    from django.contrib.auth.forms import AuthenticationForm
    from django.http import JsonResponse
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        wait = f" Try again in {minutes} minute{'s' if minutes != 1 else ''}." if minutes else ""
        detail = f"Too many failed sign-in attempts: signing in from this address is locked.{wait}"
        return JsonResponse({"detail": detail}, status=status)
    context = {
        "form": AuthenticationForm(request),
        "locked_out": True,
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "lockout_minutes": minutes,
        "next": request.POST.get("next", "") if request.method == "POST" else request.GET.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=status)
