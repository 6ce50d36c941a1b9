"""The Crossref REST client and the look-up cache, configured from settings.

The cache is Django's cache when that is Redis (shared by every process), otherwise the database:
the local-memory cache of a setup without Redis would forget everything between the web process,
the command and the in-process task.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

import journal
from editorial.crossref.rest import CrossrefRestClient, user_agent
from editorial.references.models import CrossrefLookup

PROJECT = "journal-editorial"


def crossref_client() -> CrossrefRestClient:
    return CrossrefRestClient(
        base_url=settings.CROSSREF_API_URL,
        mailto=settings.CROSSREF_MAILTO,
        agent=user_agent(project=PROJECT, version=journal.__version__, mailto=settings.CROSSREF_MAILTO),
        timeout=settings.CROSSREF_REST_TIMEOUT,
        max_retries=settings.CROSSREF_REST_RETRIES,
        backoff_seconds=settings.CROSSREF_REST_BACKOFF_SECONDS,
    )


class DjangoCacheLookups:
    """Look-ups kept in Django's (Redis) cache, expiring after ``seconds``."""

    def __init__(self, *, seconds: int, alias: str = "default") -> None:
        self.cache, self.seconds = caches[alias], seconds

    def get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        return self.cache.get_many(keys)

    def set_many(self, values: dict[str, dict[str, Any]]) -> None:
        self.cache.set_many(values, timeout=self.seconds)


class DatabaseLookups:
    """Look-ups kept in the CrossrefLookup table: one query to read a whole list's, one to write."""

    def __init__(self, *, seconds: int) -> None:
        self.seconds = seconds

    def get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        rows = CrossrefLookup.objects.filter(key__in=keys, expires_at__gt=timezone.now())
        return dict(rows.values_list("key", "value"))

    def set_many(self, values: dict[str, dict[str, Any]]) -> None:
        expires = timezone.now() + timedelta(seconds=self.seconds)
        rows = [CrossrefLookup(key=key, value=value, expires_at=expires) for key, value in values.items()]
        CrossrefLookup.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["key"], update_fields=["value", "expires_at", "created_at"]
        )

    @staticmethod
    def purge_expired() -> int:
        return CrossrefLookup.objects.filter(expires_at__lte=timezone.now()).delete()[0]


def lookup_cache() -> DjangoCacheLookups | DatabaseLookups | None:
    seconds = settings.REFERENCE_CHECK_CACHE_SECONDS
    if seconds <= 0:
        return None
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        return DjangoCacheLookups(seconds=seconds)
    return DatabaseLookups(seconds=seconds)
