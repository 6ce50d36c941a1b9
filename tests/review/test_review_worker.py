"""Review reminders through a real Celery worker on Redis: the beat task sent twice sends one e-mail."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from editorial.models import OutgoingEmail, ReviewReminder
from editorial.review.services import reviews
from tests.support.review_fixtures import accepted

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    from celery.contrib.testing.worker import start_worker

    from journal.celery import app

    app.control.purge()
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        yield app


def wait_for(condition, *, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {seconds} s")


def test_the_reminder_task_run_twice_by_the_worker_sends_one_reminder(worker, cast, review_cast):
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    reviews.extend_due_date(user=cast.managing_editor, assignment_id=assignment.pk, due_date=tomorrow)

    first = worker.send_task("editorial.send_review_reminders")
    second = worker.send_task("editorial.send_review_reminders")
    assert sorted([first.get(timeout=30), second.get(timeout=30)]) == [0, 1]
    assert worker.send_task("editorial.send_review_reminders").get(timeout=30) == 0

    reminder = ReviewReminder.objects.get()
    assert (reminder.threshold, reminder.due_date) == ("due_soon", tomorrow)
    emails = OutgoingEmail.objects.filter(kind="review_reminder_due_soon")
    assert emails.count() == 1
    sent = wait_for(lambda: emails.filter(status=OutgoingEmail.Status.SENT).first())
    assert sent.to == review_cast.reviewer.email
