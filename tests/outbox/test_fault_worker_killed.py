"""A Celery worker killed (SIGKILL) in the middle of an e-mail, a reference check and a DOI deposit:
after a new worker starts, each finishes, and none happens twice.

The worker is a real ``celery worker`` process on Redis and PostgreSQL; the mail server and
Crossref are real servers on 127.0.0.1 that hold their answers, so the kill lands mid-call.
``acks_late`` leaves the killed worker's messages unacknowledged; Redis hands them out again after
the visibility timeout (5 s here), and each task's own idempotency does the rest.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.db import connection, transaction

from crossref_standin.rest import CrossrefStandIn
from editorial.deposits import services as deposits
from editorial.mail import services as notifications
from editorial.models import DepositBatch, DoiRegistration, OutboxTask, OutgoingEmail, ReferenceCheck
from editorial.references import services as reference_checks
from journal.celery import app as celery_app
from tests.support.factories import ReferenceFactory, SubmissionFactory, published_article
from tests.support.slow_smtp import SlowSmtpServer
from tests.support.standin import STANDIN_LOGIN, STANDIN_PASSWORD
from tests.support.workers import forget_connections

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
BROKER_DB = 13
REPO = Path(__file__).resolve().parents[2]
DOI = "10.48015/2076-7404-2021-13-3-75-111"


def _broker_url() -> str:
    return urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{BROKER_DB}").geturl()


@pytest.fixture
def broker_of_its_own():
    saved = {key: celery_app.conf[key] for key in ("broker_url", "result_backend")}
    forget_connections(celery_app)
    celery_app.conf.update(broker_url=_broker_url(), result_backend=_broker_url())
    redis.Redis.from_url(_broker_url()).flushdb()  # our own database: unacked messages of an earlier run too
    yield
    forget_connections(celery_app)
    celery_app.conf.update(saved)


def _worker_environment(*, smtp: SlowSmtpServer, rest: CrossrefStandIn, deposit_url: str) -> dict[str, str]:
    db = connection.settings_dict
    return os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": _broker_url(),
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "CELERY_RESTORE_SECONDS": "1",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "CROSSREF_API_URL": rest.url,
        "CROSSREF_REST_TIMEOUT": "60",
        "CROSSREF_DEPOSIT_URL": deposit_url,
        "CROSSREF_LOGIN_ID": STANDIN_LOGIN,
        "CROSSREF_LOGIN_PASSWD": STANDIN_PASSWORD,
        "CROSSREF_DEPOSITOR_NAME": "Demo Depositor",
        "CROSSREF_DEPOSITOR_EMAIL": "deposits@example.org",
        "CROSSREF_POLL_SECONDS": "1",
        "CROSSREF_HTTP_TIMEOUT": "60",
        "USAGE_BUFFER": "false",
    }


def _start_worker(environment: dict[str, str], log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "journal", "worker", "--pool", "threads", "-c", "3"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"]
    # The log goes to a file: a pipe nobody reads fills up and stops the worker mid-test.
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=REPO, env=environment, stdout=output, stderr=subprocess.STDOUT)


def _wait(condition, *, seconds: float, what: str, describe=None) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s ({describe() if describe else ''})")
        time.sleep(0.1)


def test_worker_killed_mid_email_reference_check_and_deposit_finishes_each_once(
    broker_of_its_own, crossref_standin, tmp_path
):
    first_log, second_log = tmp_path / "first-worker.log", tmp_path / "second-worker.log"
    article = published_article(doi=DOI)
    submission = SubmissionFactory()
    for position in (1, 2, 3):
        ReferenceFactory(submission=submission, position=position, doi=f"10.5555/killed.{position}")
    crossref_standin.script_uploads("slow")
    crossref_standin.slow_seconds = 30

    with SlowSmtpServer(hold_seconds=30) as smtp, CrossrefStandIn(latency=30) as rest:
        worker = _start_worker(_worker_environment(smtp=smtp, rest=rest, deposit_url=crossref_standin.url), first_log)
        try:
            with transaction.atomic():
                email = notifications.queue_email(
                    to="author@example.org", subject="Decision", body="Accepted.", kind="decision"
                )
                check = reference_checks.request_reference_check(submission_id=submission.pk, requested_by=None)
                deposits.request_deposit(article_id=article.pk, reason=DepositBatch.Reason.PUBLICATION)

            def in_flight() -> dict[str, bool]:
                return {
                    "e-mail": smtp.data_received.is_set(),
                    "reference check": rest.request_count > 0,
                    "deposit": bool(crossref_standin.uploads_of(DOI)),
                }

            _wait(
                lambda: all(in_flight().values()), seconds=60, what="in flight on the first worker", describe=in_flight
            )
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert OutboxTask.objects.exclude(state=OutboxTask.State.DONE).count() == 3, "all three cut off mid-way"

        rest.latency = 0
        second = _start_worker(_worker_environment(smtp=smtp, rest=rest, deposit_url=crossref_standin.url), second_log)
        try:
            _wait(
                lambda: (
                    not OutboxTask.objects.exclude(state=OutboxTask.State.DONE).exists()
                    and DoiRegistration.objects.filter(article=article, state="registered").exists()
                ),
                seconds=90,
                what="the second worker finishing what the first was killed in",
                describe=lambda: (
                    list(OutboxTask.objects.values_list("task_name", "state", "dispatch_count", "last_error")),
                    list(DoiRegistration.objects.filter(article=article).values_list("state", "message")),
                    second_log.read_text()[-3000:],
                ),
            )
        finally:
            second.terminate()
            second.wait(timeout=30)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(smtp.delivered) == 1, "the e-mail was delivered once"
    check.refresh_from_db()
    assert check.state == ReferenceCheck.State.DONE
    assert check.results.count() == 3, "one result per reference, none doubled"
    assert len(crossref_standin.uploads_of(DOI)) == 1, "the deposit Crossref already had was not sent again"
    counts = set(OutboxTask.objects.values_list("dispatch_count", flat=True))
    assert counts == {1}, "Redis handed the messages out again: no outbox resend was needed"
    assert "Traceback" not in second_log.read_text(), second_log.read_text()[-3000:]
