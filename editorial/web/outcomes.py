"""Running a service from an HTML view: domain errors become messages or form errors, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from editorial.errors import IllegalTransition, WrongState
from editorial.workflow import State


@dataclass
class Outcome:
    ok: bool
    value: Any = None


def perform(
    request: HttpRequest, action: Callable[[], Any], *, form: forms.Form | None = None, success: str = ""
) -> Outcome:
    """Call the service; on a refused move say why in the user's terms and change nothing."""
    try:
        value = action()
    except IllegalTransition as exc:
        messages.error(request, illegal_transition_message(exc))
        return Outcome(False)
    except WrongState as exc:
        messages.error(request, f"Nothing was changed. {exc}")
        return Outcome(False)
    except ValidationError as exc:
        if form is not None:
            show_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
        return Outcome(False)
    if success:
        messages.success(request, success)
    return Outcome(True, value)


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the form: each message next to its field, and what the
    form has no field for at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


def illegal_transition_message(exc: IllegalTransition) -> str:
    current = State(exc.current).label.lower() if exc.current in State.values else exc.current
    requested = State(exc.requested).label.lower() if exc.requested in State.values else exc.requested
    return (
        f"Nothing was changed: this submission is now {current}, and from there it cannot become {requested}. "
        "Someone may have acted on it a moment ago; the page below shows its current state."
    )


def report_form_errors(request: HttpRequest, form: forms.Form) -> None:
    """A small form on a page that redirects back (one field, one button) reports its errors at the
    top of the page it returns to."""
    messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))


def redirect_back(request: HttpRequest, fallback: str, *, anchor: str = "") -> HttpResponseRedirect:
    """Back where a form was posted from: its ``next`` when that is an address of this site, else
    ``fallback``; ``anchor`` takes the reader to the part of the page they acted on."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(f"{target}#{anchor}" if anchor else target)
