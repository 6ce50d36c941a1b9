"""What every workflow service does first: lock the submission, check its state, record the event."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from editorial import workflow
from editorial.errors import IllegalTransition, WrongState
from editorial.submissions.models import Event, Submission
from editorial.workflow import State


def lock_submission(submission_id: int) -> Submission:
    """The submission, locked until the transaction ends (no-op on SQLite, a row lock on PostgreSQL)."""
    return get_object_or_404(Submission.objects.select_for_update(), pk=submission_id)


def ensure_draft(submission: Submission) -> None:
    if submission.state != State.DRAFT:
        raise WrongState(
            f"This manuscript has been submitted ({submission.get_state_display().lower()}); "
            "a submitted manuscript cannot be edited.",
            current=submission.state,
        )


def ensure_can_move(submission: Submission, to: str) -> None:
    """Raise the 409 before doing any work the move would make pointless."""
    if not workflow.can_transition(submission.state, to):
        raise IllegalTransition(current=submission.state, requested=to)


def record_event(
    submission: Submission, *, actor, action: str, note: str = "", data: dict[str, Any] | None = None
) -> Event:
    return Event.objects.create(
        submission=submission,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        note=note,
        data=data or {},
    )
