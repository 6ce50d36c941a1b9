"""Links in account e-mails: always on ``SITE_URL``, never on the Host header of the request that
caused the e-mail (a forged Host would otherwise send someone's password-reset key elsewhere)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def on_site(url_or_path: str) -> str:
    """The same path, query and fragment, on the site's public address."""
    parts = urlsplit(url_or_path)
    tail = parts.path or "/"
    if parts.query:
        tail += f"?{parts.query}"
    if parts.fragment:
        tail += f"#{parts.fragment}"
    return settings.SITE_URL + tail
