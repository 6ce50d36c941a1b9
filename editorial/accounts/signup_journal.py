"""Which journal a sign-up belongs to, and whether sign-up is open for it.

Sign-up is one form for the whole site. Reached from a journal's pages it carries that journal
(``?journal=<slug>``): that journal's switch decides and its privacy statement is the one agreed to.
Reached without a journal, it is open while any journal is open, with the site's statement.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from editorial.journals.models.journals import Journal

PARAMETER = "journal"


def journal_of(request: HttpRequest | None) -> Journal | None:
    """The journal named by the request's ``journal`` parameter (form field or query), if any."""
    if request is None:
        return None
    slug = request.POST.get(PARAMETER) or request.GET.get(PARAMETER) or ""
    if not slug:
        return None
    return Journal.objects.filter(slug=slug).first()


def signup_is_open(journal: Journal | None) -> bool:
    if journal is not None:
        return journal.signup_open
    return Journal.objects.filter(signup_open=True).exists()


def privacy_statement(journal: Journal | None) -> str:
    """The journal's own statement, else the site's default (``PRIVACY_STATEMENT``)."""
    if journal is not None and journal.privacy_statement.strip():
        return journal.privacy_statement
    return settings.PRIVACY_STATEMENT
