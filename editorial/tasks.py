"""Celery tasks: thin, idempotent wrappers that each call one service."""

from celery import shared_task
from django.db import OperationalError

from . import outbox
from .services import notifications, reference_checks

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


@shared_task(name="editorial.run_reference_check", autoretry_for=(OperationalError,), **(RETRYING | {"max_retries": 3}))
def run_reference_check(self, check_id: int) -> str:
    """Crossref failures do not raise (they become "unverified" results); a database hiccup retries."""
    return reference_checks.run_reference_check(check_id=check_id).state


@shared_task(name="editorial.dispatch_pending_side_effects", acks_late=True)
def dispatch_pending_side_effects() -> int:
    return outbox.dispatch_pending()
