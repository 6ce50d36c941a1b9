"""DOI deposits as a service: rows first, timestamps that only grow, each DOI judged on its own,
retries that never send a batch twice, credentials that are never stored."""

import datetime
import threading

import pytest
from celery import current_app
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from editorial.deposits import services as deposits
from editorial.errors import DomainError
from editorial.models import (
    Article,
    Contributor,
    DepositAttempt,
    DepositBatch,
    DepositRecord,
    DoiRegistration,
    Event,
    OutboxTask,
    Person,
    Role,
    Submission,
)
from tests.support.factories import IssueFactory, JournalFactory, UserFactory, published_article
from tests.support.standin import STANDIN_PASSWORD

pytestmark = pytest.mark.django_db
Reg = DoiRegistration.State
DOI = "10.48015/2076-7404-2021-13-3-75-111"


@pytest.fixture
def article():
    return published_article(doi=DOI)


def registration_of(article) -> DoiRegistration:
    return DoiRegistration.objects.get(article=article)


def deposit(article, **options) -> DepositBatch:
    return deposits.request_deposit(article_id=article.pk, reason=DepositBatch.Reason.MANUAL, **options)


def send_and_follow(batch: DepositBatch, *, checks: int = 10) -> str:
    state = deposits.send_batch(batch_id=batch.pk)
    for _ in range(checks):
        if state not in (DepositBatch.State.SUBMITTED, deposits.ALREADY_CHECKED):
            break
        DepositBatch.objects.filter(pk=batch.pk).update(last_checked_at=None)
        state = deposits.check_batch(batch_id=batch.pk)
    return state


# --- Requesting --------------------------------------------------------------------------------------


def test_a_request_records_the_batch_its_doi_and_the_task_to_send_it(article, crossref_deposits):
    batch = deposit(article)
    assert batch.state == DepositBatch.State.QUEUED
    assert DOI in batch.xml
    assert batch.batch_id in batch.xml
    record = DepositRecord.objects.get(batch=batch)
    assert (record.doi, record.state, record.timestamp) == (DOI, Reg.QUEUED, batch.timestamp)
    assert registration_of(article).state == Reg.QUEUED
    task = OutboxTask.objects.get()
    assert (task.task_name, task.args) == ("editorial.send_deposit", [batch.pk])
    assert Event.objects.filter(submission=article.submission, action=Event.Action.DOI_DEPOSIT).count() == 1
    assert crossref_deposits.requests == []  # nothing is sent inside the request's transaction


def test_a_rolled_back_request_leaves_nothing(article):
    def publish_then_fail():
        with transaction.atomic():
            deposit(article)
            raise RuntimeError("the publication failed")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert not DepositBatch.objects.exists()
    assert not OutboxTask.objects.exists()


def test_timestamps_of_one_doi_strictly_increase_within_one_millisecond(article, monkeypatch):
    frozen = timezone.now()
    monkeypatch.setattr(deposits.timezone, "now", lambda: frozen)
    first, second, third = (deposit(article) for _ in range(3))
    assert second.timestamp == first.timestamp + 1
    assert third.timestamp == second.timestamp + 1
    assert registration_of(article).last_timestamp == third.timestamp


def test_a_timestamp_never_goes_back_when_a_clock_does(article):
    first = deposit(article)
    ahead = first.timestamp + 10**9  # written by a process whose clock ran ahead
    DoiRegistration.objects.filter(article=article).update(last_timestamp=ahead)
    assert deposit(article).timestamp == ahead + 1


