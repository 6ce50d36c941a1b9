"""Dispatch side effects by task name, after commit, with a row that outlives a broker outage.

Services call ``enqueue``; they never import tasks, so imports run one way only:
tasks -> services -> models.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

from celery import current_app
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from editorial.outbox import task_names
from editorial.outbox.models import OutboxTask

log = logging.getLogger(__name__)

# A row sent this long ago and still not done is sent again: its task was lost or is stuck.
REDISPATCH_AFTER = timedelta(minutes=5)


def enqueue(task_name: str, *args: object) -> OutboxTask:
    """Record the side effect now; send it once the surrounding transaction commits. A name that is
    not a task (``task_names``) is refused here, in the change's transaction, not lost later."""
    if task_name not in task_names.ALL:
        raise ValueError(f"{task_name!r} is not a task name listed in editorial.outbox.task_names")
    row = OutboxTask.objects.create(task_name=task_name, args=list(args))
    transaction.on_commit(lambda: _send_after_commit(row.pk))
    return row


def _send_after_commit(row_id) -> None:
    """The change is committed; if the database goes away before the row is handed over, the
    sweep sends it later, and the person who made the change is still told it was saved."""
    try:
        send(row_id)
    except (OperationalError, InterfaceError) as exc:
        log.warning("Outbox row %s left for the sweep, the database did not answer: %s", row_id, exc)


def send(row_id) -> bool:
    """Hand one pending row to the broker; a broker failure leaves it pending for the sweep."""
    row = OutboxTask.objects.filter(pk=row_id, state=OutboxTask.State.PENDING).first()
    if row is None:
        return False
    OutboxTask.objects.filter(pk=row.pk).update(
        dispatch_count=F("dispatch_count") + 1, last_dispatched_at=timezone.now()
    )
    try:
        # By name: a signature looks the task up in the registry, so eager mode runs it here.
        # No result is kept: the row itself records the outcome (see ``mark_finished``), and
        # asking for a result would make Celery wait ~20 s for a result store that is down.
        current_app.signature(row.task_name, args=row.args).apply_async(
            task_id=str(row.pk),
            ignore_result=True,
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        )
    except Exception as exc:  # the broker is down: the sweep will try again
        log.warning("Could not dispatch %s (%s): %s", row.task_name, row.pk, exc)
        # Not sent: leave it for the very next sweep rather than presuming it in flight.
        OutboxTask.objects.filter(pk=row.pk).update(last_error=f"dispatch failed: {exc}", last_dispatched_at=None)
        return False
    return True


def dispatch_pending(*, now=None) -> int:
    """Send every pending row never sent, or sent long enough ago to be presumed lost."""
    now = now or timezone.now()
    stale = now - REDISPATCH_AFTER
    pending = OutboxTask.objects.filter(state=OutboxTask.State.PENDING).filter(
        last_dispatched_at__isnull=True
    ) | OutboxTask.objects.filter(state=OutboxTask.State.PENDING, last_dispatched_at__lt=stale)
    return sum(send(row_id) for row_id in pending.values_list("pk", flat=True)[:500])


def mark_finished(task_id: str, *, error: str = "") -> None:
    """Called from Celery's task signals: the row named by the task id is done (or failed)."""
    try:
        uuid.UUID(str(task_id))
    except ValueError:
        return  # not an outbox task (dispatched directly, e.g. by beat)
    state = OutboxTask.State.FAILED if error else OutboxTask.State.DONE
    for pause in (*MARK_RETRY_PAUSES, None):
        try:
            OutboxTask.objects.filter(pk=task_id).update(
                state=state, finished_at=timezone.now(), last_error=error[:2000]
            )
            return
        except (OperationalError, InterfaceError) as exc:
            # The database is restarting: the work is done, only its record waits. Without this
            # the row stays pending and the sweep runs the (idempotent) task again minutes later.
            if pause is None:
                log.warning("Outbox row %s not closed, the sweep will resend it: %s", task_id, exc)
                return
            connection.close()
            time.sleep(pause)


# Seconds between tries to close an outbox row while the database does not answer (~15 s in all).
MARK_RETRY_PAUSES = (0.5, 1, 2, 4, 8)
