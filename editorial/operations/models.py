"""What every process can read about the background work (several hosts: nothing in memory)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per worker host name, touched when the worker starts and by the periodic heartbeat
    task (which beat schedules and a worker runs, so a fresh row proves both are alive)."""

    hostname = models.CharField(max_length=255, unique=True)
    started_at = models.DateTimeField(help_text="When this worker was first seen.")
    last_seen = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.hostname} (last seen {self.last_seen:%Y-%m-%d %H:%M:%S})"


class PeriodicRun(models.Model):
    """The last run of one periodic job (a task of journal/celery.py's beat schedule)."""

    task_name = models.CharField(max_length=200, unique=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=20, blank=True, help_text="Celery's state: SUCCESS, FAILURE, RETRY.")

    class Meta:
        ordering = ["task_name"]

    def __str__(self) -> str:
        return f"{self.task_name}: {self.last_outcome or 'running'}"
