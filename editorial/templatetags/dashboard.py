"""Template filters for the editorial pages: states in plain words, days in a state. Pure: no
queries, no permissions, no forms (the views hand each panel its context)."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from editorial.workflow import State

register = template.Library()

# The state as the author reads it on their dashboard.
AUTHOR_STATE_TEXT = {
    State.DRAFT: "Draft: not yet submitted. Finish the steps and submit it.",
    State.SUBMITTED: "Received: the editors are reading it to decide whether to send it to review.",
    State.DESK_REJECTED: "Not accepted: the editors decided not to send it to review. See the letter below.",
    State.UNDER_REVIEW: "Under review: reviewers are reading it.",
    State.REVISION_REQUESTED: "Revision requested: please revise it and send it back by the due date.",
    State.RESUBMITTED: "Revision received: the editors are looking at your revised version.",
    State.ACCEPTED: "Accepted for publication.",
    State.REJECTED: "Not accepted after review. See the letter below.",
    State.WITHDRAWN: "Withdrawn by you.",
    State.IN_PRODUCTION: "Accepted and being prepared for publication.",
    State.SCHEDULED: "Scheduled for publication.",
    State.PUBLISHED: "Published.",
}


@register.filter
def author_state(state: str) -> str:
    return AUTHOR_STATE_TEXT.get(state, state)


@register.filter
def days_since(moment: datetime | None) -> int | str:
    if moment is None:
        return ""
    return max((timezone.now() - moment).days, 0)


@register.filter
def state_label(state: str) -> str:
    return State(state).label if state in State.values else state


@register.filter
def last_of(related) -> object | None:
    """The last of a prefetched relation (``|last`` cannot index a queryset from the end)."""
    items = list(related.all())
    return items[-1] if items else None
