"""DOI deposits run by a real Celery worker on Redis against the Crossref stand-in.

Each test asks for a deposit as the publish service does (rows in a transaction, the task sent
by name after commit) and waits for the DOI's state in the database.
"""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from editorial.deposits import services as deposits
from editorial.models import DepositBatch, DoiRegistration, OutboxTask
from tests.support.factories import published_article

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
DOI = "10.48015/2076-7404-2021-13-3-75-111"
FINAL = {"registered", "warning", "failed", "not_configured"}


@pytest.fixture
def worker(crossref_deposits):
    from celery.contrib.testing.worker import start_worker

    from journal.celery import app

    app.control.purge()  # messages left by tests without a worker must not reach this one
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        yield crossref_deposits


def request(article) -> DepositBatch:
    with transaction.atomic():
        return deposits.request_deposit(article_id=article.pk, reason=DepositBatch.Reason.PUBLICATION)


def wait_for(condition, *, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {seconds} s")


def final_registration(article) -> DoiRegistration:
    return wait_for(lambda: DoiRegistration.objects.filter(article=article, state__in=FINAL).first())


def uploads(standin) -> list[int]:
    return [status for _, path, status in standin.requests if path.endswith("/servlet/deposit")]


def test_worker_registers_a_doi(worker):
    article = published_article(doi=DOI)
    batch = request(article)
    registration = final_registration(article)
    assert (registration.state, registration.message) == ("registered", "Successfully added")
    assert len(worker.submissions) == 1
    assert list(batch.attempts.values_list("kind", "http_status")) == [("send", 200), ("result", 200)]
    assert set(OutboxTask.objects.values_list("state", flat=True)) == {"done"}


def test_worker_records_a_failure_with_crossrefs_message(worker):
    article = published_article(doi=DOI)
    worker.set_outcome(DOI, "failure", "Record not processed: title and ISSN do not match")
    request(article)
    registration = final_registration(article)
    assert (registration.state, registration.message) == ("failed", "Record not processed: title and ISSN do not match")


def test_worker_follows_a_batch_queued_several_times(worker):
    worker.queued_polls = 4
    article = published_article(doi=DOI)
    batch = request(article)
    assert final_registration(article).state == "registered"
    assert DepositBatch.objects.get(pk=batch.pk).check_count == 4


def test_worker_retries_after_a_500_and_sends_one_batch(worker):
    worker.script_uploads(500)
    article = published_article(doi=DOI)
    batch = request(article)
    assert final_registration(article).state == "registered"
    assert uploads(worker) == [500, 200]
    assert len(worker.submissions) == 1
    assert list(batch.attempts.values_list("kind", "http_status")) == [("send", 500), ("send", 200), ("result", 200)]


def test_worker_honours_retry_after_on_429(worker):
    worker.retry_after = "1"
    worker.script_uploads(429)
    article = published_article(doi=DOI)
    request(article)
    assert final_registration(article).state == "registered"
    assert uploads(worker) == [429, 200]
    sent = [at for (_, path, _), at in zip(worker.requests, worker.answered_at, strict=True) if "deposit" in path]
    assert sent[1] - sent[0] >= 0.95


def test_worker_after_a_timeout_asks_crossref_and_does_not_send_again(worker):
    worker.script_uploads("slow")  # Crossref takes the batch but answers after the client gave up
    article = published_article(doi=DOI)
    batch = request(article)
    assert final_registration(article).state == "registered"
    assert len(worker.submissions) == 1
    assert wait_for(lambda: uploads(worker)) == [200]  # the late answer, to a client no longer listening
    kinds = list(batch.attempts.values_list("kind", "http_status"))
    assert kinds[0] == ("send", None)  # the upload nobody heard the answer to
    assert kinds[-1] == ("result", 200)


def test_worker_killed_between_send_and_record_is_reconciled_without_a_second_batch(worker, monkeypatch):
    article = published_article(doi=DOI)

    def killed(**kwargs):
        raise SystemError("worker killed after the upload, before recording it")

    with monkeypatch.context() as crash:
        crash.setattr(deposits, "record_submitted", killed)
        batch = request(article)
        wait_for(lambda: OutboxTask.objects.filter(state="failed").exists())
    assert DepositBatch.objects.get(pk=batch.pk).state == "sending"
    assert len(worker.submissions) == 1
    # The periodic sweep, a period later, finds the batch stuck in "sending" and hands it back.
    assert deposits.sweep_stuck_deposits(now=timezone.now() + deposits.RESEND_AFTER * 2) == 1
    registration = final_registration(article)
    assert registration.state == "registered"
    assert len(worker.submissions) == 1  # reconciled by asking Crossref with the file name: no second batch
    assert uploads(worker) == [200]


def test_worker_gives_up_after_bounded_retries_with_the_reason(worker, settings):
    settings.CROSSREF_RETRY_BASE_SECONDS = 0.005
    worker.script_uploads(*[503] * (deposits.MAX_SEND_RETRIES + 1))
    article = published_article(doi=DOI)
    request(article)
    registration = final_registration(article)
    assert registration.state == "failed"
    assert registration.message.startswith("Gave up after 8 retries: Crossref is busy or failing (HTTP 503)")
    assert uploads(worker) == [503] * (deposits.MAX_SEND_RETRIES + 1)
    assert worker.submissions == []
