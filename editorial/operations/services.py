"""Writes of the background work's own bookkeeping: heartbeats and periodic runs.

Each is one upsert, safe to run from any number of workers at once."""

from __future__ import annotations

from django.utils import timezone

from editorial.operations.models import PeriodicRun, WorkerHeartbeat


def record_heartbeat(*, hostname: str) -> WorkerHeartbeat:
    now = timezone.now()
    beat, created = WorkerHeartbeat.objects.get_or_create(
        hostname=hostname, defaults={"started_at": now, "last_seen": now}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=beat.pk).update(last_seen=now)
        beat.last_seen = now
    return beat


def record_periodic_start(*, task_name: str) -> None:
    PeriodicRun.objects.update_or_create(task_name=task_name, defaults={"last_started": timezone.now()})


def record_periodic_finish(*, task_name: str, outcome: str) -> None:
    PeriodicRun.objects.update_or_create(
        task_name=task_name, defaults={"last_finished": timezone.now(), "last_outcome": outcome or ""}
    )
