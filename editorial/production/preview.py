"""Signed, expiring preview links: an unpublished article as it will look, without logging in.

The link carries the article id signed with the site's SECRET_KEY and a timestamp
(``TimestampSigner``); it is refused once older than ``PREVIEW_LINK_MAX_AGE`` seconds, or if
altered. Anyone holding a valid link can read the preview, so editors share it like a draft.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "editorial.article-preview"


class PreviewLinkExpired(Exception):
    """The link was genuine but is too old."""


class PreviewLinkInvalid(Exception):
    """The link was not made by this site (or was altered)."""


def preview_url(article) -> str:
    """The path of a fresh preview link for the article (its submission and journal loaded)."""
    token = signing.TimestampSigner(salt=SALT).sign(str(article.pk))
    return reverse("article-preview", kwargs={"journal_slug": article.submission.journal.slug, "token": token})


def article_id_from_token(token: str) -> int:
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=settings.PREVIEW_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise PreviewLinkExpired(str(exc)) from exc
    except signing.BadSignature as exc:
        raise PreviewLinkInvalid(str(exc)) from exc
    try:
        return int(value)
    except ValueError as exc:
        raise PreviewLinkInvalid("not an article id") from exc
