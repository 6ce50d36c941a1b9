"""The rendered article page, cached under a per-article version that every relevant write changes.

A page is stored under ``article-page:<id>:<variant>`` with the article's version at the time its
data was read, and served only while that is still the current version. Saving or deleting the article,
its submission, contributors, affiliations, references, galleys, issue, section or journal drops
the article's version key once the transaction commits, so the next reader gets a fresh render
and stale entries simply expire. Writes that bypass ``save()`` (``QuerySet.update``, bulk
operations) must call ``invalidate_articles`` themselves. Counters are not part of the cached
page: they are filled in on every request.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from editorial.journals.models import Issue, Journal, Section
from editorial.outbox import task_names
from editorial.production.models import Article, Galley
from editorial.submissions.models import Affiliation, Contributor, Reference, Submission

log = logging.getLogger(__name__)


def version_key(article_id: int) -> str:
    return f"article-page-version:{article_id}"


def _page_key(article_id: int, variant: str) -> str:
    return f"article-page:{article_id}:{variant}"


def counts_key(article_id: int) -> str:
    return f"article-counts:{article_id}"


# Stored view and download totals are kept this long beside the page; a flush of buffered counts
# forgets them at once, so this only bounds how stale they can get if a forget is lost.
COUNTS_SECONDS = 60


def lookup(article_id: int, variant: str) -> tuple[dict | None, str | None, tuple | None]:
    """The cached page of this variant (language, host) if it is current, the current version,
    and the stored counter totals (views, downloads by galley) if kept.

    One round trip reads all three; a page stored under an older version is not current. A version
    of None means the cache did not answer: the page is then rendered for every request, but served.
    """
    current_key, page_key = version_key(article_id), _page_key(article_id, variant)
    try:
        values = cache.get_many([current_key, page_key, counts_key(article_id)])
        version = values.get(current_key)
        if version is None:
            cache.add(current_key, uuid.uuid4().hex, timeout=None)
            version = cache.get(current_key)
    except Exception as exc:
        log.warning("Article page cache unavailable: %s", exc)
        return None, None, None
    entry = values.get(page_key)
    current = entry if entry is not None and entry.get("version") == version else None
    return current, version, values.get(counts_key(article_id))


def keep_counts(article_id: int, counts: tuple) -> None:
    try:
        cache.set(counts_key(article_id), counts, COUNTS_SECONDS)
    except Exception as exc:  # not kept: the next page reads them from the database again
        log.warning("Counter totals not kept: %s", exc)


def forget_counts(article_ids: Iterable[int]) -> None:
    """The stored totals changed (a flush wrote buffered counts): the next page reads them afresh."""
    keys = [counts_key(article_id) for article_id in set(article_ids)]
    if not keys:
        return
    try:
        cache.delete_many(keys)
    except Exception as exc:  # kept totals expire within COUNTS_SECONDS anyway
        log.warning("Kept counter totals not forgotten: %s", exc)


def store(article_id: int, variant: str, version: str | None, entry: dict) -> None:
    """Keep the page rendered from data read after ``version`` was looked up."""
    if version is None:
        return
    try:
        cache.set(_page_key(article_id, variant), entry | {"version": version}, settings.ARTICLE_PAGE_CACHE_SECONDS)
    except Exception as exc:
        log.warning("Article page not cached: %s", exc)


def invalidate_articles(article_ids: Iterable[int]) -> None:
    """Every cached page of these articles is out of date from now on.

    If the cache does not answer, the pages it holds may still be served once it is back, so
    the invalidation becomes an outbox row: the sweep runs it when the broker (the same Redis)
    answers again.
    """
    ids = sorted(set(article_ids))
    if not ids:
        return
    try:
        drop_versions(ids)
    except Exception as exc:
        log.warning("Article pages %s not invalidated now, queued for later: %s", ids, exc)
        from editorial.outbox import dispatch as outbox

        outbox.enqueue(task_names.INVALIDATE_ARTICLE_PAGES, ids)


def drop_versions(article_ids: Iterable[int]) -> None:
    """Forget the articles' page versions (raises when the cache does not answer)."""
    cache.delete_many([version_key(article_id) for article_id in article_ids])


def _after_commit(find_ids: Callable[[], Iterable[int]]) -> None:
    """Invalidate once the change is visible to readers; before that a reader would cache the old data."""
    transaction.on_commit(lambda: invalidate_articles(find_ids()))


def _articles(**lookup) -> Callable[[], list[int]]:
    return lambda: list(Article.objects.filter(**lookup).values_list("pk", flat=True))


def _ids(*ids: int) -> Callable[[], list[int]]:
    return lambda: list(ids)


# For each model on the page: the articles whose page shows a row of it. Ids are read at save time:
# a deleted instance loses its pk before the transaction commits.
_FINDERS: dict[type, Callable] = {
    Article: lambda obj: _ids(obj.pk),
    Galley: lambda obj: _ids(obj.article_id),
    Submission: lambda obj: _articles(submission_id=obj.pk),
    Contributor: lambda obj: _articles(submission_id=obj.submission_id),
    Reference: lambda obj: _articles(submission_id=obj.submission_id),
    Affiliation: lambda obj: _articles(submission__contributors=obj.contributor_id),
    Issue: lambda obj: _articles(issue_id=obj.pk),
    Section: lambda obj: _articles(section_id=obj.pk),
    Journal: lambda obj: _articles(submission__journal_id=obj.pk),
}


@receiver(post_save)
@receiver(post_delete)
def _page_data_changed(sender, instance=None, raw=False, **kwargs) -> None:
    finder = _FINDERS.get(sender)
    if finder is None or raw:
        return
    _after_commit(finder(instance))
