"""Articles as readers see them, each read in a fixed number of SQL queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from editorial.journals.models import Journal
from editorial.production.models import Article, Galley
from editorial.submissions.models import Affiliation, Contributor
from editorial.validators import normalize_doi


def public_articles() -> QuerySet[Article]:
    return Article.objects.exclude(status=Article.Status.SCHEDULED).select_related(
        "submission__journal", "issue", "section"
    )


def with_authors(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Authors in printed order, for lists (one more query)."""
    return queryset.prefetch_related(
        Prefetch("submission__contributors", queryset=Contributor.objects.order_by("position"))
    )


def latest_articles(journal: Journal, *, limit: int) -> list[Article]:
    queryset = public_articles().filter(submission__journal=journal).order_by("-published_on", "-pk")
    return list(with_authors(queryset)[:limit])


def _article_page_queryset(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Everything the article page shows: five queries whatever the number of authors and references."""
    contributors = Contributor.objects.order_by("position").prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.order_by("position"))
    )
    return queryset.prefetch_related(
        Prefetch("submission__contributors", queryset=contributors),
        "submission__references",
        Prefetch(
            "galleys",
            queryset=Galley.objects.filter(is_approved=True, retired_in_version__isnull=True).order_by(
                "position", "pk"
            ),
        ),
    )


def get_public_article(*, article_id: int, journal_slug: str | None = None) -> Article | None:
    """The published article with everything its page shows; None if it is not public (or not there)."""
    queryset = public_articles().filter(pk=article_id)
    if journal_slug is not None:
        queryset = queryset.filter(submission__journal__slug=journal_slug)
    return _article_page_queryset(queryset.order_by()).first()


def get_article_for_preview(*, article_id: int) -> Article | None:
    """Any article, scheduled ones included: a preview shows what is not public yet."""
    queryset = Article.objects.select_related("submission__journal", "issue", "section").filter(pk=article_id)
    return _article_page_queryset(queryset.order_by()).first()


def public_article_address(*, article_id: int | None = None, doi: str | None = None) -> dict | None:
    """What a link to a public article needs (id, journal slug, titles), in one query."""
    queryset = public_articles()
    if article_id is not None:
        queryset = queryset.filter(pk=article_id)
    if doi is not None:
        queryset = queryset.filter(doi__iexact=normalize_doi(doi))
    return queryset.values("pk", "submission__journal__slug", "submission__title", "submission__title_en").first()
