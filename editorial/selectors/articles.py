"""Articles as readers see them."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ..models import Affiliation, Article, Contributor, Journal


def public_articles() -> QuerySet[Article]:
    return Article.objects.exclude(status=Article.Status.SCHEDULED).select_related(
        "submission__journal", "issue", "section"
    )


def latest_articles(journal: Journal, *, limit: int) -> list[Article]:
    return list(
        public_articles()
        .filter(submission__journal=journal)
        .prefetch_related(Prefetch("submission__contributors", queryset=Contributor.objects.order_by("position")))
        .order_by("-published_on", "-pk")[:limit]
    )


def get_public_article(*, journal_slug: str, article_id: int) -> Article | None:
    """The article with everything its page shows, in a fixed number of queries."""
    contributors = Contributor.objects.order_by("position").prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.order_by("position"))
    )
    return (
        public_articles()
        .filter(pk=article_id, submission__journal__slug=journal_slug)
        .prefetch_related(
            Prefetch("submission__contributors", queryset=contributors),
            "submission__references",
        )
        .first()
    )
