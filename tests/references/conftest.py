"""A Crossref stand-in on 127.0.0.1 for every reference check test, and records shaped like Crossref's."""

from __future__ import annotations

from typing import Any

import pytest

from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn
from editorial.crossref.rest import CrossrefRestClient
from editorial.references.parser import ParsedReference, parse_reference_list
from tests.support.references import MAILTO, SAMPLE, printed_reference_list


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
def crossref():
    """A running stand-in with no records; tests add what they need."""
    with CrossrefStandIn(hang_seconds=2.0) as standin:
        yield standin


@pytest.fixture
def demo_crossref(crossref):
    """The stand-in loaded with the records written for the demo article's references."""
    crossref.load_records(DEMO_RECORDS)
    return crossref


@pytest.fixture
def client_for():
    """A REST client for a stand-in, quick to give up, so failures stay fast."""

    def make(standin: CrossrefStandIn, **options: Any) -> CrossrefRestClient:
        defaults = {"mailto": MAILTO, "agent": "journal-editorial/test", "timeout": 0.5, "backoff_seconds": 0.01}
        return CrossrefRestClient(base_url=standin.url, **(defaults | options))

    return make


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


@pytest.fixture
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip(f"the sample article page is not at {SAMPLE}")
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_references(sample_text) -> list[ParsedReference]:
    """The sample page's reference list, pasted as the lines of the page."""
    return parse_reference_list(printed_reference_list(sample_text))
