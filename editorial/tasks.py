"""Celery tasks: thin, idempotent wrappers that each call one service."""

from celery import shared_task
from celery.exceptions import MaxRetriesExceededError
from django.conf import settings
from django.db import InterfaceError, OperationalError

from editorial.deposits import services as deposits
from editorial.mail import services as notifications
from editorial.operations import services as operations
from editorial.outbox import dispatch as outbox
from editorial.outbox import task_names
from editorial.production.services import publication as publication_services
from editorial.publishing import page_cache as public_cache
from editorial.publishing import usage
from editorial.references import services as reference_checks
from editorial.review.services import reviews

# The database restarting or failing over: the task runs again later rather than failing for good
# (found by `make soak`, where an e-mail task met a PostgreSQL restart and was never sent).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

RETRYING = {
    "bind": True,
    "acks_late": True,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(
    name=task_names.SEND_EMAIL, autoretry_for=(notifications.TransientEmailError, *DATABASE_UNAVAILABLE), **RETRYING
)
def send_email(self, email_id: int) -> str:
    try:
        email = notifications.deliver_pending_email(email_id=email_id)
    except notifications.TransientEmailError as exc:
        if self.request.retries >= self.max_retries:
            notifications.mark_email_failed(email_id=email_id, reason=str(exc))
        raise
    return email.status


@shared_task(name=task_names.RUN_REFERENCE_CHECK, autoretry_for=DATABASE_UNAVAILABLE, **(RETRYING | {"max_retries": 3}))
def run_reference_check(self, check_id: int) -> str:
    """Crossref failures do not raise (they become "unverified" results); a database hiccup retries."""
    return reference_checks.run_reference_check(check_id=check_id).state


@shared_task(name=task_names.INVALIDATE_ARTICLE_PAGES, **RETRYING)
def invalidate_article_pages(self, article_ids: list[int]) -> int:
    """A cache invalidation that could not run when the article changed; retried while Redis is away."""
    try:
        public_cache.drop_versions(article_ids)
    except Exception as exc:
        raise self.retry(exc=exc) from exc
    return len(article_ids)


@shared_task(name=task_names.DISPATCH_PENDING_SIDE_EFFECTS, acks_late=True)
def dispatch_pending_side_effects() -> int:
    return outbox.dispatch_pending()


@shared_task(name=task_names.FLUSH_USAGE_COUNTS, acks_late=True)
def flush_usage_counts() -> int:
    """Periodic: move views and downloads buffered in Redis to the database (safe to run twice)."""
    return usage.flush_buffered_usage()


# --- DOI deposits: retries are paced here, from the service's TryAgain (honouring Retry-After) --------


DEPOSIT_RETRYING = {"bind": True, "acks_late": True, "autoretry_for": DATABASE_UNAVAILABLE, "retry_backoff": True}


@shared_task(name=task_names.SEND_DEPOSIT, max_retries=deposits.MAX_SEND_RETRIES, **DEPOSIT_RETRYING)
def send_deposit(self, batch_id: int) -> str:
    try:
        return deposits.send_batch(batch_id=batch_id)
    except deposits.TryAgain as exc:
        if self.request.is_eager:  # a test's in-process run: the sweep or `deposit_doi` carries on
            return "waiting"
        if self.request.retries >= self.max_retries:
            deposits.give_up(batch_id=batch_id, reason=str(exc))
            return "failed"
        raise self.retry(countdown=deposits.retry_delay(self.request.retries, exc.retry_after)) from None


@shared_task(name=task_names.CHECK_DEPOSIT, max_retries=deposits.MAX_RESULT_CHECKS, **DEPOSIT_RETRYING)
def check_deposit(self, batch_id: int) -> str:
    try:
        state = deposits.check_batch(batch_id=batch_id)
        countdown = settings.CROSSREF_POLL_SECONDS
    except deposits.TryAgain as exc:
        state = "submitted"
        countdown = max(settings.CROSSREF_POLL_SECONDS, deposits.retry_delay(self.request.retries, exc.retry_after))
    if state != "submitted" or self.request.is_eager:
        return state
    try:
        raise self.retry(countdown=countdown)
    except MaxRetriesExceededError:
        return state  # still waiting: the periodic sweep resumes the checks


@shared_task(name=task_names.SWEEP_STUCK_DEPOSITS, acks_late=True)
def sweep_stuck_deposits() -> int:
    return deposits.sweep_stuck_deposits()


# --- Peer review --------------------------------------------------------------------------------------


@shared_task(name=task_names.SEND_REVIEW_REMINDERS, acks_late=True, autoretry_for=DATABASE_UNAVAILABLE, max_retries=3)
def send_review_reminders() -> int:
    """Periodic: reminders before the due date and when overdue; a reminder row per threshold makes a
    second run (or two beats at once) send nothing twice."""
    return reviews.send_due_reminders()


# --- Production: scheduled publication ----------------------------------------------------------------


@shared_task(
    name=task_names.PUBLISH_DUE_ARTICLES,
    acks_late=True,
    autoretry_for=(OperationalError,),  # the database restarting: safe to run again, it publishes once
    retry_backoff=True,
    max_retries=3,
)
def publish_due_articles(now: str | None = None) -> list[int]:
    """Periodic: publish scheduled articles whose time has come (each once, however often it runs).
    ``now`` (ISO 8601) lets a test or an operator run it as of another moment."""
    from django.utils.dateparse import parse_datetime

    return publication_services.publish_due(now=parse_datetime(now) if now else None)


# --- The background work's heartbeat (issue 17) ----------------------------------------------------------


@shared_task(bind=True, name=task_names.RECORD_HEARTBEAT, acks_late=True)
def record_heartbeat(self) -> str:
    """Periodic: beat schedules it and a worker runs it, so a fresh row proves both are alive."""
    hostname = self.request.hostname or "in-process"
    operations.record_heartbeat(hostname=hostname)
    return hostname
