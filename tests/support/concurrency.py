"""Two requests at the same moment, each from a thread with its own database connection, and waiting
until one of them is blocked on the other's row lock (PostgreSQL only: SQLite has no row locks)."""

import threading
import time

from django.db import connection


def in_thread(target, results: dict, key: str) -> threading.Thread:
    """Start ``target`` in a thread of its own; what it returns (or raises) lands in ``results[key]``."""

    def run() -> None:
        try:
            results[key] = target()
        except BaseException as exc:  # reported by the test, not lost in the thread
            results[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=key, daemon=True)
    thread.start()
    return thread


def sessions_waiting_for_a_lock() -> int:
    """How many other sessions of this database are waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def wait_until_blocked_on_a_lock(thread: threading.Thread, results: dict, seconds: float) -> None:
    """Return once another session waits for a lock; fail if ``thread`` finishes first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while sessions_waiting_for_a_lock() == 0:
        assert thread.is_alive(), f"{thread.name} finished without waiting for a lock: {results.get(thread.name)}"
        assert time.monotonic() < deadline, f"{thread.name} did not wait for a lock within {seconds} s: {results}"
        thread.join(0.05)
