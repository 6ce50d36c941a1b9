"""Who takes part in production: the editors (as for the rest of the workflow), the copyeditor
assigned to a submission, the journal's typesetters, and the author (copyedit review, proofs).

Kept beside ``permissions`` rather than in it: these roles exist only after acceptance.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from . import permissions
from .models import Copyedit, Role, Submission
from .workflow import State

PRODUCTION_STATES = (State.ACCEPTED, State.IN_PRODUCTION, State.SCHEDULED, State.PUBLISHED)


def _person_id(user) -> int | None:
    if user is None or not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    return person.pk if person is not None else None


def holds_role(user, journal_id: int, kind: str) -> bool:
    person_id = _person_id(user)
    return person_id is not None and Role.objects.filter(person_id=person_id, journal_id=journal_id, kind=kind).exists()


def is_copyeditor_of(user, submission: Submission) -> bool:
    person_id = _person_id(user)
    return (
        person_id is not None
        and holds_role(user, submission.journal_id, Role.Kind.COPYEDITOR)
        and Copyedit.objects.filter(submission=submission, copyeditor_id=person_id).exists()
    )


def is_typesetter_for(user, submission: Submission) -> bool:
    return submission.state in PRODUCTION_STATES and holds_role(user, submission.journal_id, Role.Kind.TYPESETTER)


def can_take_part(user, submission: Submission) -> bool:
    """May open the production page of this submission."""
    if submission.state not in PRODUCTION_STATES:
        return False
    return (
        permissions.can_view(user, submission)
        or is_copyeditor_of(user, submission)
        or is_typesetter_for(user, submission)
    )


def ensure_can_typeset(user, submission: Submission) -> None:
    if not (permissions.can_manage(user, submission) or is_typesetter_for(user, submission)):
        raise PermissionDenied("Only the journal's typesetters and this submission's editors can upload galleys.")


def ensure_can_take_part(user, submission: Submission) -> None:
    if not can_take_part(user, submission):
        raise PermissionDenied("You take no part in the production of this article.")


def production_submissions_for(user) -> QuerySet[Submission]:
    """Accepted and later submissions the user edits, wrote, copyedits or typesets."""
    person_id = _person_id(user)
    if person_id is None:
        return permissions.submissions_visible_to(user).filter(state__in=PRODUCTION_STATES)
    typeset_journals = Role.objects.filter(person_id=person_id, kind=Role.Kind.TYPESETTER).values("journal_id")
    copyedit_journals = Role.objects.filter(person_id=person_id, kind=Role.Kind.COPYEDITOR).values("journal_id")
    condition = (
        Q(pk__in=permissions.submissions_visible_to(user).values("pk"))
        | Q(journal_id__in=typeset_journals)
        | Q(journal_id__in=copyedit_journals, copyedits__copyeditor_id=person_id)
    )
    return Submission.objects.filter(condition, state__in=PRODUCTION_STATES).distinct()
