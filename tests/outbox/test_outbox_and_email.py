"""E-mail goes through the outbox: recorded with the change, sent after commit, exactly once.

The first half runs tasks in-process (Celery's eager mode), whatever the environment, so it checks
the outbox itself. The second half, marked ``redis``, sends the same e-mail through Redis to a real
Celery worker running in a thread of the test process.
"""

import smtplib
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from celery.canvas import Signature
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from editorial import tasks
from editorial.mail import services as notifications
from editorial.models import OutboxTask, OutgoingEmail
from editorial.outbox import dispatch as outbox
from tests.support.workers import WORKER_WAIT_SECONDS, eventually


class DropsConnectionFirst(LocmemEmailBackend):
    """A mail server that hangs up on the first ``failures`` sends, then accepts messages."""

    failures = 0

    def send_messages(self, messages):
        if DropsConnectionFirst.failures > 0:
            DropsConnectionFirst.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail_server(settings) -> Iterator[Callable[[int], None]]:
    """Route e-mail through ``DropsConnectionFirst``; call the fixture with the failures wanted."""
    settings.EMAIL_BACKEND = f"{__name__}.{DropsConnectionFirst.__qualname__}"

    def fail_first(failures: int) -> None:
        DropsConnectionFirst.failures = failures

    yield fail_first
    DropsConnectionFirst.failures = 0


def _queue_receipt(to: str = "author@example.org") -> OutgoingEmail:
    return notifications.queue_email(
        to=to, subject="Manuscript received", body="Thank you for your submission.", kind="submission_receipt"
    )


def _outbox_row_for(email: OutgoingEmail) -> OutboxTask:
    return OutboxTask.objects.get(task_name="editorial.send_email", args=[email.pk])


def _pending_email_without_dispatch() -> tuple[OutgoingEmail, OutboxTask]:
    """The rows a service writes, as left by a commit whose dispatch never reached the broker."""
    email = OutgoingEmail.objects.create(
        to="reviewer@example.org", subject="Invitation to review", body="Would you review?", kind="review_invitation"
    )
    row = OutboxTask.objects.create(task_name="editorial.send_email", args=[email.pk])
    return email, row


# --- In-process: the outbox on its own -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_email_queued_in_a_rolled_back_transaction_is_never_sent():
    def change_that_fails_after_queueing_its_email():
        with transaction.atomic():
            _queue_receipt()
            raise RuntimeError("the change that caused the e-mail failed")

    with pytest.raises(RuntimeError):
        change_that_fails_after_queueing_its_email()

    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()
    assert not OutboxTask.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_email_queued_in_a_committed_transaction_is_sent_once_after_commit():
    with transaction.atomic():
        email = _queue_receipt(to="author@example.org")
        assert mail.outbox == [], "nothing may be sent before the transaction commits"

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["author@example.org"]
    assert mail.outbox[0].subject == "Manuscript received"
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    row = _outbox_row_for(email)
    assert row.state == OutboxTask.State.DONE
    assert row.dispatch_count == 1
    assert row.finished_at is not None


@pytest.mark.django_db
def test_delivering_the_same_email_twice_sends_it_once():
    email, _ = _pending_email_without_dispatch()

    notifications.deliver_pending_email(email_id=email.pk)
    again = notifications.deliver_pending_email(email_id=email.pk)

    assert len(mail.outbox) == 1
    assert again.status == OutgoingEmail.Status.SENT
    assert again.attempts == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("tasks_in_process")
