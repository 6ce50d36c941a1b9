"""Template context for every page: the signed-in user's dashboard links."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from editorial import permissions


def navigation(request: HttpRequest) -> dict[str, object]:
    """``nav.is_editor``: lazy, so pages that never show the navigation (anonymous readers) pay no query."""
    return {"nav": SimpleLazyObject(lambda: permissions.standing_of(getattr(request, "user", None)))}
