"""Side effects recorded in the same transaction as the change that causes them.

A row is written before any task is sent, so a broker that is down at commit time delays the
side effect but never loses it: the periodic sweep sends rows still pending. The row's id is the
Celery task id, so a task that finishes marks its own row done (see ``editorial.signals``).
"""

import uuid

from django.db import models


class OutboxTask(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    dispatch_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_dispatched_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["state", "last_dispatched_at"])]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)} [{self.state}]"