def test_the_database_refuses_two_deposits_of_a_doi_with_one_timestamp(article):
    batch = deposit(article)
    other = DepositBatch.objects.create(
        batch_id="other", journal=batch.journal, reason="manual", timestamp=batch.timestamp, production=False
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DepositRecord.objects.create(
            batch=other, registration=registration_of(article), doi=DOI, timestamp=batch.timestamp
        )


def test_an_article_without_doi_or_not_yet_published_cannot_be_deposited():
    with pytest.raises(DomainError, match="no DOI yet"):
        deposits.request_deposit(article_id=published_article(doi="").pk, reason="manual")
    scheduled = published_article(doi="10.48015/scheduled", status=Article.Status.SCHEDULED)
    with pytest.raises(DomainError, match="not published yet"):
        deposits.request_deposit(article_id=scheduled.pk, reason="manual")
    with pytest.raises(DomainError, match="No published article of this issue"):
        deposits.request_deposit(issue_id=IssueFactory().pk, reason="manual")


def test_a_bad_orcid_fails_the_doi_at_request_naming_the_author_and_queues_nothing(article):
    Contributor.objects.filter(submission=article.submission).update(orcid="0000-0002-1825-0098")
    batch = deposit(article)
    assert batch.state == DepositBatch.State.FAILED
    registration = registration_of(article)
    assert registration.state == Reg.FAILED
    assert registration.message.startswith("Not sent to Crossref.")
    assert "ORCID iD of author 1" in registration.message
    assert not OutboxTask.objects.exists()


def test_metadata_the_schema_refuses_is_never_sent(article, crossref_deposits):
    Contributor.objects.filter(submission=article.submission).update(given_names="A" * 70)
    batch = deposit(article)
    assert deposits.send_batch(batch_id=batch.pk) == DepositBatch.State.FAILED
    registration = registration_of(article)
    assert registration.state == Reg.FAILED
    assert "author 1" in registration.message
    assert "the given names is too long (at most 60 characters)" in registration.message
    assert crossref_deposits.requests == []


def test_a_whole_issue_is_one_batch_with_one_record_per_doi(crossref_deposits):
    issue = IssueFactory(publication_date=datetime.date(2021, 9, 30))
    articles = [published_article(doi=f"10.48015/issue-{n}", issue=issue, position_in_issue=n) for n in (2, 1, 3)]
    published_article(doi="", issue=issue)  # no DOI: left out
    batch = deposits.request_deposit(issue_id=issue.pk, reason="manual")
    assert batch.issue == issue
    assert [r.doi for r in batch.records.order_by("pk")] == ["10.48015/issue-1", "10.48015/issue-2", "10.48015/issue-3"]
    assert batch.xml.count("<journal_article") == 3
    assert DoiRegistration.objects.filter(article__in=articles, last_timestamp=batch.timestamp).count() == 3


# --- Sending and following -----------------------------------------------------------------------------


def test_without_credentials_the_doi_is_not_configured_with_what_to_set(article, settings, crossref_standin):
    settings.CROSSREF_LOGIN_ID = settings.CROSSREF_LOGIN_PASSWD = ""
    batch = deposit(article)
    assert deposits.send_batch(batch_id=batch.pk) == DepositBatch.State.NOT_CONFIGURED
    registration = registration_of(article)
    assert registration.state == Reg.NOT_CONFIGURED
    assert "set CROSSREF_LOGIN_ID and CROSSREF_LOGIN_PASSWD" in registration.message
    assert crossref_standin.requests == []


def test_a_successful_deposit_registers_the_doi_with_its_history(article, crossref_deposits):
    batch = deposit(article)
    assert send_and_follow(batch) == DepositBatch.State.COMPLETED
    registration = registration_of(article)
    assert (registration.state, registration.message) == (Reg.REGISTERED, "Successfully added")
    assert registration.registered_at is not None
    attempts = list(batch.attempts.values_list("kind", "http_status"))
    assert attempts == [("send", 200), ("result", 200)]
    result = batch.attempts.get(kind="result")
    assert result.diagnostics == [{"doi": DOI, "status": "Success", "message": "Successfully added"}]
    assert "<doi_batch_diagnostic" in result.response_body
    assert len(crossref_deposits.submissions) == 1
    assert crossref_deposits.submissions[0].file_name == f"{batch.batch_id}.xml"
    notes = list(Event.objects.filter(action=Event.Action.DOI_DEPOSIT).order_by("pk").values_list("note", flat=True))
    assert notes == [
        f"Deposit {batch.batch_id} requested (deposit now).",
        "Crossref has the deposit.",
        "Registered with Crossref.",
    ]


def test_a_failure_shows_crossrefs_own_message(article, crossref_deposits):
    crossref_deposits.set_outcome(DOI, "failure", "ISSN 2076-7404 belongs to another title")
    send_and_follow(deposit(article))
    registration = registration_of(article)
    assert (registration.state, registration.message) == (Reg.FAILED, "ISSN 2076-7404 belongs to another title")


def test_a_warning_is_registered_with_its_message(article, crossref_deposits):
    crossref_deposits.set_outcome(DOI, "warning")
    send_and_follow(deposit(article))
    registration = registration_of(article)
    assert registration.state == Reg.WARNING
    assert registration.message.startswith("Added with conflict")
    assert registration.registered_at is not None


def test_one_failed_doi_of_an_issue_leaves_the_others_registered(crossref_deposits):
    issue = IssueFactory(publication_date=datetime.date(2021, 9, 30))
    for n in (1, 2, 3):
        published_article(doi=f"10.48015/issue-{n}", issue=issue, position_in_issue=n)
    crossref_deposits.set_outcome("10.48015/issue-2", "failure", "Title mismatch")
    batch = deposits.request_deposit(issue_id=issue.pk, reason="manual")
    assert send_and_follow(batch) == DepositBatch.State.COMPLETED
    states = dict(DoiRegistration.objects.values_list("doi", "state"))
    assert states == {"10.48015/issue-1": "registered", "10.48015/issue-2": "failed", "10.48015/issue-3": "registered"}
    assert DoiRegistration.objects.get(doi="10.48015/issue-2").message == "Title mismatch"


def test_queued_answers_keep_the_doi_submitted_until_the_result(article, crossref_deposits):
    crossref_deposits.queued_polls = 3
    batch = deposit(article)
    assert deposits.send_batch(batch_id=batch.pk) == DepositBatch.State.SUBMITTED
    states = []
    for _ in range(4):
        DepositBatch.objects.filter(pk=batch.pk).update(last_checked_at=None)
        states.append(deposits.check_batch(batch_id=batch.pk))
        if states[-1] == DepositBatch.State.SUBMITTED:
            assert registration_of(article).state == Reg.SUBMITTED
    assert states == ["submitted", "submitted", "submitted", "completed"]
    assert DepositBatch.objects.get(pk=batch.pk).check_count == 3
    assert registration_of(article).state == Reg.REGISTERED


def test_a_second_chain_of_checks_stands_down_while_another_is_checking(article, crossref_deposits):
    crossref_deposits.queued_polls = 5
    batch = deposit(article)
    deposits.send_batch(batch_id=batch.pk)
    assert deposits.check_batch(batch_id=batch.pk) == DepositBatch.State.SUBMITTED
    assert deposits.check_batch(batch_id=batch.pk) == deposits.ALREADY_CHECKED
    assert [path for _, path, _ in crossref_deposits.requests].count("/servlet/submissionDownload") == 1


def test_a_401_says_test_mode_and_which_login_was_used(article, settings, crossref_deposits):
    settings.CROSSREF_LOGIN_PASSWD = "wrong-password-123"
    batch = deposit(article)
    assert deposits.send_batch(batch_id=batch.pk) == DepositBatch.State.FAILED
    message = registration_of(article).message
    assert "Crossref's test system" in message
    assert f"({crossref_deposits.url})" in message
    assert "rejected the login 'standin'" in message
    assert "is off" in message
    assert "wrong-password-123" not in message
    assert batch.attempts.get().http_status == 401


def test_a_journal_in_production_mode_deposits_there_and_its_401_says_so(article, settings, crossref_deposits):
    journal = article.submission.journal
    journal.deposit_to_production = True
    journal.save()
    send_and_follow(deposit(article))
    assert crossref_deposits.submissions[0].system == "/production"
    assert registration_of(article).state == Reg.REGISTERED
    settings.CROSSREF_LOGIN_PASSWD = "wrong"
    deposits.send_batch(batch_id=deposit(article).pk)
    message = registration_of(article).message
    assert "Crossref's production system" in message
    assert "is on" in message


def test_a_busy_crossref_leaves_the_batch_queued_and_asks_for_retry_after(article, crossref_deposits):
    crossref_deposits.retry_after = "3"
    crossref_deposits.script_uploads(429)
    batch = deposit(article)
    with pytest.raises(deposits.TryAgain) as again:
        deposits.send_batch(batch_id=batch.pk)
    assert again.value.retry_after == 3.0
    assert DepositBatch.objects.get(pk=batch.pk).state == DepositBatch.State.QUEUED
    assert batch.attempts.get().http_status == 429
    assert send_and_follow(batch) == DepositBatch.State.COMPLETED
    assert len(crossref_deposits.submissions) == 1


def test_an_unanswered_upload_is_not_sent_again_when_crossref_has_it(article, crossref_deposits):
    crossref_deposits.script_uploads("slow")
    batch = deposit(article)
    with pytest.raises(deposits.TryAgain):
        deposits.send_batch(batch_id=batch.pk)
    assert DepositBatch.objects.get(pk=batch.pk).state == DepositBatch.State.SENDING
    assert send_and_follow(batch) == DepositBatch.State.COMPLETED
    assert len(crossref_deposits.submissions) == 1
    assert registration_of(article).state == Reg.REGISTERED


def test_a_crash_between_upload_and_record_is_reconciled_without_a_second_upload(
    article, crossref_deposits, monkeypatch
):
    batch = deposit(article)
    with monkeypatch.context() as crash:
        crash.setattr(deposits, "record_submitted", lambda **kwargs: (_ for _ in ()).throw(SystemError("killed")))
        with pytest.raises(SystemError):
            deposits.send_batch(batch_id=batch.pk)
    assert len(crossref_deposits.submissions) == 1
    assert DepositBatch.objects.get(pk=batch.pk).state == DepositBatch.State.SENDING
    assert send_and_follow(batch) == DepositBatch.State.COMPLETED
    assert len(crossref_deposits.submissions) == 1
    assert registration_of(article).state == Reg.REGISTERED


def test_an_upload_crossref_never_got_is_sent_again_only_after_the_grace_period(article, crossref_deposits):
    batch = deposit(article)
    DepositBatch.objects.filter(pk=batch.pk).update(state="sending", send_started_at=timezone.now())
    with pytest.raises(deposits.TryAgain, match="does not know the batch yet"):
        deposits.send_batch(batch_id=batch.pk)
    assert crossref_deposits.submissions == []
    long_ago = timezone.now() - deposits.RESEND_AFTER - datetime.timedelta(seconds=1)
    DepositBatch.objects.filter(pk=batch.pk).update(send_started_at=long_ago)
    assert deposits.send_batch(batch_id=batch.pk) == DepositBatch.State.SUBMITTED
    assert [s.file_name for s in crossref_deposits.submissions] == [f"{batch.batch_id}.xml"]


def test_used_up_retries_fail_the_doi_with_the_last_reason(article, crossref_deposits):
    batch = deposit(article)
    deposits.give_up(batch_id=batch.pk, reason="Crossref is busy or failing (HTTP 503)")
    registration = registration_of(article)
    assert registration.state == Reg.FAILED
    assert registration.message == "Gave up after 8 retries: Crossref is busy or failing (HTTP 503)"


def test_a_batch_without_result_for_days_is_failed(article, crossref_deposits):
    crossref_deposits.queued_polls = 100
    batch = deposit(article)
    deposits.send_batch(batch_id=batch.pk)
    DepositBatch.objects.filter(pk=batch.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=4))
    assert deposits.check_batch(batch_id=batch.pk) == DepositBatch.State.FAILED
    assert "no result for the batch within 3 days" in registration_of(article).message


