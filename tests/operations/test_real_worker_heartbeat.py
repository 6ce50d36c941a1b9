"""A real ``celery worker`` process (with its embedded beat) on Redis and PostgreSQL writes its
heartbeat, and the status page shows it alive; killed with SIGKILL, two heartbeat periods later
the status page and the editors' banner say no worker is running. A worker without beat stays
alive on the page, and the banner names the periodic jobs that stopped instead."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from editorial.operations.models import PeriodicRun, WorkerHeartbeat
from editorial.outbox import task_names
from tests.support.factories import UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
BROKER_DB = 11  # this test's own Redis database: nobody else's messages, and it touches nobody's
REPO = Path(__file__).resolve().parents[2]
HEARTBEAT_SECONDS = 1


def _broker_url() -> str:
    return urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{BROKER_DB}").geturl()


def _start_worker_and_beat(tmp_path: Path, *, beat: bool = True) -> subprocess.Popen:
    db = connection.settings_dict
    environment = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": _broker_url(),
        "HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
        "USAGE_BUFFER": "false",
    }
    command = [sys.executable, "-m", "celery", "-A", "journal", "worker", *(["-B"] if beat else []), "--pool", "solo"]
    command += ["--schedule", str(tmp_path / "beat-schedule"), "--without-gossip", "--without-mingle"]
    command += ["--hostname", "heartbeat-test@%h", "-l", "warning"]
    with (tmp_path / "worker.log").open("ab") as log:
        # A session of its own: the embedded beat is a child process, and a SIGKILL to the worker
        # alone would leave it running, sending heartbeats into the next test.
        return subprocess.Popen(
            command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def _kill(worker: subprocess.Popen) -> None:
    """SIGKILL to the worker and everything it started (its embedded beat)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _wait(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.1)


def test_a_killed_worker_is_reported_on_the_status_page_and_the_dashboard(cast, client, settings, tmp_path):
    import redis

    settings.HEARTBEAT_SECONDS = HEARTBEAT_SECONDS
    redis.Redis.from_url(_broker_url()).flushdb()
    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    worker = _start_worker_and_beat(tmp_path)
    try:
        started = timezone.now()
        _wait(
            lambda: (
                PeriodicRun.objects.filter(task_name=task_names.RECORD_HEARTBEAT, last_finished__gt=started).exists()
                and WorkerHeartbeat.objects.filter(last_seen__gt=started).exists()
            ),
            seconds=60,
            what="beat's heartbeat task run by the worker",
        )
        hostname = WorkerHeartbeat.objects.get(last_seen__gt=started).hostname
        assert hostname.startswith("heartbeat-test@")
        client.force_login(admin)
        page = client.get(reverse("system-status")).content.decode()
        assert hostname in page
        assert ">alive<" in page
        client.force_login(cast.managing_editor)
        assert "No background worker is running" not in client.get(reverse("editor-dashboard")).content.decode()

        _kill(worker)
    finally:
        _kill(worker)

    time.sleep(2 * HEARTBEAT_SECONDS + 1)
    client.force_login(admin)
    page = client.get(reverse("system-status")).content.decode()
    assert ">not alive<" in page
    assert ">alive<" not in page
    assert "No background worker is running" in page
    client.force_login(cast.managing_editor)
    assert "No background worker is running" in client.get(reverse("editor-dashboard")).content.decode()


def test_a_worker_without_beat_keeps_its_heartbeat_and_is_shown_alive(cast, client, settings, tmp_path):
    """The worker's own heartbeat does not depend on beat: "no worker is running" means no worker.
    (Beat's absence shows as periodic jobs running late, each named in the banner.)"""
    import redis

    settings.HEARTBEAT_SECONDS = HEARTBEAT_SECONDS
    redis.Redis.from_url(_broker_url()).flushdb()
    worker = _start_worker_and_beat(tmp_path, beat=False)
    try:
        started = timezone.now()
        _wait(lambda: WorkerHeartbeat.objects.filter(last_seen__gt=started).exists(), seconds=60, what="a heartbeat")
        first = WorkerHeartbeat.objects.get(last_seen__gt=started)
        time.sleep(3 * HEARTBEAT_SECONDS)  # longer than the two periods after which a worker counts as gone
        assert WorkerHeartbeat.objects.get(pk=first.pk).last_seen > first.last_seen, "written again, no beat"
        assert not PeriodicRun.objects.exists(), list(PeriodicRun.objects.values_list("task_name", "last_started"))
        client.force_login(cast.managing_editor)
        assert "No background worker is running" not in client.get(reverse("editor-dashboard")).content.decode()
    finally:
        _kill(worker)
