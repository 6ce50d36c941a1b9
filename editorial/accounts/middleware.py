"""Two-factor sign-in required of the people who can do the most harm with a stolen password."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect

from editorial.journals.models.people import Role

# Where a person without two-factor sign-in may still go: their account (to set it up, or sign out).
_ALWAYS_OPEN = ("/accounts/", "/static/")
MESSAGE = (
    "This site asks site admins and managing editors to sign in with a second factor: "
    "set up an authenticator app first."
)


def two_factor_required(user) -> bool:
    """Site admins (staff) and the managing editors of any journal, when MFA_REQUIRED_FOR_EDITORS is on."""
    if not settings.MFA_REQUIRED_FOR_EDITORS or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Role.objects.filter(person__user=user, kind=Role.Kind.MANAGING_EDITOR).exists()


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class TwoFactorRequiredMiddleware:
    """Sends such a person to set up an authenticator app before any other page (the API: 403).

    Costs no query unless the setting is on. API calls with a token are not seen here (DRF
    authenticates them in the view): a token is made by someone signed in, so after setting up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(_ALWAYS_OPEN)
            and two_factor_required(user)
            and not has_two_factor(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=403)
            messages.warning(request, MESSAGE)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
