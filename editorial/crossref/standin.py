"""Whether an address is a Crossref stand-in on this machine (``crossref_standin/``, which ``make run``
starts) rather than Crossref itself. Pages say so, so that nobody takes a demo's "registered" for Crossref's."""

from __future__ import annotations

from urllib.parse import urlsplit

STAND_IN_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_stand_in(url: str) -> bool:
    """True when ``url`` names this machine: Crossref is never there, only a stand-in for it."""
    return (urlsplit(url).hostname or "").lower() in STAND_IN_HOSTS