def test_send_email_task_delivered_twice_sends_once():
    """acks_late means a task can run again after a crash; the second run finds the e-mail sent."""
    email, _ = _pending_email_without_dispatch()

    first = tasks.send_email.apply(args=[email.pk])
    second = tasks.send_email.apply(args=[email.pk])

    assert (first.get(), second.get()) == ("sent", "sent")
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_sweep_sends_a_pending_row_that_was_never_dispatched_and_only_once():
    email, row = _pending_email_without_dispatch()
    assert mail.outbox == []

    assert outbox.dispatch_pending() == 1

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    row.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert row.state == OutboxTask.State.DONE
    assert row.dispatch_count == 1

    assert outbox.dispatch_pending() == 0
    assert outbox.dispatch_pending(now=timezone.now() + outbox.REDISPATCH_AFTER * 10) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_sweep_does_not_resend_done_or_failed_rows():
    for state in (OutboxTask.State.DONE, OutboxTask.State.FAILED):
        email, _ = _pending_email_without_dispatch()
        OutboxTask.objects.filter(args=[email.pk]).update(state=state)

    assert outbox.dispatch_pending() == 0
    assert mail.outbox == []
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmail.Status.PENDING}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_sweep_leaves_a_recent_dispatch_in_flight_and_resends_a_stale_one():
    email, row = _pending_email_without_dispatch()
    dispatched_at = timezone.now()
    OutboxTask.objects.filter(pk=row.pk).update(dispatch_count=1, last_dispatched_at=dispatched_at)

    assert outbox.dispatch_pending(now=dispatched_at + timedelta(minutes=1)) == 0
    assert mail.outbox == []

    assert outbox.dispatch_pending(now=dispatched_at + outbox.REDISPATCH_AFTER + timedelta(seconds=1)) == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    row.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert row.state == OutboxTask.State.DONE
    assert row.dispatch_count == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_broker_down_at_commit_delays_the_email_until_the_sweep(monkeypatch):
    def broker_down(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as outage:
        outage.setattr(Signature, "apply_async", broker_down)
        with transaction.atomic():
            email = _queue_receipt()

    assert mail.outbox == []
    row = _outbox_row_for(email)
    assert row.state == OutboxTask.State.PENDING
    assert row.last_error.startswith("dispatch failed")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING

    assert row.last_dispatched_at is None  # not in flight: the very next sweep sends it
    assert outbox.dispatch_pending() == 1

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    row.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert row.state == OutboxTask.State.DONE


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_mail_server_hanging_up_once_is_retried_and_sent(flaky_mail_server):
    flaky_mail_server(1)

    with transaction.atomic():
        email = _queue_receipt()

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
    assert email.error == ""
    assert _outbox_row_for(email).state == OutboxTask.State.DONE


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_mail_server_that_never_accepts_ends_failed_after_bounded_retries(flaky_mail_server):
    flaky_mail_server(1000)

    with transaction.atomic():
        email = _queue_receipt()

    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == tasks.send_email.max_retries + 1
    assert "SMTPServerDisconnected" in email.error
    row = _outbox_row_for(email)
    assert row.state == OutboxTask.State.FAILED
    assert row.last_error.startswith("TransientEmailError")
    assert outbox.dispatch_pending(now=timezone.now() + outbox.REDISPATCH_AFTER * 10) == 0


# --- Through Redis and a real Celery worker ------------------------------------------------------


def _sent_and_done(email: OutgoingEmail) -> Callable[[], bool]:
    def check() -> bool:
        email.refresh_from_db()
        return email.status == OutgoingEmail.Status.SENT and _outbox_row_for(email).state == OutboxTask.State.DONE

    return check


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_on_redis_sends_a_committed_email_and_closes_its_outbox_row(redis_worker):
    with transaction.atomic():
        email = _queue_receipt(to="author@example.org")

    assert eventually(_sent_and_done(email)), f"not sent within {WORKER_WAIT_SECONDS} s: {email}"

    assert [message.to for message in mail.outbox] == [["author@example.org"]]
    assert email.attempts == 1
    row = _outbox_row_for(email)
    assert row.dispatch_count == 1
    assert row.finished_at is not None


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_on_redis_retries_a_mail_server_that_hung_up(redis_worker, flaky_mail_server):
    flaky_mail_server(1)

    with transaction.atomic():
        email = _queue_receipt()

    assert eventually(_sent_and_done(email)), f"not sent within {WORKER_WAIT_SECONDS} s: {email}"

    assert len(mail.outbox) == 1
    assert email.attempts == 2
    assert email.error == ""
    assert DropsConnectionFirst.failures == 0
    row = _outbox_row_for(email)
    assert row.dispatch_count == 1, "the retry is Celery's, not a second dispatch by the outbox"
