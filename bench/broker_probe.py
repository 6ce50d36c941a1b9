"""One broker's figures, run by bench/broker.py in that broker's environment (settings from it).

Starts a worker as `make run` does (two processes), then measures: one e-mail at a time from queue
to sent; a burst drained; and the web server's small writes on the SQLite file meanwhile.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.db import OperationalError, connection, transaction  # noqa: E402

from editorial.mail.models import OutgoingEmail  # noqa: E402
from editorial.mail.services import queue_email  # noqa: E402


def sent() -> int:
    return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count()


def wait_for(count: int, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while sent() < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {sent()} of {count} e-mails sent in {seconds} s")
        time.sleep(0.005)


def web_writes(stop: threading.Event, latencies: list[float], failures: list[str]) -> None:
    """What a web server does meanwhile: short write transactions, one after another."""
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with transaction.atomic():
                OutgoingEmail.objects.filter(pk=-1).update(subject="x")
                OutgoingEmail.objects.create(to="web@example.org", subject="web", body="", kind="bench-web")
        except OperationalError as exc:
            failures.append(str(exc))
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.01)
    connection.close()


def main(one_at_a_time: int, at_once: int) -> dict:
    command = [sys.executable, "-m", "celery", "-A", "journal", "worker", "-c", "2", "-l", "warning"]
    worker = subprocess.Popen([*command, "--without-mingle", "--without-gossip"], cwd=ROOT, start_new_session=True)
    try:
        queue_email(to="warm@example.org", subject="warm-up", body="", kind="bench")
        wait_for(1, seconds=60)
        single = []
        for n in range(one_at_a_time):
            started = time.perf_counter()
            queue_email(to=f"one{n}@example.org", subject="one", body="", kind="bench")
            wait_for(2 + n)
            single.append((time.perf_counter() - started) * 1000)
        stop, latencies, failures = threading.Event(), [], []
        writer = threading.Thread(target=web_writes, args=(stop, latencies, failures))
        writer.start()
        started = time.perf_counter()
        with transaction.atomic():
            for n in range(at_once):
                queue_email(to=f"many{n}@example.org", subject="many", body="", kind="bench")
        wait_for(1 + one_at_a_time + at_once)
        burst = time.perf_counter() - started
        stop.set()
        writer.join()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:  # seen with the SQLAlchemy transport: it does not leave
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    latencies.sort()
    return {
        "queued_to_sent_p50_ms": round(statistics.median(single), 1),
        "burst_per_second": round(at_once / burst, 1),
        "web_write_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
        "web_writes_locked": len(failures),
        "sent_more_than_once": OutgoingEmail.objects.filter(attempts__gt=1).count(),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
