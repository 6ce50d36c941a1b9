"""Tasks in a test's own process (asked for by name) or through a real Celery worker on Redis, and
waiting for what a worker does.

Registered as a plugin in tests/conftest.py, so ``tasks_in_process`` and ``redis_worker`` are
fixtures of every test module.
"""

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from kombu import pools as kombu_pools

from journal.celery import app as celery_app

# The worker tests use their own Redis database, so a development worker on the shared one never
# takes their tasks, and clearing stale test messages touches nothing anyone else uses.
TEST_BROKER_DB = 15
WORKER_WAIT_SECONDS = 20.0


@pytest.fixture
def tasks_in_process():
    """Run tasks eagerly, in this test's own process: for unit tests that ask for it by name. No setting
    does this (journal/settings.py): outside such tests every task goes through a broker to a worker."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def broker_url_for_tests(url: str) -> str:
    """``url`` pointed at the Redis database kept for the worker tests."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{TEST_BROKER_DB}"))


def forget_connections(app) -> None:
    """Close pooled broker connections and drop the result backend: they were made for the old URLs."""
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    vars(app._local).pop("backend", None)


@contextmanager
def broker_of_its_own(app) -> Iterator[str]:
    """The app on the test broker database while the block runs, on its own URLs again afterwards."""
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend")}
    url = broker_url_for_tests(saved["broker_url"])
    forget_connections(app)
    app.conf.update(broker_url=url, result_backend=url)
    try:
        yield url
    finally:
        forget_connections(app)
        app.conf.update(saved)


@contextmanager
def logging_left_to_pytest() -> Iterator[None]:
    """An embedded worker takes over logging unless someone answers ``setup_logging``; pytest has.

    Its log setup also writes a few CELERY_* variables into the environment and sends warnings to
    the logging module; both are undone when the worker is gone.
    """

    def leave_logging_alone(**kwargs) -> None:
        return None

    signals.setup_logging.connect(leave_logging_alone, weak=False)
    try:
        with mock.patch.dict(os.environ):
            yield
    finally:
        signals.setup_logging.disconnect(leave_logging_alone)
        logging.captureWarnings(False)


@pytest.fixture
def redis_worker(transactional_db):
    """A Celery worker on Redis in a thread of this process, stopped when the test ends."""
    assert not celery_app.conf.task_always_eager, "REDIS_URL is set, so tasks must go through the broker"
    with broker_of_its_own(celery_app), logging_left_to_pytest():
        celery_app.control.purge()  # messages a previous, interrupted run left behind
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker


def eventually(condition: Callable[[], bool], timeout: float = WORKER_WAIT_SECONDS) -> bool:
    """Whether ``condition()`` comes true within ``timeout`` seconds (checked every tenth of a second)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
