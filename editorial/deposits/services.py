"""DOI registration with Crossref: request a deposit, send it, follow it to Crossref's verdict.

Rows first. ``request_deposit`` records, in the caller's transaction, the batch (with its batch id,
timestamp and deposit file), one record per DOI, and the task that will send it (by name, through
the outbox). The tasks call ``send_batch`` and ``check_batch``; both are safe to run twice, late,
or after a crash:

- a batch is marked *sending* (committed) before its upload starts, so a run that finds it
  *sending* knows an upload may have reached Crossref and asks Crossref about the batch (by its
  file name) instead of uploading it again; only a batch Crossref still does not know
  ``RESEND_AFTER`` later is uploaded again, as the same file;
- a result is applied once: records move on only from *queued*/*submitted*.

Crossref judges each DOI of a batch on its own, and so do we: a DOI's registration state follows
its newest deposit only, so an older batch finishing late never overwrites a newer request.
"""

from __future__ import annotations

import datetime
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from editorial import permissions
from editorial.crossref import deposit_client as client
from editorial.crossref import schema
from editorial.crossref.deposit_xml import DepositNotValid, build_deposit_xml, fingerprint, timestamp_for
from editorial.deposits import metadata as meta
from editorial.deposits.models import DepositAttempt, DepositBatch, DepositRecord, DoiRegistration
from editorial.errors import DomainError
from editorial.journals.models import Issue
from editorial.outbox import dispatch as outbox
from editorial.outbox import task_names
from editorial.production.models import Article
from editorial.submissions.models import Event

Batch = DepositBatch
Reg = DoiRegistration.State
ALREADY_CHECKED = "already_checked"

MAX_SEND_RETRIES = 8  # then the batch is failed, with the last reason
MAX_RESULT_CHECKS = 240  # per chain of checks; then the periodic sweep takes over
RESEND_AFTER = datetime.timedelta(minutes=5)  # an unanswered upload Crossref still does not know: not received
GIVE_UP_AFTER = datetime.timedelta(days=3)  # submitted and still no result: failed
STALE_AFTER = {
    Batch.State.QUEUED: datetime.timedelta(minutes=10),
    Batch.State.SENDING: RESEND_AFTER,
}
MAX_RETRY_DELAY = 600.0
BODY_LIMIT = 20_000


