"""Background work runs in the processes ``make run`` starts, no request waits on it, and the system says
when it stalls (issue 17).

The web server, a Celery worker, Celery beat and the Crossref stand-in run as real processes, each
started from its line of the repository's Procfile on a fresh site (tests/support/processes.py): first
in ``make run``'s own configuration (SQLite, the broker and the cache in folders), then with PostgreSQL
and Redis in the services pass. Nobody calls a task here: beat sends the periodic jobs and the worker
runs them, and the test only sets up what an editor would and watches what happens.

Every period is two seconds (HEARTBEAT_SECONDS, PUBLISH_DUE_SECONDS, ... in the site's environment),
so a few seconds of waiting stand for the minutes of a real site.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
import requests

from editorial.outbox import task_names
from tests.support.processes import (
    DEMO_EDITOR,
    MAKE_RUN,
    PERIOD_SECONDS,
    PROCFILE,
    REDIS_POSTGRES,
    REPO,
    VENV_BIN,
    SignedIn,
    fresh_site,
    messages,
    port_answers,
    runs_since,
    stalled_work_banner,
    text_of,
    wait_for,
    wait_until_running,
)

pytestmark = pytest.mark.processes

CONFIGURATIONS = [
    pytest.param(MAKE_RUN, id=MAKE_RUN),
    pytest.param(REDIS_POSTGRES, id=REDIS_POSTGRES, marks=[pytest.mark.redis, pytest.mark.postgres]),
]
PROCFILE_PROCESSES = ("web", "worker", "beat", "crossref")
NO_WORKER = "No background worker is running"
# How long the site may take to do what a worker and beat do in a few periods: generous, because a
# slow machine must not fail these tests; they wait for what happens, not for a time.
WORK_SECONDS = 60
HEARTBEAT_SECONDS = PERIOD_SECONDS


@pytest.fixture(autouse=True)
def _empty_cache():
    """Left alone: in the services pass this process's cache is the Redis the processes under test use
    as their broker, and emptying it (as the suite's fixture does before each test) would remove the
    broker's queue bindings under a running worker."""


@pytest.fixture(scope="module", params=CONFIGURATIONS)
def site(request, tmp_path_factory):
    """The demo journal with web, worker, beat and the stand-in running, shared by this module's tests
    of one configuration (each works on different records) to save the start-up."""
    with fresh_site(request.param, tmp_path_factory.mktemp(request.param)) as running:
        for name in PROCFILE_PROCESSES:
            running.start(name)
        wait_until_running(running)
        yield running


@pytest.fixture(autouse=True)
def _logs_on_failure(request):
    """The end of every process's log in the output of a failed test (shown only when it fails)."""
    yield
    site = request.node.funcargs.get("site")
    if site is not None:
        print(site.logs())


# --- Scheduled publication and its DOI --------------------------------------------------------------


SCHEDULE_AN_ARTICLE = """
    import datetime
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from editorial.journals.models import Issue, Person, Role
    from editorial.production.services import copyediting, publication
    from editorial.submissions.models import Submission
    from editorial.workflow import State

    editor = get_user_model().objects.get(username=editor_name)
    submission = Submission.objects.get(state=State.ACCEPTED, title_en=title)
    journal = submission.journal
    person = Person.objects.get(user=editor)
    # The demo journal has no copyeditor: its managing editor takes the role, as an admin would give it.
    Role.objects.get_or_create(person=person, journal=journal, kind=Role.Kind.COPYEDITOR)
    today = timezone.localdate()
    copyediting.assign_copyeditor(
        user=editor, submission_id=submission.pk, copyeditor_person_id=person.pk,
        due_on=today + datetime.timedelta(days=7),
    )
    issue = Issue.objects.get(journal=journal, year=2021, volume=13, number="3")
    publication.set_publication_record(
        user=editor, submission_id=submission.pk, issue_id=issue.pk, section_id=submission.section_id,
        first_page="112", last_page="130",
    )
    when = timezone.now() + datetime.timedelta(seconds=seconds_ahead)
    article = publication.publish(
        user=editor, submission_id=submission.pk, publish_at=when,
        override_reason="The demo journal has no licence and this article no galley: publishing the record alone.",
    )
    submission.refresh_from_db()
    result = {"article": article.pk, "submission": submission.pk, "doi": article.doi, "state": submission.state,
              "scheduled_for": article.scheduled_for.isoformat()}
"""

PUBLICATION = """
    from editorial.deposits.models import DepositAttempt, DoiRegistration
    from editorial.production.models import Article, ArticleVersion
    from editorial.publishing.links import article_url
    from editorial.submissions.models import Event

    article = Article.objects.select_related("submission__journal").get(pk=article_id)
    published = Event.objects.filter(submission_id=article.submission_id, to_state="published")
    registration = DoiRegistration.objects.filter(article=article).first()
    result = {
        "status": article.status,
        "url": article_url(article),
        "published_events": [(event.actor_id, event.created_at.isoformat()) for event in published],
        "versions": ArticleVersion.objects.filter(article=article).count(),
        "registration": registration.state if registration else None,
        "uploads": DepositAttempt.objects.filter(
            batch__records__doi=article.doi, kind=DepositAttempt.Kind.SEND
        ).count(),
    }
"""


def test_an_article_scheduled_ahead_is_published_by_beat_and_its_doi_registered(site):
    # The issue says "a minute ahead"; with beat looking every two seconds, five seconds ahead shows
    # the same thing: nobody touches the article after scheduling it, and it is published once its
    # time has come.
    scheduled = site.probe(
        SCHEDULE_AN_ARTICLE,
        editor_name=DEMO_EDITOR,
        title="[Demo] Regional Organisations and Conflict Settlement in Eurasia",
        seconds_ahead=5,
    )
    assert scheduled["state"] == "scheduled"
    assert scheduled["doi"], "the DOI is minted from the journal's pattern"

    def registered():
        found = site.probe(PUBLICATION, article_id=scheduled["article"])
        return found if found["registration"] == "registered" else None

    found = wait_for(
        registered,
        seconds=WORK_SECONDS,
        what="the scheduled article published by beat and its DOI polled to registered",
        describe=lambda: f"{site.probe(PUBLICATION, article_id=scheduled['article'])}\n{site.logs()}",
    )
    assert found["status"] == "published"
    [(actor, published_at)] = found["published_events"]
    assert actor is None, "published by the periodic job, not by a person"
    assert published_at >= scheduled["scheduled_for"], "not before its time"
    assert found["versions"] == 1
    assert found["uploads"] == 1, "the deposit went to the stand-in once"

    reader = requests.get(f"{site.url}{found['url']}", timeout=30)
    assert reader.status_code == 200
    assert scheduled["doi"] in reader.text
    status_page = site.signed_in().page("/editorial/status/")
    crossref = text_of(status_page, '//tr[@class="journal"]')
    assert "stand-in" in crossref
    assert "Completed" in crossref


# --- Review reminders -----------------------------------------------------------------------------------


ASSIGNMENT = """
    import datetime
    from django.utils import timezone
    from editorial.review.models import ReviewAssignment

    assignment = ReviewAssignment.objects.select_related("reviewer").get(reviewer__user__username=reviewer_name)
    today = timezone.localdate()
    result = {
        "id": assignment.pk,
        "submission": assignment.submission_id,
        "email": assignment.reviewer.email,
        "tomorrow": (today + datetime.timedelta(days=1)).isoformat(),
        "in_ten_days": (today + datetime.timedelta(days=10)).isoformat(),
    }
"""

REMINDERS = """
    from editorial.mail.models import OutgoingEmail
    from editorial.review.models import ReviewReminder

    emails = OutgoingEmail.objects.filter(to=email, kind__startswith="review_reminder").order_by("pk")
    result = {
        "reminders": [reminder.threshold for reminder in ReviewReminder.objects.filter(assignment_id=assignment_id)],
        "emails": [[message.kind, message.status, message.attempts] for message in emails],
        "subjects": [message.subject for message in emails],
    }
"""


def _extend_form(assignment: dict) -> str:
    return f"/editorial/manage/{assignment['submission']}/reviews/{assignment['id']}/extend/"


def test_a_review_reminder_goes_once_when_its_threshold_passes(site):
    assignment = site.probe(ASSIGNMENT, reviewer_name="demo-reviewer-2")  # at work, due in three weeks
    runs_since(site, task_names.SEND_REVIEW_REMINDERS, 2, seconds=WORK_SECONDS)
    before = site.probe(REMINDERS, assignment_id=assignment["id"], email=assignment["email"])
    assert before["reminders"] == [], "nothing is due yet: no reminder"
    assert before["emails"] == []

    # The editor brings the due date to tomorrow: within the journal's three days, a reminder is due.
    page = site.signed_in().post(_extend_form(assignment), {"due_date": assignment["tomorrow"]})
    assert "is now due on" in messages(page), messages(page)

    def reminded():
        found = site.probe(REMINDERS, assignment_id=assignment["id"], email=assignment["email"])
        return found if ["review_reminder_due_soon", "sent", 1] in found["emails"] else None

    wait_for(reminded, seconds=WORK_SECONDS, what="the due-soon reminder sent", describe=site.logs)
    runs_since(site, task_names.SEND_REVIEW_REMINDERS, 3, seconds=WORK_SECONDS)

    after = site.probe(REMINDERS, assignment_id=assignment["id"], email=assignment["email"])
    assert after["reminders"] == ["due_soon"]
    assert after["emails"] == [["review_reminder_due_soon", "sent", 1]]
    [subject] = after["subjects"]
    delivered = site.mail_to(assignment["email"])
    assert delivered.count(subject) == 1, f"the mail server took the reminder once: {delivered}"


# --- The worker killed, reported, started again ------------------------------------------------------------------


NEWEST_EMAIL = """
    from editorial.mail.models import OutgoingEmail

    result = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
"""

BACKLOG = """
    from editorial.mail.models import OutgoingEmail
    from editorial.outbox.models import OutboxTask

    emails = list(OutgoingEmail.objects.filter(pk__gt=after_email).order_by("pk"))
    ids = {message.pk for message in emails}
    rows = [row for row in OutboxTask.objects.filter(task_name="editorial.send_email") if row.args[0] in ids]
    result = {
        "emails": [[message.to, message.subject, message.status, message.attempts] for message in emails],
        "outbox": sorted([row.state, row.dispatch_count] for row in rows),
    }
"""


def _worker_column(page) -> list[str]:
    return [" ".join(cell.text_content().split()) for cell in page.xpath('//tr[@class="worker"]/td[1]')]


def _no_worker_reported(editor: SignedIn) -> bool:
    status = editor.page("/editorial/status/")
    return (
        NO_WORKER in stalled_work_banner(editor.page("/editorial/dashboard/"))
        and NO_WORKER in stalled_work_banner(status)
        and _worker_column(status) == ["not alive"]
    )


def test_a_killed_worker_is_reported_and_its_backlog_drains_once_it_is_back(site):
    editor = site.signed_in()
    wait_for(
        lambda: not stalled_work_banner(editor.page("/editorial/dashboard/")),
        seconds=WORK_SECONDS,
        what="the dashboard without a banner while everything runs",
        describe=lambda: stalled_work_banner(editor.page("/editorial/dashboard/")) + site.logs(),
    )
    assert _worker_column(editor.page("/editorial/status/")) == ["alive"]
    invited = site.probe(ASSIGNMENT, reviewer_name="demo-reviewer-1")  # the demo's invitation waiting
    after_email = site.probe(NEWEST_EMAIL)

    site.kill("worker")
    # A worker silent for two heartbeat periods is not alive, and its last heartbeat came before the
    # kill: the pages say so at most two periods from now. One period more, and a second for asking them.
    wait_for(
        lambda: _no_worker_reported(editor),
        seconds=3 * HEARTBEAT_SECONDS + 1,
        what="the dashboard's banner and the status page saying no worker is running",
        describe=site.logs,
    )

    # The editor carries on: each page answers at once, its e-mail waits for a worker.
    page = editor.post(_extend_form(invited), {"due_date": invited["in_ten_days"]})
    assert "is now due on" in messages(page), messages(page)
    page = editor.post(
        f"/editorial/manage/{invited['submission']}/reviews/invite/",
        {"email": "nora.newcomer@example.org", "given_names": "Nora", "family_name": "Newcomer"},
    )
    assert "has been invited to review" in messages(page), messages(page)
    waiting = site.probe(BACKLOG, after_email=after_email)
    assert {to for to, *_ in waiting["emails"]} == {invited["email"], "nora.newcomer@example.org"}
    assert {status for *_, status, _ in waiting["emails"]} == {"pending"}, "no worker, nothing sent"
    outbox = text_of(editor.page("/editorial/status/"), '//dd[@id="outbox-pending"]')
    assert int(outbox.split(";")[0]) >= len(waiting["emails"]), outbox

    site.start("worker")  # the same Procfile line
    wait_for(
        lambda: not stalled_work_banner(editor.page("/editorial/dashboard/")),
        seconds=WORK_SECONDS,
        what="the banner gone once the worker is back",
        describe=lambda: stalled_work_banner(editor.page("/editorial/dashboard/")) + site.logs(),
    )
    wait_for(
        lambda: {status for *_, status, _ in site.probe(BACKLOG, after_email=after_email)["emails"]} == {"sent"},
        seconds=WORK_SECONDS,
        what="the e-mails of the editor's actions while the worker was down, sent",
        describe=lambda: f"{site.probe(BACKLOG, after_email=after_email)}\n{site.logs()}",
    )
    runs_since(site, task_names.DISPATCH_PENDING_SIDE_EFFECTS, 2, seconds=WORK_SECONDS)

    drained = site.probe(BACKLOG, after_email=after_email)
    assert len(drained["emails"]) == len(waiting["emails"]), "nothing new came of the restart"
    assert {(status, attempts) for *_, status, attempts in drained["emails"]} == {("sent", 1)}
    assert drained["outbox"] == [["done", 1]] * len(drained["emails"]), "each handed to the broker once and done"
    for to, subject, *_ in drained["emails"]:
        assert site.mail_to(to).count(subject) == 1, f"{subject!r} delivered to {to} once: {site.mail_to(to)}"
    assert _worker_column(editor.page("/editorial/status/")) == ["alive"]


# --- make run itself -------------------------------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    """Every process descended from ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "(gone)"


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_make_run_starts_every_process_under_honcho_and_ctrl_c_stops_them_all(configuration, tmp_path):
    with fresh_site(configuration, tmp_path, demo=False) as site:
        command = [str(VENV_BIN / "honcho"), "start", "--procfile", str(PROCFILE), *PROCFILE_PROCESSES]
        with site.log_of("honcho").open("ab") as output:
            honcho = subprocess.Popen(
                command,
                cwd=REPO,
                env=site.environment,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        children: set[int] = set()
        try:
            wait_until_running(site)
            assert requests.get(f"{site.url}/healthz", timeout=10).json() == {"status": "ok"}
            children = _children(honcho.pid)
            commands = " | ".join(_command_line(pid) for pid in children)
            for expected in ("runserver", "celery -A journal worker", "celery -A journal beat", "crossref_standin"):
                assert expected in commands, commands

            honcho.send_signal(signal.SIGINT)  # Ctrl-C in the terminal of `make run`
            honcho.wait(timeout=60)
            log = site.log_of("honcho").read_text(errors="replace")
            for name in PROCFILE_PROCESSES:
                assert f"{name}.1 stopped" in log, log[-3000:]
            # Not asserted: that each stops on honcho's SIGTERM alone. The worker's warm shutdown on the
            # folder broker takes about as long as honcho waits (5 s) before it sends SIGKILL.
            left = {pid: _command_line(pid) for pid in children if _running(pid)}
            assert left == {}, f"processes left running after honcho stopped:\n{site.logs()}"
            for port in (site.web_port, *site.standin_ports):
                assert not port_answers(port), f"something still listens on {port}"
        finally:
            for pid in [honcho.pid, *children]:
                if _running(pid):
                    os.kill(pid, signal.SIGKILL)
            honcho.wait(timeout=30)
