"""The lock tests' harness (tests/support/concurrency.py) can fail: waiting for a thread to block on a
lock it never takes is an error naming the thread, not a pass. PostgreSQL only, as the lock tests."""

import threading

import pytest

from tests.support.concurrency import in_thread, wait_until_blocked_on_a_lock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_waiting_for_a_thread_that_finishes_without_a_lock_fails_and_names_it():
    results: dict = {}
    thread = in_thread(lambda: "done", results, "quick")
    thread.join(5)

    with pytest.raises(AssertionError, match="quick finished without waiting for a lock: done"):
        wait_until_blocked_on_a_lock(thread, results, 5)


def test_waiting_for_a_thread_that_never_blocks_gives_up_after_the_time_given():
    results: dict = {}
    release = threading.Event()
    thread = in_thread(lambda: release.wait(10), results, "idle")
    try:
        with pytest.raises(AssertionError, match=r"idle did not wait for a lock within 0\.3 s"):
            wait_until_blocked_on_a_lock(thread, results, 0.3)
    finally:
        release.set()
        thread.join(5)
    assert results == {"idle": True}
