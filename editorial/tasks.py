"""Celery tasks: thin, idempotent wrappers that each call one service."""

from celery import shared_task

from . import outbox
from .services import notifications, usage

RETRYING = {
    "bind": True,
    "acks_late": True,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="editorial.send_email", autoretry_for=(notifications.TransientEmailError,), **RETRYING)
def send_email(self, email_id: int) -> str:
    try:
        email = notifications.deliver_pending_email(email_id=email_id)
    except notifications.TransientEmailError as exc:
        if self.request.retries >= self.max_retries:
            notifications.mark_email_failed(email_id=email_id, reason=str(exc))
        raise
    return email.status


@shared_task(name="editorial.dispatch_pending_side_effects", acks_late=True)
def dispatch_pending_side_effects() -> int:
    return outbox.dispatch_pending()


@shared_task(name="editorial.flush_usage_counts", acks_late=True)
def flush_usage_counts() -> int:
    """Periodic: move views and downloads buffered in Redis to the database (safe to run twice)."""
    return usage.flush_buffered_usage()
