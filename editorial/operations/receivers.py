"""Celery's worker and task signals write the heartbeat and each periodic job's last run, so every
job of the beat schedule is covered without touching its task (connected in EditorialConfig.ready).

A worker writes its own heartbeat from a thread every HEARTBEAT_SECONDS, whether or not beat runs:
so "no worker is running" means the workers stopped, and a beat that stopped shows as periodic jobs
running late instead (beat's own ``record_heartbeat`` job among them).
"""

from __future__ import annotations

import logging
import threading

from celery.signals import celeryd_init, task_postrun, task_prerun, worker_ready, worker_shutdown
from django.conf import settings
from django.db import DatabaseError, connection

from editorial.operations import services
from journal.celery import BEAT_SCHEDULE

log = logging.getLogger(__name__)

PERIODIC = frozenset(entry["task"] for entry in BEAT_SCHEDULE.values())

# Set in a `celery worker` process (celeryd_init), and only there: a worker embedded in another
# process (the tests' start_worker) does not write heartbeats from a thread of that process.
_in_worker_process = threading.Event()
_stop_pulse = threading.Event()


def _pulse(hostname: str) -> None:
    while not _stop_pulse.wait(settings.HEARTBEAT_SECONDS):
        try:
            services.record_heartbeat(hostname=hostname)
        except DatabaseError as exc:  # the database is restarting: the next beat tries again
            log.warning("Heartbeat of %s not recorded: %s", hostname, exc)
        finally:
            connection.close()  # this thread's own connection: none is kept between beats


@celeryd_init.connect
def _worker_process_starting(**kwargs) -> None:
    _in_worker_process.set()


@worker_ready.connect
def _worker_started(sender=None, **kwargs) -> None:
    hostname = getattr(sender, "hostname", None)
    if not hostname:
        return
    services.record_heartbeat(hostname=hostname)
    if _in_worker_process.is_set():
        _stop_pulse.clear()
        threading.Thread(target=_pulse, args=(hostname,), name=f"heartbeat {hostname}", daemon=True).start()


@worker_shutdown.connect
def _worker_stopped(**kwargs) -> None:
    _stop_pulse.set()


@task_prerun.connect
def _periodic_job_started(sender=None, **kwargs) -> None:
    if sender is not None and sender.name in PERIODIC:
        services.record_periodic_start(task_name=sender.name)


@task_postrun.connect
def _periodic_job_finished(sender=None, state=None, **kwargs) -> None:
    if sender is not None and sender.name in PERIODIC:
        services.record_periodic_finish(task_name=sender.name, outcome=state or "")
