"""An earlier version of a corrected (or retracted) article, rendered from its kept snapshot."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from editorial.production.models import ArticleVersion
from editorial.publishing.links import article_url
from editorial.publishing.selectors.articles import public_articles


@require_safe
def article_version(request: HttpRequest, journal_slug: str, article_id: int, number: int) -> HttpResponse:
    article = public_articles().filter(pk=article_id, submission__journal__slug=journal_slug).first()
    version = ArticleVersion.objects.filter(article_id=article_id, number=number).first()
    if article is None or version is None:
        raise Http404("No such version of a published article.")
    context = {
        "article": article,
        "journal": article.submission.journal,
        "version": version,
        "snapshot": version.snapshot,
        "current_url": article_url(article),
        "is_current": version.number == article.version,
    }
    response = render(request, "publishing/article_version.html", context)
    if not context["is_current"]:
        response["X-Robots-Tag"] = "noindex"
    return response
