"""Shared fixtures, and the rule for tests that need real services.

Tests marked ``redis`` or ``postgres`` skip with a reason on a machine without those services.
When both DATABASE_URL and REDIS_URL are set (CI's services pass), such a skip is a failure:
the suite must not pass there by skipping what it exists to check.
"""

import os
import socket
from urllib.parse import urlparse

import pytest

from tests.support.standin import crossref_deposits, crossref_standin  # noqa: F401  (fixtures for every test module)

pytest_plugins = [
    "tests.support.workflow_fixtures",
    "tests.support.review_fixtures",
    "tests.support.production_fixtures",
    "tests.support.workers",
    "tests.support.reference_fixtures",
]

SERVICES_REQUIRED = bool(os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL"))


def _answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(marker: str) -> str | None:
    if marker == "redis":
        url = os.environ.get("REDIS_URL", "")
        if not url:
            return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0"
        if not _answers(url, 6379):
            return f"needs Redis: nothing answers at {url}"
    if marker == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            return "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
    if marker == "browser" and not os.path.exists("/usr/bin/chromium"):
        return "needs Chromium: apt-get install chromium"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in ("redis", "postgres", "browser"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing_service(marker)
        if reason is None:
            continue
        if SERVICES_REQUIRED:
            pytest.fail(f"{reason} (DATABASE_URL and REDIS_URL are set, so this test may not skip)")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page cached by one test must not answer another's
    request (primary keys are reused between tests, and pages are cached by article id)."""
    from django.core.cache import cache

    cache.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """In the services pass, a service-marked test that skipped for any reason counts as failed."""
    outcome = yield
    report = outcome.get_result()
    if SERVICES_REQUIRED and report.skipped and any(item.get_closest_marker(m) for m in ("redis", "postgres")):
        report.outcome = "failed"
        report.longrepr = f"skipped in the services pass, which is a failure: {report.longrepr}"
