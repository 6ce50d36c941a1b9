"""The system says when background work stalls: heartbeats and periodic runs recorded by Celery's
signals and the heartbeat task, the editors' banner in words, and the status page (issue 17)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial import tasks
from editorial.deposits.models import DepositBatch
from editorial.operations.models import PeriodicRun, WorkerHeartbeat
from editorial.outbox import task_names
from editorial.outbox.models import OutboxTask
from journal.celery import BEAT_SCHEDULE
from tests.support.factories import UserFactory

PERIODIC = sorted({entry["task"] for entry in BEAT_SCHEDULE.values()})


def _ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def _alive_worker(hostname="worker@host-a", started=3600 * 24):
    return WorkerHeartbeat.objects.create(hostname=hostname, started_at=_ago(started), last_seen=_ago(1))


def _all_jobs_ran_just_now():
    for name in PERIODIC:
        PeriodicRun.objects.create(task_name=name, last_started=_ago(2), last_finished=_ago(1), last_outcome="SUCCESS")


def _dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("editor-dashboard")).content.decode()


@pytest.mark.django_db
def test_the_heartbeat_task_records_a_row_for_the_worker_that_ran_it(tasks_in_process):
    hostname = tasks.record_heartbeat.delay().get()  # as beat's message, run in this process
    first = WorkerHeartbeat.objects.get(hostname=hostname)
    tasks.record_heartbeat.delay()
    again = WorkerHeartbeat.objects.get(hostname=hostname)
    assert again.last_seen > first.last_seen
    assert again.started_at == first.started_at


@pytest.mark.django_db
def test_a_worker_that_starts_records_its_heartbeat():
    from celery.signals import worker_ready

    class StartedWorker:
        hostname = "celery@starting"

    worker_ready.send(sender=StartedWorker())
    assert WorkerHeartbeat.objects.filter(hostname="celery@starting").exists()


@pytest.mark.django_db
def test_a_periodic_job_run_by_celery_records_its_start_finish_and_outcome(tasks_in_process):
    tasks.dispatch_pending_side_effects.delay()
    run = PeriodicRun.objects.get(task_name=task_names.DISPATCH_PENDING_SIDE_EFFECTS)
    assert run.last_outcome == "SUCCESS"
    assert run.last_started <= run.last_finished


@pytest.mark.django_db
def test_a_task_that_is_not_periodic_records_no_run(tasks_in_process):
    tasks.invalidate_article_pages.delay([])
    assert not PeriodicRun.objects.exists()


def test_without_a_heartbeat_the_dashboard_says_no_worker_is_running(cast, client):
    page = _dashboard(client, cast.managing_editor)
    assert "No background worker is running" in page
    assert reverse("system-status") in page, "a managing editor is shown the way to the status page"


def test_a_periodic_job_late_by_more_than_two_periods_is_named_in_the_banner(cast, client):
    _alive_worker()
    _all_jobs_ran_just_now()
    PeriodicRun.objects.filter(task_name=task_names.PUBLISH_DUE_ARTICLES).update(last_finished=_ago(2 * 60 + 30))
    page = _dashboard(client, cast.handling_editor)
    assert "Scheduled publication is not running" in page
    assert "should run every minute" in page
    assert "Reminders to reviewers is not running" not in page
    assert reverse("system-status") not in page, "a section editor may not open the status page"


def test_a_job_late_by_less_than_two_periods_and_a_live_worker_make_no_banner(cast, client):
    _alive_worker()
    _all_jobs_ran_just_now()
    PeriodicRun.objects.filter(task_name=task_names.PUBLISH_DUE_ARTICLES).update(last_finished=_ago(90))
    page = _dashboard(client, cast.managing_editor)
    assert "Background work has stopped" not in page
    assert "is not running" not in page


def test_a_job_that_never_ran_is_late_only_once_workers_have_been_up_for_two_periods(cast, client):
    _alive_worker(started=60)
    _all_jobs_ran_just_now()
    PeriodicRun.objects.filter(task_name=task_names.SEND_REVIEW_REMINDERS).delete()
    assert "Reminders to reviewers" not in _dashboard(client, cast.managing_editor)
    WorkerHeartbeat.objects.update(started_at=_ago(3 * 3600))
    assert "Reminders to reviewers is not running" in _dashboard(client, cast.managing_editor)


def test_a_stale_heartbeat_is_no_live_worker(cast, client, settings):
    settings.HEARTBEAT_SECONDS = 30
    _all_jobs_ran_just_now()
    WorkerHeartbeat.objects.create(hostname="celery@gone", started_at=_ago(3600), last_seen=_ago(61))
    assert "No background worker is running" in _dashboard(client, cast.managing_editor)


# --- The status page --------------------------------------------------------------------------------


def _batch(journal, state, message="", **extra):
    return DepositBatch.objects.create(
        batch_id=f"b-{journal.slug}-{state}-{DepositBatch.objects.count()}",
        journal=journal,
        reason=DepositBatch.Reason.PUBLICATION,
        state=state,
        message=message,
        timestamp=1,
        production=False,
        **extra,
    )


def test_the_status_page_shows_workers_jobs_queue_outbox_mail_storage_and_crossref(cast, client, settings):
    settings.CROSSREF_LOGIN_ID, settings.CROSSREF_LOGIN_PASSWD = "depositor", "secret"
    settings.CROSSREF_DEPOSIT_URL = "http://127.0.0.1:8765"
    _alive_worker("celery@host-a")
    WorkerHeartbeat.objects.create(hostname="celery@host-z", started_at=_ago(7200), last_seen=_ago(3600))
    _all_jobs_ran_just_now()
    OutboxTask.objects.create(task_name=task_names.SEND_EMAIL, args=[1])
    _batch(cast.journal, DepositBatch.State.QUEUED)
    _batch(cast.journal, DepositBatch.State.FAILED, message="Crossref refused the login")
    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)

    page = client.get(reverse("system-status")).content.decode()

    assert "celery@host-a" in page
    assert "celery@host-z" in page
    assert page.count(">alive<") == 1
    assert page.count(">not alive<") == 1
    for name in PERIODIC:
        assert name in page
    assert "Scheduled publication" in page
    assert "on time" in page
    # The default queue's Redis list, or its message files in the broker's folder without Redis.
    assert re.search(r'id="queue-length">\d+<', page), page
    assert "1; the oldest, <code>editorial.send_email</code>" in page
    assert settings.EMAIL_BACKEND in page
    assert settings.STORAGES["default"]["BACKEND"] in page
    assert "Journal of Workflow Studies" in page
    assert "Another Journal" in page
    assert "stand-in" in page
    assert "Failed (" in page, "the newest deposit's outcome"
    assert "Crossref refused the login" in page
    assert "Background work is running." in page


@pytest.mark.parametrize(
    ("login", "production", "deposit_url", "mode"),
    [
        ("", False, "https://test.crossref.org", "not configured"),
        ("depositor", False, "https://test.crossref.org", "test"),
        ("depositor", True, "https://test.crossref.org", "production"),
        ("depositor", False, "http://localhost:8765", "stand-in"),
    ],
)
def test_the_crossref_mode_follows_credentials_the_journals_switch_and_the_deposit_url(
    cast, client, settings, login, production, deposit_url, mode
):
    settings.CROSSREF_LOGIN_ID, settings.CROSSREF_LOGIN_PASSWD = login, login and "secret"
    settings.CROSSREF_DEPOSIT_URL = deposit_url
    cast.journal.deposit_to_production = production
    cast.journal.save()
    client.force_login(cast.managing_editor)
    page = client.get(reverse("system-status")).content.decode()
    row = page.split("Journal of Workflow Studies</th>")[1].split("</tr>")[0]
    assert f"<td>{mode}<br>" in row
    assert "none yet" in row


def test_a_managing_editor_sees_only_their_journals(cast, client):
    client.force_login(cast.managing_editor)
    response = client.get(reverse("system-status"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Journal of Workflow Studies" in page
    assert "Another Journal" not in page


@pytest.mark.parametrize("role", ["author", "handling_editor"])
def test_authors_and_section_editors_are_refused_the_status_page(cast, client, role):
    client.force_login(getattr(cast, role))
    assert client.get(reverse("system-status")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("system-status"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_journal_may_not_take_the_readiness_probes_address():
    from django.core.exceptions import ValidationError

    from editorial.journals.models.journals import validate_journal_slug

    with pytest.raises(ValidationError):
        validate_journal_slug("readyz")


def test_the_status_page_costs_the_same_queries_for_one_journal_or_many(cast, client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support.factories import JournalFactory

    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    _alive_worker()
    _batch(cast.journal, DepositBatch.State.COMPLETED)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("system-status")).status_code == 200
    for number in range(4):
        journal = JournalFactory(title=f"Journal {number}", slug=f"journal-{number}")
        _batch(journal, DepositBatch.State.FAILED)
        WorkerHeartbeat.objects.create(hostname=f"celery@{number}", started_at=_ago(60), last_seen=_ago(1))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("system-status")).status_code == 200
