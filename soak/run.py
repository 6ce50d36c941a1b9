"""The soak: mixed load against gunicorn + PostgreSQL + Redis + a Celery worker, then an account.

    python soak/run.py            # make soak; SOAK_SECONDS (default 60) sets the first phase

1. **Mixed load** for SOAK_SECONDS: readers on the demo article page and search, authors
   submitting through the API (metadata, a PDF, references, declarations, submit), editors
   screening, inviting reviewers and deciding, reviewers accepting and submitting reviews. Zero
   5xx allowed. Afterwards every submission, invitation, review, decision and event the clients
   were told about is looked up in the database.
2. **PostgreSQL restarted under load**: the same clients for 20 s with a fast restart of the
   database at 5 s. While it is down, answers must be 503 (never another 5xx, never a hang);
   after it, answers are 2xx again; no submission is left half-saved.

It runs on a PostgreSQL cluster of its own (initdb in a temporary folder) so it can restart it,
and Redis DB 8 of the machine's Redis (SOAK_REDIS_URL). Figures go to soak/results.json and
into RELIABILITY.md between its soak markers.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from private_postgres import PrivatePostgres  # noqa: E402

PG = PrivatePostgres(port=int(os.environ.get("SOAK_PG_PORT", "55432")))
os.environ["BENCH_DATABASE_URL"] = PG.url
os.environ["BENCH_REDIS_URL"] = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/8")

import harness  # noqa: E402
import requests  # noqa: E402

from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
RESTART_SECONDS = 20
READERS, AUTHORS, EDITORS, REVIEWERS = 6, 4, 2, 3
REFERENCES = "1. Waltz K. Theory of International Politics. 1979.\n2. Walt S. The Origins of Alliances. 1987."


def _pdf() -> bytes:
    from tests.support.workflow_fixtures import make_pdf

    return make_pdf("A soak manuscript")


@dataclass
class Ledger:
    """What the clients were told: the account is checked against it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)  # (phase, status) -> n
    errors: Counter = field(default_factory=Counter)  # (phase, exception class) -> n
    created: set[int] = field(default_factory=set)
    submitted: set[int] = field(default_factory=set)
    screened: set[int] = field(default_factory=set)
    invited: set[int] = field(default_factory=set)  # submissions with a reviewer invited
    reviewed: set[int] = field(default_factory=set)  # submissions with a review submitted
    reviews: set[int] = field(default_factory=set)  # assignments whose review was submitted
    decided: dict[int, str] = field(default_factory=dict)
    timeline: list[tuple[float, int]] = field(default_factory=list)  # restart phase: (t, status)
    crashes: list[str] = field(default_factory=list)  # client threads that died
    phase: str = "load"
    started: float = 0.0

    def record(self, response: requests.Response | None, exc: Exception | None = None) -> None:
        with self.lock:
            if response is None:
                self.errors[(self.phase, type(exc).__name__)] += 1
                self.timeline.append((time.monotonic() - self.started, 0))
                return
            self.statuses[(self.phase, response.status_code)] += 1
            if self.phase == "restart":
                self.timeline.append((time.monotonic() - self.started, response.status_code))


def _call(ledger: Ledger, session: requests.Session, method: str, url: str, **kwargs) -> requests.Response | None:
    try:
        response = session.request(method, url, timeout=30, **kwargs)
    except requests.RequestException as exc:
        ledger.record(None, exc)
        return None
    ledger.record(response)
    return response


def reader(base: str, article: str, ledger: Ledger, stop: threading.Event) -> None:
    session = requests.Session()
    session.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) soak-reader"
    words = ["power", "alliance", "China", "balance", "Russia"]
    while not stop.is_set():
        _call(ledger, session, "GET", base + article)
        _call(ledger, session, "GET", f"{base}/search/", params={"q": random.choice(words)})


