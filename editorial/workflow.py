"""The submission state machine: the only code that changes ``Submission.state``.

Allowed moves are one table. Every move is recorded as an ``Event`` row in the same
transaction as the state change.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from editorial.errors import IllegalTransition

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from editorial.submissions.models import Submission


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    DESK_REJECTED = "desk_rejected", "Rejected without review"
    UNDER_REVIEW = "under_review", "Under review"
    REVISION_REQUESTED = "revision_requested", "Revision requested"
    RESUBMITTED = "resubmitted", "Revision submitted"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    IN_PRODUCTION = "in_production", "In production"
    SCHEDULED = "scheduled", "Scheduled for publication"
    PUBLISHED = "published", "Published"


S = State
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.DESK_REJECTED, S.UNDER_REVIEW, S.WITHDRAWN}),
    S.UNDER_REVIEW: frozenset({S.REVISION_REQUESTED, S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.REVISION_REQUESTED: frozenset({S.RESUBMITTED, S.WITHDRAWN}),
    S.RESUBMITTED: frozenset({S.UNDER_REVIEW, S.REVISION_REQUESTED, S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.IN_PRODUCTION}),
    S.IN_PRODUCTION: frozenset({S.SCHEDULED, S.PUBLISHED}),
    S.SCHEDULED: frozenset({S.PUBLISHED, S.IN_PRODUCTION}),
    S.DESK_REJECTED: frozenset({S.SUBMITTED}),  # reopened by an editor
    S.REJECTED: frozenset({S.UNDER_REVIEW}),  # reopened by an editor
    S.WITHDRAWN: frozenset(),
    S.PUBLISHED: frozenset(),
}


def shortest_path(current: str, target: str) -> list[str] | None:
    """The fewest allowed moves from ``current`` to ``target`` (none when already there), or None
    when the table allows no way there. Imports and the demo loader walk a record along it."""
    came_from: dict[str, str | None] = {current: None}
    queue = deque([current])
    while queue:
        state = queue.popleft()
        if state == target:
            steps = []
            while came_from[state] is not None:
                steps.append(state)
                state = came_from[state]
            return steps[::-1]
        for following in sorted(TRANSITIONS.get(state, ())):
            if following not in came_from:
                came_from[following] = state
                queue.append(following)
    return None


def can_transition(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


def transition(submission: Submission, *, to: str, by: AbstractBaseUser | None, note: str = "") -> None:
    """Move ``submission`` to ``to`` and record the event; the caller holds the row lock."""
    from editorial.submissions.models import Event

    current = submission.state
    if not can_transition(current, to):
        raise IllegalTransition(current=current, requested=to)
    now = timezone.now()
    submission.state = to
    submission.state_changed_at = now
    if to == S.SUBMITTED and submission.submitted_at is None:
        submission.submitted_at = now
    submission.save(update_fields=["state", "state_changed_at", "submitted_at", "updated_at"])
    Event.objects.create(
        submission=submission,
        actor=by if by is not None and by.is_authenticated else None,
        action=Event.Action.TRANSITION,
        from_state=current,
        to_state=to,
        note=note,
    )