class TryAgain(Exception):
    """Crossref could not be asked, or has not answered yet: run again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# --- Asking for a deposit -------------------------------------------------------------------------


def deposit_now(*, user, article_id: int | None = None, issue_id: int | None = None) -> DepositBatch:
    """Deposit now, from the API or the admin: for a managing editor of the journal, never for an
    article of their own (``permissions.ensure_can_deposit``)."""
    journal_id = _journal_of(article_id=article_id, issue_id=issue_id)
    articles = (
        Article.objects.filter(pk=article_id) if article_id is not None else Article.objects.filter(issue_id=issue_id)
    )
    permissions.ensure_can_deposit(
        user, journal_id, submission_ids=list(articles.values_list("submission_id", flat=True))
    )
    return request_deposit(article_id=article_id, issue_id=issue_id, reason=Batch.Reason.MANUAL, requested_by=user)


@transaction.atomic
def request_deposit(
    *,
    article_id: int | None = None,
    issue_id: int | None = None,
    reason: str,
    requested_by=None,
    dispatch: bool = True,
) -> DepositBatch:
    """Record a deposit of one article, or of a whole issue as one batch, and queue its sending.

    The deposit file is built now, from the metadata as it is in this transaction; a file with
    problems (no ISSN, a bad ORCID iD) is never queued: its DOIs are failed with what to fix.
    ``dispatch=False`` leaves the sending to the caller (``deposit_in_foreground``).
    """
    articles = _articles_to_deposit(article_id=article_id, issue_id=issue_id)
    journal = articles[0].submission.journal
    registrations = _lock_registrations(articles)
    timestamp = max(timestamp_for(timezone.now()), *(r.last_timestamp + 1 for r in registrations))
    batch = Batch(
        batch_id=f"{journal.slug[:50]}-{timestamp}-{secrets.token_hex(3)}",
        journal=journal,
        issue_id=issue_id,
        reason=reason,
        timestamp=timestamp,
        production=journal.deposit_to_production,
        requested_by=requested_by,
    )
    deposit = meta.batch_metadata(
        batch_id=batch.batch_id, timestamp=timestamp, journal=journal, issue=articles[0].issue, articles=articles
    )
    try:
        batch.xml = build_deposit_xml(deposit).decode()
        state, message = Reg.QUEUED, "Waiting to be sent to Crossref."
    except DepositNotValid as exc:
        state, message = Reg.FAILED, _not_sent(exc.problems)
        batch.state, batch.message, batch.completed_at = Batch.State.FAILED, message, timezone.now()
    batch.save()
    now = timezone.now()
    for registration, article, article_data in zip(registrations, articles, deposit.articles, strict=True):
        registration.doi, registration.last_timestamp = article.doi, timestamp
        registration.deposited_fingerprint = fingerprint(deposit.journal, deposit.issue, article_data)
        registration.state, registration.message, registration.updated_at = state, message, now
    DoiRegistration.objects.bulk_update(
        registrations, ["doi", "last_timestamp", "deposited_fingerprint", "state", "message", "updated_at"]
    )
    DepositRecord.objects.bulk_create(
        DepositRecord(batch=batch, registration=r, doi=r.doi, timestamp=timestamp, state=state, message=message)
        for r in registrations
    )
    _events(articles, requested_by, f"Deposit {batch.batch_id} requested ({batch.get_reason_display().lower()}).")
    if dispatch and batch.state == Batch.State.QUEUED:
        outbox.enqueue(task_names.SEND_DEPOSIT, batch.pk)
    return batch


def deposit_after_publication(*, article_id: int, published_by=None) -> DepositBatch | None:
    """For the publish service, inside its transaction: the deposit is sent once the publication
    commits. An article without a DOI (its journal registers none) has nothing to deposit."""
    if not Article.objects.filter(pk=article_id).exclude(doi="").exists():
        return None
    return request_deposit(article_id=article_id, reason=Batch.Reason.PUBLICATION, requested_by=published_by)


def redeposit_if_metadata_changed(*, article_id: int, requested_by=None) -> DepositBatch | None:
    """After an edit of a published article: deposit again (a newer timestamp) if what Crossref
    has differs from the metadata now. Nothing happens for an article never deposited: its first
    deposit comes with publication."""
    registration = DoiRegistration.objects.filter(article_id=article_id).first()
    articles = meta.load_articles([article_id])
    if registration is None or not articles or not _depositable(articles[0]):
        return None
    article = articles[0]
    current = fingerprint(
        meta.journal_metadata(article.submission.journal),
        meta.issue_metadata(article.issue),
        meta.article_metadata(article),
    )
    if current == registration.deposited_fingerprint:
        return None
    return request_deposit(article_id=article_id, reason=Batch.Reason.METADATA_CHANGE, requested_by=requested_by)


def _journal_of(*, article_id: int | None, issue_id: int | None) -> int:
    if (article_id is None) == (issue_id is None):
        raise DomainError("Deposit either one article or one issue.")
    if article_id is not None:
        found = Article.objects.filter(pk=article_id).values_list("submission__journal_id", flat=True).first()
    else:
        found = Issue.objects.filter(pk=issue_id).values_list("journal_id", flat=True).first()
    if found is None:
        raise DomainError("There is no such article or issue.")
    return found


def _depositable(article: Article) -> bool:
    return bool(article.doi) and article.status != Article.Status.SCHEDULED


def _articles_to_deposit(*, article_id: int | None, issue_id: int | None) -> list[Article]:
    if (article_id is None) == (issue_id is None):
        raise DomainError("Deposit either one article or one issue.")
    if article_id is not None:
        articles = meta.load_articles([article_id])
        if not articles:
            raise DomainError("There is no such article.")
        article = articles[0]
        if not article.doi:
            raise DomainError("This article has no DOI yet, so there is nothing to register.")
        if article.status == Article.Status.SCHEDULED:
            raise DomainError("This article is not published yet; its DOI is registered when it is published.")
        return articles
    ids = (
        Article.objects.filter(issue_id=issue_id)
        .exclude(doi="")
        .exclude(status=Article.Status.SCHEDULED)
        .order_by(F("position_in_issue").asc(nulls_last=True), "first_page", "pk")
        .values_list("pk", flat=True)
    )
    articles = meta.load_articles(list(ids))
    if not articles:
        raise DomainError("No published article of this issue has a DOI to register.")
    return articles


def _lock_registrations(articles: list[Article]) -> list[DoiRegistration]:
    """One registration per article, locked, so that timestamps of one DOI never collide."""
    DoiRegistration.objects.bulk_create(
        [DoiRegistration(article=article, doi=article.doi) for article in articles], ignore_conflicts=True
    )
    locked = DoiRegistration.objects.select_for_update().filter(article__in=articles).order_by("pk")
    by_article = {registration.article_id: registration for registration in locked}
    return [by_article[article.pk] for article in articles]


def _not_sent(problems: list[str]) -> str:
    return "Not sent to Crossref. " + " ".join(problems)


# --- Sending ----------------------------------------------------------------------------------------


def configuration_problem(*, production: bool) -> str:
    """What to set before deposits can be sent; empty when everything is there."""
    missing = [name for name in ("CROSSREF_LOGIN_ID", "CROSSREF_LOGIN_PASSWD") if not getattr(settings, name)]
    if missing:
        return (
            f"DOI deposits are not configured: set {' and '.join(missing)} (the journal's Crossref deposit "
            "credentials) in the environment, then deposit again."
        )
    try:
        _client(production=production)
    except ValueError as exc:
        return f"DOI deposits are not configured: {exc}"
    return ""


def _client(*, production: bool) -> client.DepositClient:
    base_url = settings.CROSSREF_PRODUCTION_DEPOSIT_URL if production else settings.CROSSREF_DEPOSIT_URL
    credentials = client.Credentials(settings.CROSSREF_LOGIN_ID, settings.CROSSREF_LOGIN_PASSWD)
    timeout = settings.CROSSREF_HTTP_TIMEOUT
    return client.DepositClient(base_url=base_url, credentials=credentials, timeout=(min(10.0, timeout), timeout))


def send_batch(*, batch_id: int) -> str:
    """Upload a queued batch once; for a batch whose upload may have reached Crossref, ask first.

    Returns the batch's state; raises ``TryAgain`` when Crossref is busy or has not answered.
    """
    batch = Batch.objects.get(pk=batch_id)
    if batch.state == Batch.State.QUEUED:
        problems = schema.schema_errors(batch.xml.encode())
        if problems:
            return _fail(batch, _not_sent(schema.explain(problems)), only_from=(Batch.State.QUEUED,))
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch_id)
        if batch.state not in (Batch.State.QUEUED, Batch.State.SENDING):
            return batch.state
        problem = configuration_problem(production=batch.production)
        if problem:
            return _settle(batch, Batch.State.NOT_CONFIGURED, Reg.NOT_CONFIGURED, problem)
        if batch.state == Batch.State.SENDING:
            reconcile = True
        else:
            reconcile = False
            batch.state, batch.send_started_at = Batch.State.SENDING, timezone.now()
            batch.send_count += 1
            batch.login_id = settings.CROSSREF_LOGIN_ID
            batch.message = "Sending to Crossref."
            batch.save(update_fields=["state", "send_started_at", "send_count", "login_id", "message", "updated_at"])
    return _reconcile(batch) if reconcile else _upload(batch)


def _upload(batch: DepositBatch) -> str:
    try:
        receipt = _client(production=batch.production).submit(xml=batch.xml.encode(), file_name=batch.file_name)
    except client.CrossrefBusy as exc:
        _attempt(batch, DepositAttempt.Kind.SEND, exc)
        _update(batch, only_from=(Batch.State.SENDING,), state=Batch.State.QUEUED, message=f"{exc} Will try again.")
        raise TryAgain(str(exc), retry_after=exc.retry_after) from None
    except client.NoAnswer as exc:
        _attempt(batch, DepositAttempt.Kind.SEND, exc)
        _update(batch, message=f"{exc} Crossref will be asked about the batch before it is sent again.")
        raise TryAgain(str(exc)) from None
    except client.CredentialsRejected as exc:
        _attempt(batch, DepositAttempt.Kind.SEND, exc)
        return _fail(batch, login_rejected_message(batch))
    except client.DepositRefused as exc:
        _attempt(batch, DepositAttempt.Kind.SEND, exc)
        return _fail(batch, str(exc))
    upload = DepositAttempt(
        kind=DepositAttempt.Kind.SEND, http_status=receipt.http_status, response_body=receipt.body[:BODY_LIMIT]
    )
    return record_submitted(batch_id=batch.pk, attempt=upload)


def record_submitted(*, batch_id: int, attempt: DepositAttempt | None) -> str:
    """Crossref has the batch: record how we know, mark its DOIs submitted, schedule the first check."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch_id)
        if batch.state != Batch.State.SENDING:
            return batch.state
        if attempt is not None:
            attempt.batch = batch
            attempt.save()
        batch.state, batch.submitted_at = Batch.State.SUBMITTED, timezone.now()
        batch.message = f"Crossref has the batch; its result is checked every {settings.CROSSREF_POLL_SECONDS} s."
        batch.save(update_fields=["state", "submitted_at", "message", "updated_at"])
        _move_records(batch, Reg.SUBMITTED, "Crossref has the deposit and is processing it.", only_from=(Reg.QUEUED,))
        outbox.enqueue(task_names.CHECK_DEPOSIT, batch.pk)
    return Batch.State.SUBMITTED