def author(base: str, token: str, people: dict, ledger: Ledger, stop: threading.Event) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    api = base + "/api"
    pdf = _pdf()
    while not stop.is_set():
        created = _call(
            ledger,
            session,
            "POST",
            f"{api}/submissions/",
            json={
                "journal": people["journal"],
                "section": people["section"],
                "language": "en",
                "title": f"Soak study {random.randrange(10**6)}",
                "abstract": "An abstract written under load.",
                "keywords": ["load", "soak"],
                "originality_declared": True,
                "no_competing_interests": True,
            },
        )
        if created is None or created.status_code != 201:
            continue
        sid = created.json()["id"]
        with ledger.lock:
            ledger.created.add(sid)
        files = {"file": ("paper.pdf", pdf, "application/pdf")}
        uploaded = _call(
            ledger, session, "POST", f"{api}/files/", data={"submission": sid, "kind": "manuscript"}, files=files
        )
        listed = _call(ledger, session, "PUT", f"{api}/submissions/{sid}/references/", json={"text": REFERENCES})
        if not (uploaded and uploaded.status_code == 201 and listed and listed.status_code == 200):
            continue
        submitted = _call(ledger, session, "POST", f"{api}/submissions/{sid}/submit/")
        if submitted is not None and submitted.status_code == 200:
            with ledger.lock:
                ledger.submitted.add(sid)


def editor(base: str, token: str, people: dict, ledger: Ledger, stop: threading.Event) -> None:
    """Decide what has a review; otherwise send a new submission to review and invite a reviewer."""
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    api = base + "/api"
    while not stop.is_set():
        with ledger.lock:
            ready = sorted(ledger.reviewed - set(ledger.decided))
        if ready:
            sid = random.choice(ready)
            kind = random.choice(["accept", "minor_revision", "reject"])
            decided = _call(ledger, session, "POST", f"{api}/submissions/{sid}/decide/", json={"decision": kind})
            if decided is not None and decided.status_code == 200:
                with ledger.lock:
                    ledger.decided[sid] = kind
            continue
        listed = _call(ledger, session, "GET", f"{api}/submissions/", params={"state": "submitted"})
        if listed is None or listed.status_code != 200 or not listed.json()["results"]:
            stop.wait(0.2)
            continue
        sid = random.choice(listed.json()["results"])["id"]
        screened = _call(
            ledger, session, "POST", f"{api}/submissions/{sid}/screen/", json={"outcome": "send_to_review"}
        )
        if screened is None or screened.status_code != 200:
            continue  # 409: the other editor got there first
        with ledger.lock:
            ledger.screened.add(sid)
        invited = _call(
            ledger,
            session,
            "POST",
            f"{api}/review-assignments/",
            json={"submission": sid, "reviewer": random.choice(people["reviewers"])},
        )
        if invited is not None and invited.status_code == 201:
            with ledger.lock:
                ledger.invited.add(sid)


def reviewer(base: str, token: str, ledger: Ledger, stop: threading.Event) -> None:
    """Accept each invitation, save a draft, submit the review."""
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    api = base + "/api/reviewer/assignments"
    while not stop.is_set():
        listed = _call(ledger, session, "GET", f"{api}/")
        if listed is None or listed.status_code != 200:
            continue
        waiting = [a for a in listed.json()["results"] if a["state"] in ("invited", "accepted")]
        if not waiting:
            stop.wait(0.3)
            continue
        assignment = waiting[0]
        aid, sid = assignment["id"], assignment["submission"]["id"]
        if assignment["state"] == "invited":
            accepted = _call(ledger, session, "POST", f"{api}/{aid}/accept/")
            if accepted is None or accepted.status_code != 200:
                continue
        draft = {"recommendation": "minor_revision", "comments_to_author": "Clear; tighten section 2."}
        saved = _call(ledger, session, "PATCH", f"{api}/{aid}/review/", json=draft)
        if saved is None or saved.status_code != 200:
            continue
        submitted = _call(ledger, session, "POST", f"{api}/{aid}/submit/", json={"no_competing_interests": True})
        if submitted is not None and submitted.status_code == 200:
            with ledger.lock:
                ledger.reviews.add(aid)
                ledger.reviewed.add(sid)


def _client(ledger: Ledger, target, *args) -> threading.Thread:
    """A client thread whose crash is counted: a client that dies would otherwise just go quiet."""

    def run() -> None:
        try:
            target(*args)
        except Exception as exc:
            with ledger.lock:
                ledger.crashes.append(f"{target.__name__}: {exc!r}")
            raise

    return threading.Thread(target=run, name=target.__name__)


