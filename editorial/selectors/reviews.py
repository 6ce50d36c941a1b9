"""What the dashboard and the decision letter need to know about reviews.

The review model arrives with the review issue; until then no submission has reviewers and
there are no comments. These four functions are the whole interface the editorial workflow
uses, so the review work replaces their bodies (with ``Exists`` subqueries over review
assignments) and nothing else changes: each condition is a ``Q`` on ``Submission`` usable in
``filter`` and in ``Count(filter=...)``.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from ..models import Submission

_NOTHING = Q(pk__in=[])


def has_reviewers() -> Q:
    """Submissions with at least one reviewer invited or at work."""
    return _NOTHING


def has_overdue_review(*, today: date) -> Q:
    """Submissions with a review past its due date."""
    return _NOTHING


def reviews_complete() -> Q:
    """Submissions whose reviewers have all reported, waiting for the editor's decision."""
    return _NOTHING


def reviewer_comments_for_author(submission: Submission) -> list[str]:
    """The reviewers' comments meant for the author, in reviewer order, for the decision letter."""
    return []