def _reconcile(batch: DepositBatch) -> str:
    """An upload may have reached Crossref without its answer being recorded: ask Crossref."""
    try:
        result = _client(production=batch.production).fetch_result(file_name=batch.file_name)
    except client.CredentialsRejected:
        return _fail(batch, login_rejected_message(batch))
    except client.DepositError as exc:
        _update(batch, message=f"Checking whether Crossref has the batch: {exc}")
        raise TryAgain(str(exc), retry_after=getattr(exc, "retry_after", None)) from None
    if result.known:
        # The result of a completed batch is recorded by _apply; a waiting one is recorded here.
        found = None if result.completed else _result_attempt(result)
        record_submitted(batch_id=batch.pk, attempt=found)
        return _apply(batch, result) if result.completed else Batch.State.SUBMITTED
    if timezone.now() - (batch.send_started_at or batch.updated_at) < RESEND_AFTER:
        _update(batch, message="Crossref does not know the batch yet; asking again before sending it again.")
        raise TryAgain("Crossref does not know the batch yet.")
    if _update(batch, only_from=(Batch.State.SENDING,), state=Batch.State.QUEUED, message="Crossref never got it."):
        return send_batch(batch_id=batch.pk)
    return Batch.objects.get(pk=batch.pk).state


# --- Following the result ---------------------------------------------------------------------------


