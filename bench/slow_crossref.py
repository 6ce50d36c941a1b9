"""No request waits on Crossref (issue 17): the four requests that give Crossref work, timed on a real
server while both Crossref stand-ins take 5 s to answer anything.

gunicorn serves the site and a Celery worker runs beside it, as in production; the stand-ins (deposit
system and REST API) run in this process with 5 s of latency. Twenty timed rounds (after three
untimed ones that warm the server's workers up) of these requests, each through the site's own HTML
forms over HTTP with a signed-in session:

- an author submits a manuscript with the demo article's 50 references (a reference check is queued);
- an editor publishes an article from the production panel (its DOI deposit is queued);
- "deposit now" in the admin for that article (another deposit is queued);
- "check references" on a submitted manuscript's report page (a check is queued).

Each request is timed from sending it to its redirect; the median and the slowest of each kind are
the figures, and the target is that even the slowest answers in under 300 ms. Meanwhile the worker is
carrying out the queued work against the slow stand-ins (their request counts during the run show
it), so a request that called Crossref itself would take over 5 s. What the requests recorded (the
batches, checks and outbox rows of every round, warm-up included) is counted from the database.

The manuscripts and articles are made with the test suite's builders (tests/support), the same path
the tests take them through.

    python bench/slow_crossref.py      (or: python bench/run.py slow_crossref)

Uses the benchmark database and Redis DB of bench/harness.py (BENCH_DATABASE_URL, BENCH_REDIS_URL),
which it resets.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field

import requests
from harness import ENV, ROOT, celery_worker, emit, gunicorn, reset_database, setup_django

RUNS = 20
WARM_UP_ROUNDS = 3  # untimed, first: a fresh gunicorn worker's first requests load templates and modules
LATENCY_SECONDS = 5.0
TARGET_MS = 300
LOGIN, PASSWORD = "bench", "bench-standin-password"
ACTIONS = ["submit", "publish", "deposit_now", "check_references"]


@dataclass
class Round:
    """What one round acts on: a draft to submit, an article to publish and deposit, a manuscript to check."""

    draft_id: int
    publish_submission_id: int
    article_id: int
    check_submission_id: int


@dataclass
class Timings:
    ms: dict[str, list[float]] = field(default_factory=lambda: {action: [] for action in ACTIONS})
    failures: list[str] = field(default_factory=list)


def demo_reference_texts() -> list[str]:
    from editorial.demo.loader import DEFAULT_FIXTURE

    entries = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))["published_article"]["references"]
    return [entry["raw_text"] for entry in entries]


def build_world(runs: int):
    """The journal and its people as the tests' ``cast`` and ``crew`` fixtures make them, and what each
    round acts on."""
    from editorial.bibliography.parser import parse_reference
    from editorial.models import Reference, Role
    from editorial.submissions.services import submissions
    from editorial.workflow import State
    from tests.support.factories import IssueFactory, JournalFactory, SectionFactory, SubmissionFactory, UserFactory
    from tests.support.production_fixtures import Crew, in_production
    from tests.support.workflow_fixtures import Cast, _person_with_user, _role, ready_draft

    journal = JournalFactory(
        title="Journal of Slow Crossref Studies",
        slug="slow-crossref",
        license_url="https://creativecommons.org/licenses/by/4.0/",
    )
    cast = Cast(
        journal=journal,
        section=SectionFactory(journal=journal, title="Articles"),
        other_journal=None,
        author=_person_with_user("author", "Anna", "Testova"),
        other_author=None,
        managing_editor=_person_with_user("managing", "Maria", "Manager"),
        handling_editor=_person_with_user("handling", "Hugo", "Handler"),
        other_editor=None,
    )
    _role(cast.author, journal, Role.Kind.AUTHOR)
    _role(cast.managing_editor, journal, Role.Kind.MANAGING_EDITOR)
    _role(cast.handling_editor, journal, Role.Kind.SECTION_EDITOR)
    copyeditor = _person_with_user("copyeditor", "Cora", "Copyedit")
    typesetter = _person_with_user("typesetter", "Tom", "Typeset")
    _role(copyeditor, journal, Role.Kind.COPYEDITOR)
    _role(typesetter, journal, Role.Kind.TYPESETTER)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    admin.set_password(password_of_the_cast())
    admin.save()

    references = demo_reference_texts()
    rounds = []
    for n in range(runs):
        draft = ready_draft(cast, title=f"Alliances under a slow Crossref ({n})")
        submissions.save_references(user=cast.author, submission_id=draft.pk, items=references)
        # An issue of its own for each article: its DOI is made of the issue and the pages.
        issue = IssueFactory(journal=journal, volume=13, number=str(n + 1), year=2021, is_published=False)
        crew = Crew(copyeditor=copyeditor, typesetter=typesetter, issue=issue)
        to_publish, article = in_production(cast, crew, title=f"Published under a slow Crossref ({n})")
        to_check = SubmissionFactory(journal=journal, submitter=cast.author, state=State.SUBMITTED)
        Reference.objects.bulk_create(
            Reference(
                submission=to_check, position=position, raw_text=text, doi=parse_reference(text, position=position).doi
            )
            for position, text in enumerate(references, start=1)
        )
        rounds.append(Round(draft.pk, to_publish.pk, article.pk, to_check.pk))
    return cast, admin, rounds


def password_of_the_cast() -> str:
    from tests.support.workflow_fixtures import PASSWORD

    return PASSWORD


def signed_in(base: str, username: str) -> requests.Session:
    """A browser's session: the login form with its CSRF token, then the session cookie."""
    from django.urls import reverse

    session = requests.Session()
    login = base + reverse("login")
    session.get(login, timeout=30).raise_for_status()
    answer = session.post(
        login,
        {"username": username, "password": password_of_the_cast(), "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"{username} could not sign in: HTTP {answer.status_code}")
    return session


def timed_post(session: requests.Session, url: str, data: dict) -> tuple[float, requests.Response]:
    """A form's POST, as the browser sends it; milliseconds until the answer (a redirect) is read."""
    data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    started = time.perf_counter()
    response = session.post(url, data, allow_redirects=False, timeout=60)
    return (time.perf_counter() - started) * 1000, response


def run_rounds(base: str, cast, admin, rounds: list[Round], *, warm_up: int = 0) -> Timings:
    """Each round's four requests in turn; the first ``warm_up`` rounds are made but not counted."""
    from django.urls import reverse

    author, editor, admin_session = (
        signed_in(base, user.username) for user in (cast.author, cast.managing_editor, admin)
    )
    timings = Timings()
    for number, one in enumerate(rounds):
        report = reverse("reference-check-report", args=[one.check_submission_id])
        requests_of_the_round = {
            "submit": (author, reverse("draft-step", args=[one.draft_id, "submit"]), {}),
            "publish": (editor, reverse("production-step", args=[one.publish_submission_id, "publish"]), {}),
            "deposit_now": (
                admin_session,
                reverse("admin:editorial_article_changelist"),
                {"action": "deposit_articles", "_selected_action": one.article_id},
            ),
            "check_references": (
                editor,
                reverse("reference-check-run", args=[one.check_submission_id]),
                {"next": report},
            ),
        }
        for action, (session, path, data) in requests_of_the_round.items():
            ms, response = timed_post(session, base + path, data)
            if number >= warm_up:
                timings.ms[action].append(ms)
            if response.status_code != 302:
                timings.failures.append(f"{action}: HTTP {response.status_code}")
    return timings


def outcomes(rounds: list[Round]) -> dict[str, int]:
    """What the requests recorded, read from the database: the work they queued, not done."""
    from editorial.models import Article, DepositBatch, ReferenceCheck, Submission
    from editorial.workflow import State

    articles = [one.article_id for one in rounds]
    return {
        "submitted": Submission.objects.filter(pk__in=[one.draft_id for one in rounds], state=State.SUBMITTED).count(),
        "published": Article.objects.filter(pk__in=articles, status=Article.Status.PUBLISHED).count(),
        "deposits_for_publication": DepositBatch.objects.filter(
            reason=DepositBatch.Reason.PUBLICATION, records__registration__article__in=articles
        ).count(),
        "deposits_now": DepositBatch.objects.filter(
            reason=DepositBatch.Reason.MANUAL, records__registration__article__in=articles
        ).count(),
        "checks_on_submission": ReferenceCheck.objects.filter(
            submission_id__in=[one.draft_id for one in rounds]
        ).count(),
        "checks_by_editor": ReferenceCheck.objects.filter(
            submission_id__in=[one.check_submission_id for one in rounds]
        ).count(),
    }


def figures_of(timings: Timings) -> dict[str, float]:
    figures = {}
    for action, values in timings.ms.items():
        figures[f"{action}_median_ms"] = round(statistics.median(values), 1)
        figures[f"{action}_max_ms"] = round(max(values), 1)
    return figures


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from crossref_standin.deposit import DepositStandIn
    from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn

    deposits = DepositStandIn(login_id=LOGIN, password=PASSWORD, latency=LATENCY_SECONDS)
    rest = CrossrefStandIn(latency=LATENCY_SECONDS)
    rest.load_records(DEMO_RECORDS)
    with deposits, rest, tempfile.TemporaryDirectory() as media:
        ENV.update(
            CROSSREF_DEPOSIT_URL=deposits.url,
            CROSSREF_PRODUCTION_DEPOSIT_URL=f"{deposits.url}/production",
            CROSSREF_LOGIN_ID=LOGIN,
            CROSSREF_LOGIN_PASSWD=PASSWORD,
            CROSSREF_DEPOSITOR_NAME="Bench Depositor",
            CROSSREF_DEPOSITOR_EMAIL="deposits@journal.invalid",
            CROSSREF_POLL_SECONDS="1",
            CROSSREF_HTTP_TIMEOUT=str(3 * LATENCY_SECONDS),
            CROSSREF_API_URL=rest.url,
            CROSSREF_MAILTO="bench@journal.invalid",
            CROSSREF_REST_TIMEOUT=str(3 * LATENCY_SECONDS),
            EMAIL_URL="dummymail://",
            MEDIA_ROOT=media,
            SITE_URL="http://127.0.0.1",
        )
        reset_database()
        setup_django()
        from editorial.models import OutboxTask

        cast, admin, rounds = build_world(WARM_UP_ROUNDS + RUNS)
        rows_before = set(OutboxTask.objects.values_list("pk", flat=True))
        with gunicorn() as base, celery_worker(concurrency=2):
            asked_before = (len(deposits.received), rest.request_count)
            load_before = os.getloadavg()[0]
            timings = run_rounds(base, cast, admin, rounds, warm_up=WARM_UP_ROUNDS)
            load_after = os.getloadavg()[0]
            asked_during = (len(deposits.received) - asked_before[0], rest.request_count - asked_before[1])
        recorded = Counter(OutboxTask.objects.exclude(pk__in=rows_before).values_list("task_name", flat=True))

    emit(
        "slow_crossref",
        {
            "crossref_latency_seconds": LATENCY_SECONDS,
            "runs_of_each": RUNS,
            "warm_up_rounds": WARM_UP_ROUNDS,
            **figures_of(timings),
            "slowest_of_all_ms": round(max(max(values) for values in timings.ms.values()), 1),
            "target_ms": TARGET_MS,
            "not_redirected": len(timings.failures),
            "recorded": outcomes(rounds),
            "outbox_rows_recorded": dict(sorted(recorded.items())),
            "crossref_requests_during_the_run": {"deposit": asked_during[0], "rest": asked_during[1]},
            # The machine is shared: its 1-minute load average around the timed rounds, beside its cores.
            "load_average": {"before": round(load_before, 2), "after": round(load_after, 2), "cores": os.cpu_count()},
        },
    )


if __name__ == "__main__":
    main()