def test_an_older_batch_finishing_late_does_not_overwrite_the_newer_request(article, crossref_deposits):
    older = deposit(article)
    deposits.send_batch(batch_id=older.pk)
    newer = deposit(article)
    deposits.check_batch(batch_id=older.pk)
    assert DepositRecord.objects.get(batch=older).state == Reg.REGISTERED
    assert registration_of(article).state == Reg.QUEUED  # the newest deposit decides
    send_and_follow(newer)
    assert registration_of(article).state == Reg.REGISTERED
    assert registration_of(article).message == "Successfully updated"


def test_the_sweep_picks_up_stuck_batches_only(crossref_deposits):
    batches = {}
    for state in ("queued", "sending", "submitted", "completed", "failed"):
        batch = deposits.request_deposit(article_id=published_article(doi=f"10.48015/{state}").pk, reason="manual")
        DepositBatch.objects.filter(pk=batch.pk).update(state=state)
        batches[state] = batch
    OutboxTask.objects.all().delete()
    assert deposits.sweep_stuck_deposits() == 0  # nothing is stuck yet
    later = timezone.now() + datetime.timedelta(hours=1)
    assert deposits.sweep_stuck_deposits(now=later) == 3
    sent = sorted((task.task_name, task.args[0]) for task in OutboxTask.objects.all())
    assert sent == sorted(
        [
            ("editorial.send_deposit", batches["queued"].pk),
            ("editorial.send_deposit", batches["sending"].pk),
            ("editorial.check_deposit", batches["submitted"].pk),
        ]
    )
    assert deposits.sweep_stuck_deposits(now=later) == 0  # swept batches wait for the next period


