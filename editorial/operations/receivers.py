"""Celery's worker and task signals write the heartbeat and each periodic job's last run, so every
job of the beat schedule is covered without touching its task (connected in EditorialConfig.ready)."""

from celery.signals import task_postrun, task_prerun, worker_ready

from editorial.operations import services
from journal.celery import BEAT_SCHEDULE

PERIODIC = frozenset(entry["task"] for entry in BEAT_SCHEDULE.values())


@worker_ready.connect
def _worker_started(sender=None, **kwargs) -> None:
    hostname = getattr(sender, "hostname", None)
    if hostname:
        services.record_heartbeat(hostname=hostname)


@task_prerun.connect
def _periodic_job_started(sender=None, **kwargs) -> None:
    if sender is not None and sender.name in PERIODIC:
        services.record_periodic_start(task_name=sender.name)


@task_postrun.connect
def _periodic_job_finished(sender=None, state=None, **kwargs) -> None:
    if sender is not None and sender.name in PERIODIC:
        services.record_periodic_finish(task_name=sender.name, outcome=state or "")
