"""The review panels' context, handed to the page that shows them by its view: the editor's panel
on the submission page and the reviews on the author's page. Each returns None when the user may
not see the panel (or it has nothing to show), so the page shows its placeholder instead."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest

from editorial import permissions
from editorial.review import selectors
from editorial.review.forms import BlindModeForm, DueDateForm, InviteForm, RateForm
from editorial.review.models import BlindMode, Review, ReviewAssignment
from editorial.submissions.models import Submission
from editorial.workflow import State

A = ReviewAssignment.State


def editor_review_panel(user, submission: Submission, request: HttpRequest | None = None) -> dict | None:
    """Assignments by round (newest first), each submitted review with its answers to the journal's
    questions, the reviewer picker (searched with ``?reviewer_q=``) and the forms, for an editor."""
    if not permissions.can_manage(user, submission):
        return None
    assignments = selectors.review_assignments_for_editor(submission)
    questions = {str(q.pk): q.text for q in selectors.questions_for(submission.journal_id)}
    for assignment in assignments:
        assignment.answered_questions = (
            answered(assignment.review, questions) if assignment.state == A.SUBMITTED else []
        )
    rounds = [(number, list(items)) for number, items in groupby(assignments, key=lambda a: a.round.number)]
    query = (request.GET.get("reviewer_q", "") if request is not None else "").strip()[:100]
    under_review = submission.state == State.UNDER_REVIEW
    blind_mode = selectors.blind_mode_of(submission)
    earlier_reviewers = any(a.state == A.SUBMITTED and a.round.number < submission.current_round for a in assignments)
    return {
        "rounds": rounds,
        "blind_mode_label": BlindMode(blind_mode).label,
        "blind_form": BlindModeForm(),
        "can_invite": under_review,
        "can_reinvite": under_review and earlier_reviewers,
        "query": query,
        "candidates": selectors.reviewer_candidates(submission, query=query) if under_review else [],
        "invite_form": InviteForm(),
        "due_form": DueDateForm(),
        "rate_form": RateForm(),
        "reviewer_files": selectors.files_reviewers_receive(submission) if blind_mode == BlindMode.DOUBLE else [],
    }


def answered(review: Review, questions: dict[str, str]) -> list[tuple[str, object]]:
    """The review's answers to the journal's questions, as (question, answer)."""
    return [(questions.get(key, f"Question {key}"), value) for key, value in (review.answers or {}).items()]


def author_reviews_panel(user, submission: Submission) -> dict | None:
    """The reviewers' comments to the author on the decided rounds; None before any decision."""
    if not permissions.can_view(user, submission):
        return None
    reviews = selectors.reviews_for_author(submission)
    return {"reviews": reviews} if reviews else None
