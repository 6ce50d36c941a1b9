"""What JATS, OAI-PMH, the sitemap and the feeds read: public articles with everything they print,
in a fixed number of queries whatever the number of articles, authors and references."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Greatest

from editorial.production.models import Article
from editorial.submissions.models import Affiliation, Contributor, Event, Reference
from editorial.workflow import State


def exportable_articles() -> QuerySet[Article]:
    """Public articles (not scheduled ones) with their journal, issue and section."""
    return Article.objects.exclude(status=Article.Status.SCHEDULED).select_related(
        "submission__journal", "issue", "section"
    )


def with_datestamp(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """``datestamp``: when the record last changed, the article's row or its submission's."""
    return queryset.annotate(datestamp=Greatest("updated_at", "submission__updated_at"))


def with_everything_printed(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Authors with affiliations, references in order, and the events that date the history."""
    contributors = Contributor.objects.order_by("position").prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.order_by("position"))
    )
    history = Event.objects.filter(
        Q(action=Event.Action.TRANSITION, to_state=State.ACCEPTED) | Q(action=Event.Action.IMPORTED)
    ).order_by("created_at", "pk")
    return queryset.prefetch_related(
        Prefetch("submission__contributors", queryset=contributors),
        Prefetch("submission__references", queryset=Reference.objects.order_by("position")),
        Prefetch("submission__events", queryset=history, to_attr="history_events"),
    )


def article_for_export(*, article_id: int, journal_slug: str | None = None) -> Article | None:
    queryset = exportable_articles().filter(pk=article_id)
    if journal_slug is not None:
        queryset = queryset.filter(submission__journal__slug=journal_slug)
    return with_everything_printed(queryset.order_by()).first()
