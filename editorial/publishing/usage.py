"""Views and downloads counted by the COUNTER Release 5 rules.

- Robots and machines (the COUNTER robots list) are not counted.
- Double clicks: the same user on the same item within 30 seconds counts once; each repeat starts
  the 30 seconds again, so a burst of reloads is one view.
- With ``USAGE_BUFFER`` on (the default with Redis), a counted request is one HINCRBY in Redis and
  the periodic task ``editorial.flush_usage_counts`` moves the counts to the database: no row lock
  per view. Without it, one atomic UPDATE and one upsert per counted request.
- The article's totals (``Article.views``, ``downloads``, ``Galley.downloads``) and the per-day
  rows (``DailyArticleMetric``) are kept together, for COUNTER-style reports.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from editorial.production.models import Article, Galley
from editorial.publishing import page_cache as public_cache
from editorial.publishing import usage_buffer
from editorial.publishing.models import DailyArticleMetric, UsageFlush
from editorial.web.visitors import Visitor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    counted: bool
    in_database: bool  # written to the database now (not buffered)


NOT_COUNTED = Recorded(counted=False, in_database=False)


def buffered() -> bool:
    return bool(settings.USAGE_BUFFER and settings.REDIS_URL)


def _first_click(item: str, visitor: Visitor) -> bool:
    """True unless the same visitor asked for the same item within the double-click window."""
    key = f"usage-click:{item}:{visitor.key}"
    window = settings.USAGE_DOUBLE_CLICK_SECONDS
    try:
        if cache.add(key, 1, timeout=window):
            return True
        cache.touch(key, timeout=window)
    except Exception as exc:  # the cache is down: count the request rather than lose it
        log.warning("Double-click check skipped, the cache did not answer: %s", exc)
        return True
    return False


def _buffer(field: str) -> bool:
    """Add to the Redis buffer; False if Redis does not answer (the caller writes to the database)."""
    try:
        usage_buffer.add(field)
    except redis.RedisError as exc:
        log.warning("Usage buffer unavailable, counting in the database: %s", exc)
        return False
    return True


def record_view(*, article_id: int, visitor: Visitor, now: datetime.datetime | None = None) -> Recorded:
    """Count one view of the article's page by this visitor, if COUNTER counts it."""
    if buffered():
        recorded, _, _ = count_view_and_read_pending(
            article_id=article_id, galley_ids=[], visitor=visitor, count=True, now=now
        )
        return recorded
    return _record_view_in_database(article_id, visitor, now)


def _record_view_in_database(article_id: int, visitor: Visitor, now: datetime.datetime | None) -> Recorded:
    if visitor.is_robot or not _first_click(f"view:{article_id}", visitor):
        return NOT_COUNTED
    Article.objects.filter(pk=article_id).update(views=F("views") + 1)
    _add_daily(article_id, timezone.localdate(now), views=1, downloads=0)
    return Recorded(counted=True, in_database=True)


def record_download(
    *, article_id: int, galley_id: int, visitor: Visitor, now: datetime.datetime | None = None
) -> Recorded:
    """Count one download of a galley (and of its article), if COUNTER counts it."""
    if visitor.is_robot or not _first_click(f"galley:{galley_id}", visitor):
        return NOT_COUNTED
    day = timezone.localdate(now)
    if buffered() and _buffer(usage_buffer.download_field(article_id, galley_id, day)):
        return Recorded(counted=True, in_database=False)
    with transaction.atomic():
        Galley.objects.filter(pk=galley_id).update(downloads=F("downloads") + 1)
        Article.objects.filter(pk=article_id).update(downloads=F("downloads") + 1)
        _add_daily(article_id, day, views=0, downloads=1)
    return Recorded(counted=True, in_database=True)


def _add_daily(article_id: int, day: datetime.date, *, views: int, downloads: int) -> None:
    """One upsert (SQLite and PostgreSQL share the syntax): no read, no lock held between statements."""
    table = connection.ops.quote_name(DailyArticleMetric._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, views, downloads) VALUES (%s, %s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + excluded.views, "
            f"downloads = {table}.downloads + excluded.downloads",
            [article_id, day, views, downloads],
        )


