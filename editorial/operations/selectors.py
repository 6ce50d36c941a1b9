"""Reads of the background work's health: for the status page, the editors' banner and /readyz.

Lateness is one rule: a job whose last run finished more than two periods ago (its period from
journal/celery.py's beat schedule) is late, and no worker is alive when no heartbeat is fresher than
two heartbeat periods. Every read here is a fixed number of queries.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from editorial import permissions
from editorial.deposits.models import DepositBatch
from editorial.deposits.selectors import deposit_url, deposits_go_to_standin
from editorial.deposits.services import configuration_problem
from editorial.journals.models import Journal
from editorial.operations.models import PeriodicRun, WorkerHeartbeat
from editorial.outbox import task_names
from editorial.outbox.models import OutboxTask
from journal.celery import BEAT_SCHEDULE
from journal.celery import app as celery_app

LATE_AFTER_PERIODS = 2

# What each periodic job does, in an editor's words: the banner says which of these stopped.
JOB_WORDS = {
    task_names.PUBLISH_DUE_ARTICLES: "Scheduled publication",
    task_names.SEND_REVIEW_REMINDERS: "Reminders to reviewers",
    task_names.SWEEP_STUCK_DEPOSITS: "Retrying stuck DOI deposits",
    task_names.DISPATCH_PENDING_SIDE_EFFECTS: "Resending delayed e-mails and other held-up work",
    task_names.FLUSH_USAGE_COUNTS: "Counting article views and downloads",
    task_names.RECORD_HEARTBEAT: "The background workers' heartbeat",
}


def period_of(task_name: str) -> float:
    """Seconds between runs of a periodic job (the heartbeat's from settings, so tests can shorten it)."""
    if task_name == task_names.RECORD_HEARTBEAT:
        return float(settings.HEARTBEAT_SECONDS)
    return float(next(entry["schedule"] for entry in BEAT_SCHEDULE.values() if entry["task"] == task_name))


def every(seconds: float) -> str:
    """A period in words: "every minute", "every 5 minutes", "every hour"."""
    for unit, size in (("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    return f"every {seconds:g} seconds"


@dataclass(frozen=True)
class Job:
    task_name: str
    words: str
    period: float
    last_started: datetime.datetime | None
    last_finished: datetime.datetime | None
    last_outcome: str
    late: bool

    @property
    def every(self) -> str:
        return every(self.period)


@dataclass(frozen=True)
class Worker:
    hostname: str
    started_at: datetime.datetime
    last_seen: datetime.datetime
    alive: bool


def workers(now: datetime.datetime | None = None) -> list[Worker]:
    now = now or timezone.now()
    fresh_after = now - datetime.timedelta(seconds=LATE_AFTER_PERIODS * settings.HEARTBEAT_SECONDS)
    return [
        Worker(beat.hostname, beat.started_at, beat.last_seen, beat.last_seen >= fresh_after)
        for beat in WorkerHeartbeat.objects.all()
    ]


def periodic_jobs(now: datetime.datetime | None = None, *, alive_since: datetime.datetime | None = None) -> list[Job]:
    """Every job of the beat schedule with its last run. A job that never ran is late only when a
    worker has been alive for longer than two of its periods (beat runs a job one period after it starts)."""
    now = now or timezone.now()
    runs = {run.task_name: run for run in PeriodicRun.objects.all()}
    jobs = []
    for name in sorted({entry["task"] for entry in BEAT_SCHEDULE.values()}):
        period = period_of(name)
        allowed = datetime.timedelta(seconds=LATE_AFTER_PERIODS * period)
        run = runs.get(name)
        finished = run.last_finished if run else None
        if finished is not None:
            late = now - finished > allowed
        else:
            late = alive_since is not None and now - alive_since > allowed
        jobs.append(
            Job(
                task_name=name,
                words=JOB_WORDS.get(name, name),
                period=period,
                last_started=run.last_started if run else None,
                last_finished=finished,
                last_outcome=run.last_outcome if run else "",
                late=late,
            )
        )
    return jobs


@dataclass(frozen=True)
class Stall:
    """One thing an editor should know is not running, in their words."""

    headline: str
    detail: str


def stalls(now: datetime.datetime | None = None) -> list[Stall]:
    """What the editors' banner says: no worker alive, or a periodic job late by more than two periods."""
    now = now or timezone.now()
    alive = [worker for worker in workers(now) if worker.alive]
    if not alive:
        return [
            Stall(
                "No background worker is running",
                "scheduled publication, e-mails, reminders and DOI deposits wait until one is started again. "
                "Tell your site administrator.",
            )
        ]
    found = []
    for job in periodic_jobs(now, alive_since=min(worker.started_at for worker in alive)):
        if job.late and job.task_name != task_names.RECORD_HEARTBEAT:
            since = (
                f"it last ran {timezone.template_localtime(job.last_finished):%Y-%m-%d %H:%M %Z}"
                if job.last_finished
                else "it has not run since the workers started"
            )
            found.append(
                Stall(
                    f"{job.words} is not running",
                    f"{since}, and it should run {job.every}. Tell your site administrator.",
                )
            )
    return found


# --- Queue, outbox, e-mail and storage --------------------------------------------------------------


def queue_length() -> int | None:
    """Messages waiting in the default queue: a Redis list's length, or the message files in the
    broker's folder (kombu's filesystem transport, the broker without Redis); None if unreadable."""
    url = celery_app.conf.broker_url or ""
    queue = celery_app.conf.task_default_queue or "celery"
    if url.startswith("filesystem://"):
        folder = Path(celery_app.conf.broker_transport_options["data_folder_in"])
        try:
            return sum(1 for entry in os.scandir(folder) if entry.name.endswith(f".{queue}.msg"))
        except OSError:
            return None
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return int(client.llen(queue))
    except redis.RedisError:
        return None
    finally:
        client.close()


def oldest_pending_outbox_row() -> OutboxTask | None:
    return OutboxTask.objects.filter(state=OutboxTask.State.PENDING).order_by("created_at").first()


# --- Crossref per journal ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossrefRow:
    journal: Journal
    mode: str
    note: str
    last_deposit: DepositBatch | None


def crossref_mode(journal: Journal) -> tuple[str, str]:
    """(production | test | stand-in | not configured, why)."""
    problem = configuration_problem(production=journal.deposit_to_production)
    if problem:
        return "not configured", problem
    url = deposit_url(journal)
    if deposits_go_to_standin(journal):
        return "stand-in", f"deposits go to the stand-in at {url}"
    return ("production", url) if journal.deposit_to_production else ("test", url)


def crossref_by_journal(journals) -> list[CrossrefRow]:
    newest = DepositBatch.objects.filter(journal=OuterRef("pk")).order_by("-created_at", "-pk").values("pk")[:1]
    listed = list(journals.annotate(last_batch_id=Subquery(newest)).order_by("title"))
    batches = DepositBatch.objects.in_bulk([j.last_batch_id for j in listed if j.last_batch_id])
    rows = []
    for journal in listed:
        mode, note = crossref_mode(journal)
        rows.append(CrossrefRow(journal, mode, note, batches.get(journal.last_batch_id)))
    return rows


# --- The status page --------------------------------------------------------------------------------


@dataclass
class SystemStatus:
    workers: list[Worker]
    jobs: list[Job]
    queue_length: int | None
    oldest_pending: OutboxTask | None
    pending_count: int
    email_backend: str
    storage: str
    crossref: list[CrossrefRow] = field(default_factory=list)
    stalls: list[Stall] = field(default_factory=list)


def may_see_status(user) -> bool:
    """Site admins and journal managers (managing editors)."""
    standing = permissions.standing_of(user)
    return standing.is_superuser or bool(standing.managed_journals)


def system_status(user) -> SystemStatus:
    """The status page: site-wide rows for everyone who may see it, journals only the user manages."""
    now = timezone.now()
    standing = permissions.standing_of(user)
    journals = (
        Journal.objects.all() if standing.is_superuser else Journal.objects.filter(pk__in=standing.managed_journals)
    )
    found_workers = workers(now)
    alive = [w for w in found_workers if w.alive]
    return SystemStatus(
        workers=found_workers,
        jobs=periodic_jobs(now, alive_since=min((w.started_at for w in alive), default=None)),
        queue_length=queue_length(),
        oldest_pending=oldest_pending_outbox_row(),
        pending_count=OutboxTask.objects.filter(state=OutboxTask.State.PENDING).count(),
        email_backend=settings.EMAIL_BACKEND,
        storage=settings.STORAGES["default"]["BACKEND"],
        crossref=crossref_by_journal(journals),
        stalls=stalls(now),
    )


# --- Readiness (load balancers) ---------------------------------------------------------------------


def _database(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")


def _migrations(alias: str) -> None:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migration(s) not applied, first {plan[0][0].app_label}.{plan[0][0].name}")


def _cache() -> None:
    key = "readyz:probe"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not keep a value")


def _broker() -> str:
    if not settings.REDIS_URL:
        if (celery_app.conf.broker_url or "").startswith("filesystem://"):
            # A folder (kombu's filesystem transport): ready when it can take a message.
            folder = Path(celery_app.conf.broker_transport_options["data_folder_in"])
            if not os.access(folder, os.W_OK | os.X_OK):
                raise RuntimeError(f"the broker's folder {folder} is missing or not writable")
        else:  # another broker named by CELERY_BROKER_URL
            with celery_app.connection_for_write() as broker:
                broker.ensure_connection(max_retries=1, timeout=1)
        return "ok"
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def readiness(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Each check's result: "ok", "not used", or what went wrong (the name of a failed check first)."""
    results: dict[str, str] = {}

    def run(name: str, check) -> None:
        try:
            results[name] = check() or "ok"
        except Exception as exc:  # a check that fails for any reason names what is down
            results[name] = f"down: {type(exc).__name__}: {exc}"

    run("database", lambda: _database(alias))
    if results["database"] == "ok":
        run("migrations", lambda: _migrations(alias))
    else:
        results["migrations"] = "not checked: the database is down"
    run("cache", _cache)
    run("broker", _broker)
    return results