def check_batch(*, batch_id: int) -> str:
    """Ask Crossref for a submitted batch's result once; apply it when the batch is completed."""
    batch = Batch.objects.get(pk=batch_id)
    if batch.state != Batch.State.SUBMITTED:
        return batch.state
    recently = datetime.timedelta(seconds=settings.CROSSREF_POLL_SECONDS / 2)
    if batch.last_checked_at and timezone.now() - batch.last_checked_at < recently:
        return ALREADY_CHECKED  # another chain of checks is on it (the outbox sends again what runs long)
    if timezone.now() - batch.submitted_at > GIVE_UP_AFTER:
        return _fail(batch, f"Crossref gave no result for the batch within {GIVE_UP_AFTER.days} days.")
    try:
        result = _client(production=batch.production).fetch_result(file_name=batch.file_name)
    except client.CredentialsRejected:
        return _fail(batch, login_rejected_message(batch))
    except client.DepositError as exc:
        _checked(batch, f"The result could not be fetched: {exc}")
        raise TryAgain(str(exc), retry_after=getattr(exc, "retry_after", None)) from None
    except ValueError as exc:  # the deposit address was changed to a bad one after the upload
        _checked(batch, str(exc))
        return batch.state
    if not result.completed:
        _checked(batch, f"Crossref: {result.status.replace('_', ' ')}.")
        return Batch.State.SUBMITTED
    return _apply(batch, result)


