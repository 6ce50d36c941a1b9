"""The Celery application: configuration from Django settings, tasks found by autodiscovery.

The beat schedule lives here and only here, so what runs periodically is visible in one place.
"""

import os

from celery import Celery

from editorial.outbox import task_names

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journal.settings")

app = Celery("journal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    result_expires=24 * 3600,
)
app.autodiscover_tasks()

BEAT_SCHEDULE = {
    # Side effects whose dispatch was lost (broker down at commit time) are sent again.
    "dispatch-pending-side-effects": {
        "task": task_names.DISPATCH_PENDING_SIDE_EFFECTS,
        "schedule": float(os.environ.get("OUTBOX_SWEEP_SECONDS", "60")),
    },
    # Views and downloads buffered in Redis are written to the database (COUNTER counts).
    "flush-usage-counts": {
        "task": task_names.FLUSH_USAGE_COUNTS,
        "schedule": float(os.environ.get("USAGE_FLUSH_SECONDS", "60")),
    },
    # DOI deposits whose sending or result checks stopped (a lost worker, checks used up) carry on.
    "sweep-stuck-deposits": {
        "task": task_names.SWEEP_STUCK_DEPOSITS,
        "schedule": float(os.environ.get("DEPOSIT_SWEEP_SECONDS", "300")),
    },
    # Peer review: reminders before a review is due and when it is overdue, once per threshold.
    "send-review-reminders": {
        "task": task_names.SEND_REVIEW_REMINDERS,
        "schedule": float(os.environ.get("REVIEW_REMINDER_SECONDS", "3600")),
    },
    # Scheduled articles whose time has come are published (and their DOIs deposited).
    "publish-due-articles": {
        "task": task_names.PUBLISH_DUE_ARTICLES,
        "schedule": float(os.environ.get("PUBLISH_DUE_SECONDS", "60")),
    },
    # A worker writes its heartbeat row: the status page and the editors' banner read it (issue 17).
    "record-heartbeat": {
        "task": task_names.RECORD_HEARTBEAT,
        "schedule": float(os.environ.get("HEARTBEAT_SECONDS", "30")),
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