def count_view_and_read_pending(
    *, article_id: int, galley_ids: list[int], visitor: Visitor, count: bool, now: datetime.datetime | None = None
) -> tuple[Recorded, int, dict[int, int]]:
    """The buffered article page's counting in one round trip to Redis: the view (if COUNTER
    counts it) and today's counts not yet flushed, shown on top of the stored totals."""
    day = timezone.localdate(now)
    fields = [usage_buffer.view_field(article_id, day)]
    fields += [usage_buffer.download_field(article_id, galley_id, day) for galley_id in galley_ids]
    counting = count and not visitor.is_robot
    try:
        counted, values = usage_buffer.count_and_read(
            click=usage_buffer.click_key(f"view:{article_id}", visitor.key),
            window=settings.USAGE_DOUBLE_CLICK_SECONDS,
            field=fields[0] if counting else None,
            read=fields,
        )
    except redis.RedisError as exc:
        log.warning("Usage buffer unavailable, counting in the database: %s", exc)
        recorded = _record_view_in_database(article_id, visitor, now) if count else NOT_COUNTED
        return recorded, 0, {}
    recorded = Recorded(counted=True, in_database=False) if counted else NOT_COUNTED
    return recorded, values[0], dict(zip(galley_ids, values[1:], strict=True))


def pending_counts(
    *, article_id: int, galley_ids: list[int], now: datetime.datetime | None = None
) -> tuple[int, dict[int, int]]:
    """Today's counts still in the Redis buffer (zero without one): shown on top of the database totals."""
    if not buffered():
        return 0, {}
    day = timezone.localdate(now)
    fields = [usage_buffer.view_field(article_id, day)]
    fields += [usage_buffer.download_field(article_id, galley_id, day) for galley_id in galley_ids]
    try:
        values = usage_buffer.pending(fields)
    except redis.RedisError:
        return 0, {}
    return values[0], dict(zip(galley_ids, values[1:], strict=True))


@dataclass
class Batch:
    views: Counter = field(default_factory=Counter)  # (article_id, day) -> n
    downloads: Counter = field(default_factory=Counter)  # (article_id, galley_id, day) -> n

    @classmethod
    def parse(cls, fields: dict[str, int]) -> Batch:
        batch = cls()
        for name, count in fields.items():
            kind, *ids, day = name.split(":")
            day = datetime.date.fromisoformat(day)
            if kind == "v":
                batch.views[(int(ids[0]), day)] += count
            elif kind == "d":
                batch.downloads[(int(ids[0]), int(ids[1]), day)] += count
        return batch


def flush_buffered_usage() -> int:
    """Move buffered counts to the database; returns how many views and downloads were written.

    Safe to run twice or concurrently: a batch is recorded as a ``UsageFlush`` row in the same
    transaction as its increments, and a batch already recorded is only removed from Redis.
    """
    if not buffered():
        return 0
    usage_buffer.claim_batch()
    written = 0
    for batch_id in usage_buffer.open_batches():
        batch = Batch.parse(usage_buffer.read_batch(batch_id))
        written += _apply_batch(batch_id, batch)
        usage_buffer.discard_batch(batch_id)
        public_cache.forget_counts({a for a, _ in batch.views} | {a for a, _, _ in batch.downloads})
    return written


def _apply_batch(batch_id: str, batch: Batch) -> int:
    total_views, total_downloads = sum(batch.views.values()), sum(batch.downloads.values())
    if UsageFlush.objects.filter(pk=batch_id).exists():
        return 0  # written by an earlier run that stopped before removing it from Redis
    try:
        with transaction.atomic():
            UsageFlush.objects.create(batch_id=batch_id, views=total_views, downloads=total_downloads)
            _apply_counts(batch)
    except IntegrityError:
        if UsageFlush.objects.filter(pk=batch_id).exists():
            return 0  # a concurrent flush wrote it first
        raise
    return total_views + total_downloads


def _apply_counts(batch: Batch) -> None:
    article_ids = {a for a, _ in batch.views} | {a for a, _, _ in batch.downloads}
    existing = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
    daily: Counter = Counter()
    per_article: dict[int, Counter] = {a: Counter() for a in existing}
    for (article_id, day), n in batch.views.items():
        if article_id in existing:
            daily[(article_id, day, "views")] += n
            per_article[article_id]["views"] += n
    per_galley: Counter = Counter()
    for (article_id, galley_id, day), n in batch.downloads.items():
        if article_id in existing:
            daily[(article_id, day, "downloads")] += n
            per_article[article_id]["downloads"] += n
            per_galley[galley_id] += n
    for article_id, counts in per_article.items():
        Article.objects.filter(pk=article_id).update(
            views=F("views") + counts["views"], downloads=F("downloads") + counts["downloads"]
        )
    for article_id, day in {(a, d) for a, d, _ in daily}:
        _add_daily(
            article_id, day, views=daily[(article_id, day, "views")], downloads=daily[(article_id, day, "downloads")]
        )
    for galley_id, n in per_galley.items():
        Galley.objects.filter(pk=galley_id).update(downloads=F("downloads") + n)
