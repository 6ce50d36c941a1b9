"""Published issues and their tables of contents."""

from __future__ import annotations

import re

from django.db.models import Prefetch

from editorial.journals.models import Issue, Journal
from editorial.production.models import Article
from editorial.publishing.selectors.articles import public_articles
from editorial.submissions.models import Contributor


def _issue_order(issue: Issue) -> tuple:
    """Newest first; issue numbers as printed ('3', '1-2', 'S1') sorted by their leading number."""
    match = re.match(r"\d+", issue.number)
    return (issue.year, issue.volume or 0, int(match.group()) if match else 0, issue.number)


def published_issues(journal: Journal) -> list[Issue]:
    return sorted(Issue.objects.filter(journal=journal, is_published=True), key=_issue_order, reverse=True)


def current_issue(journal: Journal) -> Issue | None:
    issues = published_issues(journal)
    return issues[0] if issues else None


def issue_contents(*, journal_slug: str, issue_id: int) -> tuple[Issue, list[Article]] | None:
    """The published issue and its public articles in printed order (three queries)."""
    issue = (
        Issue.objects.select_related("journal")
        .filter(pk=issue_id, journal__slug=journal_slug, is_published=True)
        .first()
    )
    if issue is None:
        return None
    articles = list(
        public_articles()
        .filter(issue=issue)
        .prefetch_related(Prefetch("submission__contributors", queryset=Contributor.objects.order_by("position")))
    )
    return issue, sorted(articles, key=contents_order)


def contents_order(article: Article) -> tuple:
    """By section; in it, the placed articles by position, then the rest by first page as a number
    ('9' before '75'; 'e12' and 'S3' by their digits), then as entered."""
    section = article.section
    placed = article.position_in_issue
    match = re.search(r"\d+", article.first_page)
    return (
        (section.position, section.title) if section else (0, ""),
        placed is None,
        placed or 0,
        int(match.group()) if match else 0,
        article.first_page,
        article.pk,
    )
