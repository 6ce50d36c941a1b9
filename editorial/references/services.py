"""Reference checks: request one (a row, then a task by name), run one, apply a suggested DOI.

The HTTP work happens outside any transaction: a check reads the list, asks Crossref (which may take
a while), then writes every result in one transaction. Running it twice writes the results once.
"""

from __future__ import annotations

import dataclasses
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from editorial.bibliography import checker
from editorial.bibliography.parser import ParsedReference, parse_reference, split_translation
from editorial.errors import DomainError
from editorial.outbox import dispatch as outbox
from editorial.outbox import task_names
from editorial.permissions import can_manage_reference_checks, is_author_of
from editorial.references.lookups import DatabaseLookups, crossref_client, lookup_cache
from editorial.references.models import ReferenceCheck, ReferenceCheckResult
from editorial.submissions.models import Event, Reference, Submission

log = logging.getLogger(__name__)

# Lookups still waiting when this share of a task's soft time limit has passed are left "unverified",
# so the results are stored before the limit stops the task.
DEADLINE_SHARE = 0.75
PARSED_OVERRIDES = ("first_author", "authors", "container", "volume", "issue", "pages", "url")


# --- Requesting and running a check -----------------------------------------------------------------


@transaction.atomic
def request_reference_check(
    *, submission_id: int, requested_by: AbstractBaseUser | None, reason: str | None = None
) -> ReferenceCheck:
    """Record a check and queue it (task ``editorial.run_reference_check``, sent after commit).

    The submit and revise services call this with the author; editors call it on demand. A check
    still waiting to run is returned instead of queueing another: it will read the list as it is then.
    """
    submission = Submission.objects.select_for_update().get(pk=submission_id)
    if requested_by is not None and not (
        is_author_of(requested_by, submission) or can_manage_reference_checks(requested_by, submission)
    ):
        raise PermissionDenied("Only the journal's editors can run a reference check.")
    waiting = submission.reference_checks.filter(state=ReferenceCheck.State.QUEUED).first()
    if waiting is not None:
        return waiting
    check = ReferenceCheck.objects.create(
        submission=submission,
        requested_by=requested_by if requested_by is not None and requested_by.is_authenticated else None,
        reason=reason or _reason(submission, requested_by),
    )
    outbox.enqueue(task_names.RUN_REFERENCE_CHECK, check.pk)
    return check


def _reason(submission: Submission, requested_by: AbstractBaseUser | None) -> str:
    if requested_by is not None and requested_by.pk != submission.submitter_id:
        return ReferenceCheck.Reason.EDITOR
    return ReferenceCheck.Reason.REVISION if submission.current_round > 1 else ReferenceCheck.Reason.SUBMISSION


def check_submission_now(*, submission_id: int, requested_by: AbstractBaseUser | None = None) -> ReferenceCheck:
    """Run a check in this process, now (``manage.py check_references``)."""
    submission = Submission.objects.get(pk=submission_id)
    check = ReferenceCheck.objects.create(
        submission=submission, requested_by=requested_by, reason=ReferenceCheck.Reason.COMMAND
    )
    return run_reference_check(check_id=check.pk)


