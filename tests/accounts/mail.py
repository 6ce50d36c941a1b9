"""Reading account e-mail as its reader does: the message queued for an address, and its link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from editorial.mail.models import OutgoingEmail

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