def _checked(batch: DepositBatch, message: str) -> None:
    now = timezone.now()
    Batch.objects.filter(pk=batch.pk).update(
        check_count=batch.check_count + 1, last_checked_at=now, updated_at=now, message=message
    )


def _apply(batch: DepositBatch, result: client.BatchResult) -> str:
    """Give each DOI of the batch Crossref's verdict on it; one failure leaves the others alone."""
    verdicts = {d.doi.casefold(): d for d in result.records if d.doi}
    batch_wide = [d for d in result.records if not d.doi]
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        if batch.state != Batch.State.SUBMITTED:
            return batch.state
        counts: dict[str, int] = {}
        records = batch.records.select_related("registration__article").select_for_update(of=("self",))
        for record in records:
            verdict = verdicts.get(record.doi.casefold()) or (batch_wide[0] if batch_wide else None)
            record.state, record.message = _verdict(verdict)
            record.save(update_fields=["state", "message"])
            _follow_newest(record)
            counts[record.state] = counts.get(record.state, 0) + 1
        attempt = _result_attempt(result)
        attempt.batch = batch
        attempt.save()
        batch.state, batch.completed_at = Batch.State.COMPLETED, timezone.now()
        batch.message = ", ".join(f"{n} {Reg(state).label.lower()}" for state, n in sorted(counts.items()))
        batch.save(update_fields=["state", "completed_at", "message", "updated_at"])
    return Batch.State.COMPLETED


def _verdict(verdict: client.RecordDiagnostic | None) -> tuple[str, str]:
    if verdict is None:
        return Reg.FAILED, "Crossref's result for the batch does not mention this DOI."
    status = verdict.status.casefold()
    if status == "success":
        return Reg.REGISTERED, verdict.message
    if status == "warning":
        return Reg.WARNING, verdict.message
    return Reg.FAILED, verdict.message or f"Crossref reported {verdict.status or 'a failure'} without a message."


def _follow_newest(record: DepositRecord) -> None:
    """The DOI's state is its newest deposit's: an older batch finishing late changes nothing."""
    registration = DoiRegistration.objects.select_for_update().get(pk=record.registration_id)
    if record.timestamp != registration.last_timestamp:
        return
    _set_registration(registration, record.state, record.message)
    _events([record.registration.article], None, EVENT_NOTES[record.state].format(message=record.message))


EVENT_NOTES = {
    Reg.QUEUED: "Deposit queued again.",
    Reg.SUBMITTED: "Crossref has the deposit.",
    Reg.REGISTERED: "Registered with Crossref.",
    Reg.WARNING: "Registered with Crossref, with a warning: {message}",
    Reg.FAILED: "DOI not registered: {message}",
    Reg.NOT_CONFIGURED: "Not sent to Crossref: {message}",
}


# --- Failing, settling, recording ---------------------------------------------------------------------


def give_up(*, batch_id: int, reason: str) -> None:
    """Retries are used up: a batch not yet with Crossref is failed with the last reason."""
    batch = Batch.objects.get(pk=batch_id)
    if batch.state in (Batch.State.QUEUED, Batch.State.SENDING):
        _fail(batch, f"Gave up after {MAX_SEND_RETRIES} retries: {reason}", only_from=(batch.state,))