def run_reference_check(*, check_id: int) -> ReferenceCheck:
    """The task's body: check the submission's references as they are now and store the report."""
    check = _start(check_id)
    if check.state == ReferenceCheck.State.DONE:
        return check  # already run: a redelivered task changes nothing
    references = list(Reference.objects.filter(submission_id=check.submission_id).order_by("position"))
    try:
        outcome = check_parsed_references([reading_of(reference) for reference in references])
    except Exception as exc:
        ReferenceCheck.objects.filter(pk=check_id).update(
            state=ReferenceCheck.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    return _store(check_id, references, outcome)


def check_parsed_references(references: list[ParsedReference]) -> checker.CheckOutcome:
    """Check references against Crossref with the configured client, cache and concurrency."""
    cache = lookup_cache()
    if isinstance(cache, DatabaseLookups):
        cache.purge_expired()
    return checker.check_references(
        references,
        crossref_client(),
        cache=cache,
        concurrency=settings.REFERENCE_CHECK_CONCURRENCY,
        deadline_seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT * DEADLINE_SHARE,
    )


def reading_of(reference: Reference) -> ParsedReference:
    """The reference as the checker reads it: parsed from its text, with the stored fields winning
    (they may have been corrected by hand, or the DOI applied from an earlier check)."""
    parsed = parse_reference(reference.raw_text, position=reference.position)
    overrides = {name: value for name in PARSED_OVERRIDES if (value := getattr(reference, name))}
    if reference.doi:
        overrides |= {"doi": reference.doi, "malformed_doi": ""}
    if reference.title:
        overrides["title"], overrides["translated_title"] = split_translation(reference.title)
    if reference.year and reference.year != parsed.year:
        overrides |= {"year": reference.year, "year_suffix": ""}
    return dataclasses.replace(parsed, **overrides)


@transaction.atomic
def _start(check_id: int) -> ReferenceCheck:
    check = ReferenceCheck.objects.select_for_update().get(pk=check_id)
    if check.state != ReferenceCheck.State.DONE:
        check.state, check.started_at, check.error = ReferenceCheck.State.RUNNING, timezone.now(), ""
        check.save(update_fields=["state", "started_at", "error"])
    return check


@transaction.atomic
def _store(check_id: int, references: list[Reference], outcome: checker.CheckOutcome) -> ReferenceCheck:
    check = ReferenceCheck.objects.select_for_update().get(pk=check_id)
    if check.state == ReferenceCheck.State.DONE:
        return check  # a concurrent run of the same task finished first
    by_position = {reference.position: reference for reference in references}
    ReferenceCheckResult.objects.bulk_create(
        [_result_row(check, by_position[result.position], result) for result in outcome.results]
    )
    check.state, check.finished_at = ReferenceCheck.State.DONE, timezone.now()
    check.summary, check.reference_count = outcome.summary, len(outcome.results)
    check.lookups, check.cache_hits = outcome.lookups, outcome.cache_hits
    check.save(update_fields=["state", "finished_at", "summary", "reference_count", "lookups", "cache_hits"])
    return check


def _result_row(check: ReferenceCheck, reference: Reference, result: checker.ReferenceResult) -> ReferenceCheckResult:
    return ReferenceCheckResult(
        check_run=check,
        reference=reference,
        position=result.position,
        raw_text=reference.raw_text,
        status=str(result.status),
        cited_doi=result.doi[:255],
        detail=result.detail,
        disagreements=result.disagreements,
        suggested_doi=result.suggested_doi[:255],
        registered=result.registered,
    )


# --- Acting on a report ------------------------------------------------------------------------------


@transaction.atomic
def apply_suggested_doi(*, result_id: int, editor: AbstractBaseUser) -> Reference:
    """Set the reference's DOI to the one the check found for it; recorded as an event. Idempotent."""
    result = ReferenceCheckResult.objects.select_for_update().select_related("check_run").get(pk=result_id)
    submission = Submission.objects.get(pk=result.check_run.submission_id)
    if not can_manage_reference_checks(editor, submission):
        raise PermissionDenied("Only the journal's editors can change a reference.")
    if not result.suggested_doi:
        raise DomainError(f"Reference {result.position} has no suggested DOI to apply.")
    if result.reference_id is None:
        raise DomainError(f"Reference {result.position} was removed after the check; run the check again.")
    reference = Reference.objects.select_for_update().get(pk=result.reference_id)
    if result.applied_at is not None and reference.doi == result.suggested_doi:
        return reference
    if reference.raw_text != result.raw_text:
        raise DomainError(f"Reference {reference.position} has changed since it was checked; run the check again.")
    previous, reference.doi = reference.doi, result.suggested_doi
    try:
        reference.full_clean(exclude=["submission"])
    except ValidationError as exc:
        raise DomainError(f"Reference {reference.position}: {' '.join(exc.messages)}") from exc
    reference.save(update_fields=["doi"])
    result.applied_at, result.applied_by = timezone.now(), editor
    result.save(update_fields=["applied_at", "applied_by"])
    Event.objects.create(
        submission=submission,
        actor=editor,
        action=Event.Action.EDITED,
        note=f"Reference {reference.position}: DOI set to {reference.doi} (reference check #{result.check_run_id}).",
        data={
            "reference": reference.position,
            "doi": reference.doi,
            "previous_doi": previous,
            "check": result.check_run_id,
        },
    )
    return reference
