"""The review panels' data, loaded by the panels themselves so the pages that include them need no
change: the editor's panel on the submission page and the reviews on the author's page."""

from __future__ import annotations

from itertools import groupby

from django import template

from editorial import permissions
from editorial.review import selectors
from editorial.review.forms import BlindModeForm, DueDateForm, InviteForm, RateForm
from editorial.review.models import BlindMode, ReviewAssignment
from editorial.workflow import State

register = template.Library()
A = ReviewAssignment.State


@register.simple_tag(takes_context=True)
def editor_review_panel(context, submission) -> dict:
    """Assignments by round (newest first), the reviewer picker and the forms, for an editor."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not permissions.can_manage(user, submission):
        return {}
    assignments = selectors.review_assignments_for_editor(submission)
    rounds = [(number, list(items)) for number, items in groupby(assignments, key=lambda a: a.round.number)]
    query = (request.GET.get("reviewer_q", "") if request else "").strip()[:100]
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
        "questions": {str(q.pk): q.text for q in selectors.questions_for(submission.journal_id)},
        "reviewer_files": selectors.files_reviewers_receive(submission) if blind_mode == BlindMode.DOUBLE else [],
    }


@register.simple_tag
def answered(review, questions: dict) -> list[tuple[str, object]]:
    """The review's answers to the journal's questions, as (question, answer)."""
    return [(questions.get(key, f"Question {key}"), value) for key, value in (review.answers or {}).items()]


@register.simple_tag
def author_reviews(submission) -> list:
    return selectors.reviews_for_author(submission)
