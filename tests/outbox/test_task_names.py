"""Task names live in one registry that equals the tasks Celery knows, and the outbox refuses any
other name, so no service can record a side effect for a task that does not exist."""

import pytest
from celery import current_app

from editorial.outbox import dispatch, task_names
from editorial.outbox.models import OutboxTask
from journal.celery import BEAT_SCHEDULE


def _editorial_tasks() -> set[str]:
    current_app.loader.import_default_modules()
    return {name for name in current_app.tasks if name.startswith("editorial.")}


def test_the_registry_is_exactly_the_tasks_celery_knows():
    assert _editorial_tasks() == task_names.ALL


def test_every_periodic_job_is_a_registered_task():
    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} <= _editorial_tasks()


@pytest.mark.django_db
def test_the_outbox_refuses_a_name_that_is_no_task_and_records_nothing():
    with pytest.raises(ValueError, match="not a task name"):
        dispatch.enqueue("editorial.send_emial", 1)
    assert not OutboxTask.objects.exists()
