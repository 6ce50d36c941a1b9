"""The editor's side of the workflow: screen, decide, set the revision due date, reopen, notes.

Two editors acting on the same submission at once are serialised by the row lock: the second
reads the state the first left and gets an IllegalTransition (HTTP 409) rather than a second
decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from editorial import permissions, workflow
from editorial.errors import WrongState
from editorial.submissions import letters, signals
from editorial.submissions.models import (
    DECISION_TARGET_STATE,
    REVISION_KINDS,
    Decision,
    DecisionKind,
    Event,
    LetterTemplate,
    Submission,
)
from editorial.submissions.services import emails
from editorial.submissions.services.common import ensure_can_move, lock_submission, record_event
from editorial.workflow import State

# When a request for revision does not say, the revision is due this many days later.
DEFAULT_REVISION_DAYS = {DecisionKind.MINOR_REVISION: 30, DecisionKind.MAJOR_REVISION: 60}
# Reopening a rejection sends it back where the rejection came from.
REOPEN_TARGET = {State.DESK_REJECTED: State.SUBMITTED, State.REJECTED: State.UNDER_REVIEW}


# --- Hook --------------------------------------------------------------------------------------------


def _after_acceptance(submission: Submission, user) -> None:
    """Runs inside the decision transaction when a manuscript is accepted: the place to record
    follow-up work for production (e.g. reserve the DOI) as rows in this transaction.

    Production hears ``submission_accepted`` and makes the publication record now, so the
    production panel has a record to fill in."""
    signals.submission_accepted.send(sender=Submission, submission=submission, user=user)


# --- Letters --------------------------------------------------------------------------------------------


def default_revision_due(kind: str, *, today: date | None = None) -> date | None:
    days = DEFAULT_REVISION_DAYS.get(kind)
    return (today or timezone.localdate()) + timedelta(days=days) if days else None


def draft_letter(
    *,
    submission: Submission,
    kind: str,
    editor,
    reviewer_comments: Sequence[str] = (),
    revision_due: date | None = None,
) -> tuple[str, str]:
    """(subject, body) from the journal's template for the decision, or the default one."""
    subject, body = _letter_template(submission, kind)
    corresponding = submission.contributors.filter(is_corresponding=True).first()
    due = revision_due or default_revision_due(kind)
    values = {
        "author_name": _name(corresponding) if corresponding else "Author",
        "title": submission.display_title,
        "submission_id": str(submission.pk),
        "journal": submission.journal.title,
        "editor_name": (editor.get_full_name() or editor.get_username()) if editor else "The editors",
        "due_date": due.strftime("%d %B %Y").lstrip("0") if due else "",
        "reviewer_comments": letters.format_reviewer_comments(reviewer_comments),
    }
    return letters.fill(subject, values), letters.fill(body, values)


def _letter_template(submission: Submission, kind: str) -> tuple[str, str]:
    template = LetterTemplate.objects.filter(journal_id=submission.journal_id, kind=kind).first()
    return (template.subject, template.body) if template else letters.DEFAULT_LETTERS[kind]


def _name(contributor) -> str:
    return f"{contributor.given_names} {contributor.family_name}".strip()


# --- Actions -----------------------------------------------------------------------------------------


