"""Celery task signals close the outbox row that dispatched the task (its id is the task id)."""

from celery.signals import task_failure, task_success

from editorial.outbox import dispatch as outbox


@task_success.connect
def _outbox_task_succeeded(sender=None, **kwargs) -> None:
    outbox.mark_finished(sender.request.id)


@task_failure.connect
def _outbox_task_failed(sender=None, task_id=None, exception=None, **kwargs) -> None:
    outbox.mark_finished(task_id, error=f"{type(exception).__name__}: {exception}")
