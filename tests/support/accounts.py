"""The accounts tests' shared world: account e-mail read as its reader does (the message queued for
an address, its one link), a filled-in sign-up form, and the code an authenticator app shows."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

from editorial.mail.models import OutgoingEmail

NEW_PASSWORD = "violet harbour lantern 1789"

_LINK = re.compile(r"https?://\S+")


def last_email_to(address: str, kind: str) -> OutgoingEmail:
    return OutgoingEmail.objects.filter(to=address, kind=kind).latest("pk")


def link_in(email: OutgoingEmail) -> str:
    links = _LINK.findall(email.body)
    assert len(links) == 1, email.body
    return links[0]


def path_of(link: str) -> str:
    """The link's path (the test client has no host to go to)."""
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sign_up_form(journal=None, **changes) -> dict:
    """The sign-up form as a stranger fills it in; ``None`` leaves a field out."""
    form = {
        "given_names": "Irina",
        "family_name": "Novikova",
        "email": "irina@example.org",
        "username": "irina",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "privacy_consent": "on",
        "journal": journal.slug if journal else "",
    }
    form.update(changes)
    return {name: value for name, value in form.items() if value is not None}


def authenticator_code(secret: str) -> str:
    """What an authenticator app set up with ``secret`` shows now."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