def login_rejected_message(batch: DepositBatch) -> str:
    base_url = settings.CROSSREF_PRODUCTION_DEPOSIT_URL if batch.production else settings.CROSSREF_DEPOSIT_URL
    switch = "on" if batch.production else "off"
    return (
        f"Crossref's {batch.system} system ({base_url}) rejected the login {settings.CROSSREF_LOGIN_ID!r} "
        f"(HTTP 401). The journal deposits in {batch.system} mode (its setting 'deposit DOIs to Crossref "
        f"production' is {switch}): check that CROSSREF_LOGIN_ID and CROSSREF_LOGIN_PASSWD are valid for "
        f"Crossref's {batch.system} system."
    )


def _fail(batch: DepositBatch, message: str, *, only_from=None) -> str:
    return _settle(batch, Batch.State.FAILED, Reg.FAILED, message, only_from=only_from)


def _settle(batch: DepositBatch, batch_state: str, record_state: str, message: str, *, only_from=None) -> str:
    """End a batch that Crossref will not (or did not) judge: every DOI in it gets ``record_state``."""
    allowed = only_from or (Batch.State.QUEUED, Batch.State.SENDING, Batch.State.SUBMITTED)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        if batch.state not in allowed:
            return batch.state
        batch.state, batch.message, batch.completed_at = batch_state, message, timezone.now()
        batch.save(update_fields=["state", "message", "completed_at", "updated_at"])
        _move_records(batch, record_state, message, only_from=(Reg.QUEUED, Reg.SUBMITTED))
    return batch_state


def _move_records(batch: DepositBatch, state: str, message: str, *, only_from: tuple[str, ...]) -> None:
    records = list(batch.records.filter(state__in=only_from).select_related("registration__article"))
    DepositRecord.objects.filter(pk__in=[r.pk for r in records]).update(state=state, message=message)
    for record in records:
        record.state, record.message = state, message
        _follow_newest(record)


def _set_registration(registration: DoiRegistration, state: str, message: str) -> None:
    registration.state, registration.message = state, message
    if state in (Reg.REGISTERED, Reg.WARNING) and registration.registered_at is None:
        registration.registered_at = timezone.now()
    registration.save()


def _update(batch: DepositBatch, *, only_from: tuple[str, ...] | None = None, **values) -> bool:
    rows = Batch.objects.filter(pk=batch.pk)
    if only_from:
        rows = rows.filter(state__in=only_from)
    return rows.update(updated_at=timezone.now(), **values) == 1


def _result_attempt(result: client.BatchResult) -> DepositAttempt:
    return DepositAttempt(
        kind=DepositAttempt.Kind.RESULT,
        http_status=result.http_status,
        response_body=result.body[:BODY_LIMIT],
        diagnostics=[{"doi": d.doi, "status": d.status, "message": d.message} for d in result.records],
    )


def _attempt(batch: DepositBatch, kind: str, exc: client.DepositError) -> None:
    DepositAttempt.objects.create(
        batch=batch, kind=kind, http_status=exc.http_status, response_body=exc.body[:BODY_LIMIT], error=str(exc)
    )


def _events(articles, actor, note: str) -> None:
    actor = actor if actor is not None and actor.is_authenticated else None
    Event.objects.bulk_create(
        Event(submission_id=a.submission_id, actor=actor, action=Event.Action.DOI_DEPOSIT, note=note[:2000])
        for a in articles
    )


# --- Retries, the sweep, the foreground ----------------------------------------------------------------


