"""A Crossref stand-in on 127.0.0.1 for every reference check test, and records shaped like Crossref's."""

from __future__ import annotations

import pytest

from tests.support.references import MAILTO


@pytest.fixture(autouse=True)
def lookups_in_the_database_unless_redis_is_the_point(request, settings):
    """Cached Crossref answers must not leak between tests: outside tests about the Redis cache they go
    to the database (rolled back with each test), even when REDIS_URL makes Redis Django's cache."""
    if request.node.get_closest_marker("redis") is None:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def eager_tasks():
    """Tasks run in-process even when REDIS_URL configures a broker (the worker test covers that path)."""
    from journal.celery import app

    before = {name: app.conf[name] for name in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(before)


@pytest.fixture
def crossref_settings(settings, crossref):
    """Point the application at the stand-in, with short timeouts and backoff."""
    settings.CROSSREF_API_URL = crossref.url
    settings.CROSSREF_MAILTO = MAILTO
    settings.CROSSREF_REST_TIMEOUT = 0.5
    settings.CROSSREF_REST_RETRIES = 2
    settings.CROSSREF_REST_BACKOFF_SECONDS = 0.01
    settings.REFERENCE_CHECK_CONCURRENCY = 4
    return settings