def run_clients(base: str, article: str, people: dict, ledger: Ledger, seconds: float, during=None) -> None:
    stop = threading.Event()
    tokens = people["tokens"]
    threads = [_client(ledger, reader, base, article, ledger, stop) for _ in range(READERS)]
    threads += [
        _client(ledger, author, base, tokens["author"][n % len(tokens["author"])], people, ledger, stop)
        for n in range(AUTHORS)
    ]
    threads += [_client(ledger, editor, base, tokens["editor"][n], people, ledger, stop) for n in range(EDITORS)]
    threads += [_client(ledger, reviewer, base, tokens["reviewer"][n], ledger, stop) for n in range(REVIEWERS)]
    ledger.started = time.monotonic()
    for thread in threads:
        thread.start()
    if during:
        during()
    stop.wait(max(0.0, seconds - (time.monotonic() - ledger.started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)


def wait_for_side_effects(seconds: float = 150) -> dict:
    """Until every outbox row is done: beat's sweep (every 60 s) sends what was never handed over."""
    from editorial.models import OutboxTask, OutgoingEmail, ReferenceCheck

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not OutboxTask.objects.exclude(state=OutboxTask.State.DONE).exists():
            break
        time.sleep(1)
    return {
        "outbox_rows": OutboxTask.objects.count(),
        "outbox_not_done": OutboxTask.objects.exclude(state=OutboxTask.State.DONE).count(),
        "outbox_not_done_rows": [
            f"{name} {state} {error[:80]}"
            for name, state, error in OutboxTask.objects.exclude(state=OutboxTask.State.DONE).values_list(
                "task_name", "state", "last_error"
            )[:5]
        ],
        "emails": OutgoingEmail.objects.count(),
        "emails_not_sent": OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).count(),
        "reference_checks": ReferenceCheck.objects.count(),
        "reference_checks_not_done": ReferenceCheck.objects.exclude(state=ReferenceCheck.State.DONE).count(),
    }


def account(ledger: Ledger) -> dict:
    """Every outcome a client was told about, looked up in the database."""
    from django.db import connections
    from django.db.models import Count, Q

    connections.close_all()  # this process's own connection may predate a database restart

    from editorial.models import Decision, Event, Submission
    from editorial.review.models import Review, ReviewAssignment

    rows = Submission.objects.filter(pk__in=ledger.created).annotate(
        moves=Count("events", filter=Q(events__action=Event.Action.TRANSITION)),
        files_count=Count("files", distinct=True),
    )
    found = {row.pk: row for row in rows}
    missing = ledger.created - set(found)
    not_submitted = [pk for pk in ledger.submitted if found.get(pk) is None or found[pk].state == "draft"]
    decisions = {(d.submission_id, d.kind) for d in Decision.objects.filter(submission_id__in=ledger.decided)}
    decisions_missing = [pk for pk, kind in ledger.decided.items() if (pk, kind) not in decisions]
    # Moves each submission made as the clients saw them: submit, send to review, decide.
    expected_moves = {pk: (pk in ledger.submitted) + (pk in ledger.screened) + (pk in ledger.decided) for pk in found}
    # Fewer moves than a client was told of is a lost write. More is a move that was saved but
    # whose answer never reached the client (the database went away between commit and reply).
    events_lost = [pk for pk, row in found.items() if row.moves < expected_moves[pk]]
    unacknowledged = [pk for pk, row in found.items() if row.moves > expected_moves[pk]]
    half_saved = [pk for pk, row in found.items() if not row.title or (row.state != "draft" and row.files_count == 0)]
    submitted_reviews = set(
        ReviewAssignment.objects.filter(
            pk__in=ledger.reviews, state=ReviewAssignment.State.SUBMITTED, review__state=Review.State.SUBMITTED
        ).values_list("pk", flat=True)
    )
    invitations = set(
        ReviewAssignment.objects.filter(submission_id__in=ledger.invited).values_list("submission_id", flat=True)
    )
    return {
        "client_crashes": len(ledger.crashes),
        "submissions_created": len(ledger.created),
        "submissions_submitted": len(ledger.submitted),
        "screened": len(ledger.screened),
        "decisions": len(ledger.decided),
        "reviewers_invited": len(ledger.invited),
        "reviews_submitted": len(ledger.reviews),
        "invitations_missing": len(ledger.invited - invitations),
        "reviews_missing": len(ledger.reviews - submitted_reviews),
        "missing_submissions": len(missing),
        "submitted_but_not_stored": len(not_submitted),
        "decisions_missing": len(decisions_missing),
        "moves_lost": len(events_lost),
        "moves_saved_but_unacknowledged": len(unacknowledged),
        "half_saved": len(half_saved),
    }


def _by_status(ledger: Ledger, phase: str) -> dict[str, int]:
    counts = {str(status): n for (p, status), n in sorted(ledger.statuses.items()) if p == phase}
    counts |= {f"error:{name}": n for (p, name), n in sorted(ledger.errors.items()) if p == phase}
    return counts


def main() -> int:
    PG.create()
    rest = CrossrefStandIn(latency=0.05)
    rest.load_records(DEMO_RECORDS)
    rest.start()
    env = harness.bench_env(
        DATABASE_URL=PG.url,
        REDIS_URL=os.environ["BENCH_REDIS_URL"],
        CROSSREF_API_URL=rest.url,
        CROSSREF_DEPOSIT_URL="http://127.0.0.1:9",
        EMAIL_URL="dummymail://",
        CONN_MAX_AGE="60",
    )
    harness.ENV.update(env)
    os.environ.update(env)
    results: dict = {}
    try:
        harness.reset_database()
        out = harness.manage("load_demo", env={**env, "DEMO_PASSWORD": "soak-password-0123"})
        article = re.search(r"(/[\w-]+/article/\d+/\S*)", out).group(1)
        people = json.loads(
            harness.manage("shell", "-c", (HERE / "setup_people.py").read_text()).strip().splitlines()[-1]
        )
        harness.setup_django()
        ledger = Ledger()
        with harness.celery_worker(concurrency=2), harness.celery_beat(), harness.gunicorn(workers=4, env=env) as base:
            run_clients(base, article, people, ledger, SECONDS)
            load = {"seconds": SECONDS, "by_status": _by_status(ledger, "load")}
            load["5xx"] = sum(n for (p, s), n in ledger.statuses.items() if p == "load" and s >= 500)
            load["requests"] = sum(n for (p, _), n in ledger.statuses.items() if p == "load")
            load |= account(ledger)
            load |= wait_for_side_effects()
            results["mixed_load"] = load

            ledger.phase = "restart"
            restart: dict = {}

            def restart_database() -> None:
                time.sleep(5)
                began = time.monotonic()
                PG.restart()
                restart["restart_seconds"] = round(time.monotonic() - began, 2)
                restart["restarted_at"] = round(began - ledger.started, 2)

            run_clients(base, article, people, ledger, RESTART_SECONDS, during=restart_database)
            after = [s for t, s in ledger.timeline if t > restart["restarted_at"] + restart["restart_seconds"] + 2]
            restart |= {
                "seconds": RESTART_SECONDS,
                "by_status": _by_status(ledger, "restart"),
                "5xx_other_than_503": sum(
                    n for (p, s), n in ledger.statuses.items() if p == "restart" and s >= 500 and s != 503
                ),
                "answers_after_restart": len(after),
                "ok_after_restart": sum(1 for s in after if 200 <= s < 500),
            }
            restart |= account(ledger)
            restart |= wait_for_side_effects()
            results["postgres_restart"] = restart
    finally:
        rest.stop()
        PG.destroy()
    (HERE / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    write_report(results)
    print(json.dumps(results, indent=2))
    return 0 if passed(results) else 1


def passed(results: dict) -> bool:
    load, restart = results["mixed_load"], results["postgres_restart"]
    zero = ["missing_submissions", "submitted_but_not_stored", "decisions_missing", "moves_lost", "half_saved"]
    zero += ["invitations_missing", "reviews_missing", "client_crashes"]
    zero += ["outbox_not_done", "emails_not_sent", "reference_checks_not_done"]
    return (
        load["5xx"] == 0
        and load["moves_saved_but_unacknowledged"] == 0
        and all(load[key] == 0 for key in zero)
        and restart["5xx_other_than_503"] == 0
        and restart["ok_after_restart"] > 0
        and restart["ok_after_restart"] == restart["answers_after_restart"]
        and all(restart[key] == 0 for key in zero)
    )


def write_report(results: dict) -> None:
    """The figures into RELIABILITY.md, between the soak markers (the rest of the file is prose)."""
    lines = ["| phase | figure | value |", "|---|---|---|"]
    for phase, figures in results.items():
        for key, value in sorted(figures.items()):
            shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else value
            lines.append(f"| {phase} | {key} | {shown} |")
    verdict = "passed" if passed(results) else "FAILED"
    table = (
        "\n".join(lines)
        + f"\n\nOutcome: **{verdict}** (`make soak`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}).\n"
    )
    path = ROOT / "RELIABILITY.md"
    text = path.read_text()
    begin, end = "<!-- soak:begin -->", "<!-- soak:end -->"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{table}{end}{tail}")


if __name__ == "__main__":
    sys.exit(main())
