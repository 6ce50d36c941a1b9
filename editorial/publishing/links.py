"""Addresses of public pages, for templates, redirects, e-mails and the editor's pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import slugify

TITLE_SLUG_MAX = 80


def title_slug(title: str) -> str:
    """A readable, stable URL part from a title: lower case, hyphens, cut at a word, never empty."""
    slug = slugify(title, allow_unicode=True)[:TITLE_SLUG_MAX]
    if len(slug) == TITLE_SLUG_MAX and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug.strip("-") or "article"


def article_path(*, journal_slug: str, article_id: int, title: str) -> str:
    """The canonical address: /<journal>/article/<id>/<title-slug>/ (the slug is for people, the id decides)."""
    return reverse(
        "article-canonical",
        kwargs={"journal_slug": journal_slug, "article_id": article_id, "title_slug": title_slug(title)},
    )


def article_url(article) -> str:
    """The canonical path of an Article whose submission and journal are loaded."""
    submission = article.submission
    return article_path(journal_slug=submission.journal.slug, article_id=article.pk, title=submission.display_title)
