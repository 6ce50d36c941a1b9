"""Celery's worker and task signals write the heartbeat and each periodic job's last run, so every
job of the beat schedule is covered without touching its task (connected in EditorialConfig.ready).

A worker writes its own heartbeat from a thread every HEARTBEAT_SECONDS, whether or not beat runs:
so "no worker is running" means the workers stopped, and a beat that stopped shows as periodic jobs
running late instead (beat's own ``record_heartbeat`` job among them).
"""

from __future__ import annotations

import logging
import threading

from celery.signals import task_postrun, task_prerun, worker_ready, worker_shutdown
from django.conf import settings
from django.db import DatabaseError, connection

from editorial.operations import services
from journal.celery import BEAT_SCHEDULE

log = logging.getLogger(__name__)

PERIODIC = frozenset(entry["task"] for entry in BEAT_SCHEDULE.values())

# hostname -> the event that stops that worker's heartbeat thread
_pulses: dict[str, threading.Event] = {}


def _pulse(hostname: str, stop: threading.Event) -> None:
    while not stop.wait(settings.HEARTBEAT_SECONDS):
        try:
            services.record_heartbeat(hostname=hostname)
        except DatabaseError as exc:  # the database is restarting: the next beat tries again
            log.warning("Heartbeat of %s not recorded: %s", hostname, exc)
        finally:
            connection.close()  # this thread's own connection: none is kept between beats


@worker_ready.connect
def _worker_started(sender=None, **kwargs) -> None:
    hostname = getattr(sender, "hostname", None)
    if not hostname:
        return
    services.record_heartbeat(hostname=hostname)
    stop = threading.Event()
    earlier = _pulses.get(hostname)
    if earlier is not None:  # the same worker started again in this process (tests do)
        earlier.set()
    _pulses[hostname] = stop
    threading.Thread(target=_pulse, args=(hostname, stop), name=f"heartbeat {hostname}", daemon=True).start()


@worker_shutdown.connect
def _worker_stopped(sender=None, **kwargs) -> None:
    stop = _pulses.pop(getattr(sender, "hostname", None) or "", None)
    if stop is not None:
        stop.set()


@task_prerun.connect
def _periodic_job_started(sender=None, **kwargs) -> None:
    if sender is not None and sender.name in PERIODIC:
        services.record_periodic_start(task_name=sender.name)


@task_postrun.connect
def _periodic_job_finished(sender=None, state=None, **kwargs) -> None:
    if sender is not None and sender.name in PERIODIC:
        services.record_periodic_finish(task_name=sender.name, outcome=state or "")
