"""A review round for the demo: the submission under review has one reviewer at work (a draft saved)
and one invitation waiting, so the reviewer's and the editor's pages have something to show.

Rows are written directly, as the rest of the demo loader does, so loading sends no e-mail; running
the loader again changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from editorial.review.models import Review, ReviewAssignment, ReviewRound
from editorial.submissions.models import Submission
from editorial.workflow import State

A = ReviewAssignment.State
DEMO_REVIEWS = [
    ("demo-reviewer-2", A.ACCEPTED, "The Arctic case is well chosen; the sanctions timeline needs sources."),
    ("demo-reviewer-1", A.INVITED, ""),
]


def add_demo_review_round(submissions: list[Submission], ctx: dict) -> int:
    """The first submission under review gets its round; returns how many assignments were created."""
    submission = next((s for s in submissions if s.state == State.UNDER_REVIEW), None)
    if submission is None:
        return 0
    review_round, _ = ReviewRound.objects.get_or_create(submission=submission, number=submission.current_round)
    created = 0
    for username, state, draft in DEMO_REVIEWS:
        person = ctx["people"].get(username)
        if person is None or review_round.assignments.filter(reviewer=person).exists():
            continue
        assignment = ReviewAssignment.objects.create(
            round=review_round,
            submission=submission,
            reviewer=person,
            state=state,
            due_date=timezone.localdate() + timedelta(days=21),
            invited_by=ctx["editor"],
            responded_at=timezone.now() if state == A.ACCEPTED else None,
        )
        if state == A.ACCEPTED:
            Review.objects.create(assignment=assignment, comments_to_author=draft)
        created += 1
    return created