def test_credentials_are_never_stored_anywhere(article, settings, crossref_deposits):
    send_and_follow(deposit(article))
    settings.CROSSREF_LOGIN_PASSWD = "another-secret-456"
    deposits.send_batch(batch_id=deposit(article).pk)  # a 401
    texts = []
    for model in (DepositBatch, DepositRecord, DepositAttempt, DoiRegistration, Event, OutboxTask):
        for row in model.objects.values():
            texts += [str(value) for value in row.values()]
    assert texts
    assert not [text for text in texts if STANDIN_PASSWORD in text or "another-secret-456" in text]


# --- Triggers ------------------------------------------------------------------------------------------


def test_publication_deposits_an_article_with_a_doi_and_skips_one_without(crossref_deposits):
    editor = UserFactory()
    batch = deposits.deposit_after_publication(article_id=published_article(doi=DOI).pk, published_by=editor)
    assert (batch.reason, batch.requested_by, batch.state) == ("publication", editor, "queued")
    assert OutboxTask.objects.filter(task_name="editorial.send_deposit", args=[batch.pk]).exists()
    assert deposits.deposit_after_publication(article_id=published_article(doi="").pk) is None


def test_a_redeposit_follows_a_metadata_change_only(article, crossref_deposits):
    assert deposits.redeposit_if_metadata_changed(article_id=article.pk) is None  # never deposited
    send_and_follow(deposit(article))
    assert deposits.redeposit_if_metadata_changed(article_id=article.pk) is None  # nothing changed
    Submission.objects.filter(pk=article.submission_id).update(title_en="Balances of Power, revised")
    again = deposits.redeposit_if_metadata_changed(article_id=article.pk)
    assert again.reason == DepositBatch.Reason.METADATA_CHANGE
    assert again.timestamp > DepositBatch.objects.exclude(pk=again.pk).get().timestamp
    assert "Balances of Power, revised" in again.xml
    assert deposits.redeposit_if_metadata_changed(article_id=article.pk) is None