@transaction.atomic
def send_to_review(*, user, submission_id: int, note: str = "") -> Submission:
    """A new manuscript passes screening, or a revision goes back to the reviewers."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    workflow.transition(submission, to=State.UNDER_REVIEW, by=user, note=note.strip() or "Sent to review")
    return submission


@transaction.atomic
def desk_reject(*, user, submission_id: int, letter: str | None, subject: str = "") -> Decision:
    """Reject at screening, without review, with a letter to the author (``None``: the drafted one)."""
    kind = DecisionKind.DESK_REJECT
    return _decide(user=user, submission_id=submission_id, kind=kind, letter=letter, subject=subject)


@transaction.atomic
def record_decision(
    *,
    user,
    submission_id: int,
    kind: str,
    letter: str | None = None,
    subject: str = "",
    revision_due: date | None = None,
    reviewer_comments: Sequence[str] = (),
) -> Decision:
    """Accept, ask for minor or major revision, or reject, after review.

    ``letter=None`` drafts the letter from the journal's template with ``reviewer_comments``;
    an empty letter is refused (the author must be told something).
    """
    if kind not in DECISION_TARGET_STATE or kind == DecisionKind.DESK_REJECT:
        choices = ", ".join(k for k in DECISION_TARGET_STATE if k != DecisionKind.DESK_REJECT)
        raise ValidationError({"decision": f"Choose the decision: {choices}."})
    return _decide(
        user=user,
        submission_id=submission_id,
        kind=kind,
        letter=letter,
        subject=subject,
        revision_due=revision_due,
        reviewer_comments=reviewer_comments,
    )


def _decide(
    *,
    user,
    submission_id: int,
    kind: str,
    letter: str | None,
    subject: str = "",
    revision_due: date | None = None,
    reviewer_comments: Sequence[str] = (),
) -> Decision:
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    target = DECISION_TARGET_STATE[kind]
    ensure_can_move(submission, target)
    if kind in REVISION_KINDS:
        revision_due = revision_due or default_revision_due(kind)
        _ensure_future(revision_due)
    else:
        revision_due = None
    drafted_subject, drafted_letter = draft_letter(
        submission=submission, kind=kind, editor=user, reviewer_comments=reviewer_comments, revision_due=revision_due
    )
    if letter is None:
        letter = drafted_letter
    if not letter.strip():
        raise ValidationError({"letter": "Write the decision letter to the author."})
    subject = subject.strip() or drafted_subject
    letters.ensure_filled(
        subject=subject, letter=letter, blanks=letters.template_blanks(*_letter_template(submission, kind))
    )
    label = DecisionKind(kind).label
    workflow.transition(submission, to=target, by=user, note=f"Decision: {label}")
    submission.revision_due = revision_due
    submission.save(update_fields=["revision_due"])
    decision = Decision.objects.create(
        submission=submission,
        round=submission.current_round,
        kind=kind,
        subject=subject,
        letter=letter.strip(),
        revision_due=revision_due,
        decided_by=user,
    )
    emails.decision_made(submission, decision)
    if kind == DecisionKind.ACCEPT:
        _after_acceptance(submission, user)
    return decision


def _ensure_future(due: date | None) -> None:
    if due is None or due <= timezone.localdate():
        raise ValidationError({"revision_due": "The revision must be due after today."})


@transaction.atomic
def set_revision_due_date(*, user, submission_id: int, revision_due: date | None) -> Submission:
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    if submission.state != State.REVISION_REQUESTED:
        raise WrongState(
            "A due date applies only while a revision is requested; "
            f"this submission is {submission.get_state_display().lower()}.",
            current=submission.state,
        )
    _ensure_future(revision_due)
    previous = submission.revision_due
    submission.revision_due = revision_due
    submission.save(update_fields=["revision_due", "updated_at"])
    record_event(
        submission,
        actor=user,
        action=Event.Action.DUE_DATE_SET,
        note=f"Revision due {revision_due.isoformat()}",
        data={"from": previous.isoformat() if previous else None, "to": revision_due.isoformat()},
    )
    return submission


@transaction.atomic
def reopen_submission(*, user, submission_id: int, note: str = "") -> Submission:
    """Undo a rejection: a desk rejection goes back to screening, a rejection back to review."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    target = REOPEN_TARGET.get(submission.state)
    if target is None:
        raise WrongState(
            f"Only a rejected submission can be reopened; this one is {submission.get_state_display().lower()}.",
            current=submission.state,
        )
    workflow.transition(submission, to=target, by=user, note=note.strip() or "Reopened")
    return submission


@transaction.atomic
def add_internal_note(*, user, submission_id: int, text: str) -> Event:
    """A note for the editors only; authors never see it."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    return record_event(submission, actor=user, action=Event.Action.NOTE, note=text.strip())