def retry_delay(retries: int, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter (half fixed, half random), never sooner than Retry-After."""
    ceiling = min(MAX_RETRY_DELAY, settings.CROSSREF_RETRY_BASE_SECONDS * 2 ** min(retries, 30))
    delay = ceiling / 2 + random.uniform(0, ceiling / 2)
    return max(delay, min(retry_after or 0.0, 3600.0))


def sweep_stuck_deposits(*, now: datetime.datetime | None = None) -> int:
    """Send again what was never sent or never answered, and check batches whose checks stopped."""
    now = now or timezone.now()
    submitted_after = datetime.timedelta(seconds=max(3 * settings.CROSSREF_POLL_SECONDS, 300))
    stuck = Q(state=Batch.State.SUBMITTED, updated_at__lt=now - submitted_after)
    for state, age in STALE_AFTER.items():
        stuck |= Q(state=state, updated_at__lt=now - age)
    count = 0
    with transaction.atomic():
        for batch in Batch.objects.select_for_update(skip_locked=True).filter(stuck).order_by("pk")[:200]:
            outbox.enqueue(
                task_names.CHECK_DEPOSIT if batch.state == Batch.State.SUBMITTED else task_names.SEND_DEPOSIT, batch.pk
            )
            Batch.objects.filter(pk=batch.pk).update(updated_at=now)  # the next sweep waits a period again
            count += 1
    return count


@dataclass(frozen=True)
class ForegroundResult:
    state: str  # the DOI's registration state
    message: str
    batch: DepositBatch


def deposit_in_foreground(
    *,
    doi: str,
    wait: bool,
    timeout: float = 1800.0,
    requested_by=None,
    sleep: Callable[[float], None] = time.sleep,
) -> ForegroundResult:
    """``manage.py deposit_doi``: send one article's deposit from this process and, with ``wait``,
    follow it to Crossref's verdict (polling every CROSSREF_POLL_SECONDS, for at most ``timeout``)."""
    article_id = Article.objects.filter(doi__iexact=doi.strip()).values_list("pk", flat=True).first()
    if article_id is None:
        raise DomainError(f"No article has the DOI {doi}.")
    batch = request_deposit(
        article_id=article_id, reason=Batch.Reason.COMMAND, requested_by=requested_by, dispatch=False
    )
    deadline = time.monotonic() + timeout
    state = _run_with_retries(send_batch, batch.pk, sleep)
    while wait and state in (Batch.State.SUBMITTED, ALREADY_CHECKED) and time.monotonic() < deadline:
        sleep(settings.CROSSREF_POLL_SECONDS)
        state = _run_with_retries(check_batch, batch.pk, sleep)
    record = DepositRecord.objects.select_related("batch").get(batch_id=batch.pk)
    return ForegroundResult(state=record.state, message=record.message, batch=record.batch)


def _run_with_retries(step: Callable[..., str], batch_id: int, sleep: Callable[[float], None]) -> str:
    for retries in range(MAX_SEND_RETRIES + 1):
        try:
            return step(batch_id=batch_id)
        except TryAgain as exc:
            if retries == MAX_SEND_RETRIES:
                give_up(batch_id=batch_id, reason=str(exc))
                break
            sleep(retry_delay(retries, exc.retry_after))
    return Batch.objects.get(pk=batch_id).state


def preview_deposit_xml(*, doi: str) -> tuple[bytes, list[str]]:
    """The deposit file the next deposit of ``doi`` would send, and the schema's objections in
    the editor's words (``manage.py crossref_xml``). Writes nothing; ``DepositNotValid`` when the
    metadata has problems found before the schema (no ISSN, a bad ORCID iD)."""
    article_id = Article.objects.filter(doi__iexact=doi.strip()).values_list("pk", flat=True).first()
    if article_id is None:
        raise DomainError(f"No article has the DOI {doi}.")
    article = meta.load_articles([article_id])[0]
    journal = article.submission.journal
    previous = DoiRegistration.objects.filter(article=article).values_list("last_timestamp", flat=True).first() or 0
    timestamp = max(timestamp_for(timezone.now()), previous + 1)
    deposit = meta.batch_metadata(
        batch_id=f"{journal.slug[:50]}-{timestamp}-preview",
        timestamp=timestamp,
        journal=journal,
        issue=article.issue,
        articles=[article],
    )
    xml = build_deposit_xml(deposit)
    return xml, schema.explain(schema.schema_errors(xml), deposit)