def test_deposit_now_is_for_staff_and_managing_editors_of_the_journal(article):
    journal = article.submission.journal
    editor = UserFactory()
    Role.objects.create(
        person=Person.objects.create(user=editor, given_names="E", family_name="D", email="e@x.org"),
        journal=journal,
        kind=Role.Kind.MANAGING_EDITOR,
    )
    outsider = UserFactory()
    Role.objects.create(
        person=Person.objects.create(user=outsider, given_names="O", family_name="S", email="o@x.org"),
        journal=JournalFactory(),
        kind=Role.Kind.MANAGING_EDITOR,
    )
    with pytest.raises(PermissionDenied):
        deposits.deposit_now(user=outsider, article_id=article.pk)
    assert deposits.deposit_now(user=editor, article_id=article.pk).requested_by == editor
    assert deposits.deposit_now(user=UserFactory(is_staff=True, is_superuser=True), article_id=article.pk)
    with pytest.raises(PermissionDenied):  # staff status opens the admin, it is no journal role
        deposits.deposit_now(user=UserFactory(is_staff=True), article_id=article.pk)


def test_without_a_worker_the_deposit_runs_in_process_after_commit(
    article, crossref_deposits, django_capture_on_commit_callbacks
):
    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            deposit(article)
    finally:
        current_app.conf.task_always_eager = eager
    assert registration_of(article).state == Reg.REGISTERED
    assert set(OutboxTask.objects.values_list("task_name", "state")) == {
        ("editorial.send_deposit", "done"),
        ("editorial.check_deposit", "done"),
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_doi_get_distinct_increasing_timestamps(monkeypatch):
    article = published_article(doi=DOI)
    frozen = timezone.now()  # every process reads the same clock value: only the database orders them
    monkeypatch.setattr(deposits.timezone, "now", lambda: frozen)
    start, errors = threading.Barrier(4), []

    def editor() -> None:
        try:
            start.wait()
            for _ in range(5):
                deposits.request_deposit(article_id=article.pk, reason="manual", dispatch=False)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=editor) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    stamps = sorted(DepositBatch.objects.values_list("timestamp", flat=True))
    assert stamps == list(range(stamps[0], stamps[0] + 20))
    assert registration_of(article).last_timestamp == stamps[-1]


def test_retry_delays_grow_with_jitter_up_to_a_ceiling_and_honour_retry_after(settings):
    settings.CROSSREF_RETRY_BASE_SECONDS = 2.0
    first = [deposits.retry_delay(0) for _ in range(50)]
    assert all(1.0 <= delay <= 2.0 for delay in first)
    assert len(set(first)) > 1  # jitter: retries of many batches do not arrive together
    assert all(8.0 <= deposits.retry_delay(3) <= 16.0 for _ in range(20))
    assert deposits.retry_delay(200) <= deposits.MAX_RETRY_DELAY
    assert deposits.retry_delay(0, retry_after=120.0) == 120.0
