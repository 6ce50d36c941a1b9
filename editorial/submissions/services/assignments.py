"""Who handles a submission: a managing editor assigns one of the journal's editors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from editorial import permissions
from editorial.errors import WrongState
from editorial.journals.models import Person
from editorial.submissions.models import Event, Submission
from editorial.submissions.services import emails
from editorial.submissions.services.common import lock_submission, record_event
from editorial.workflow import State

# A submission in one of these states has nothing left for a handling editor to do.
CLOSED_STATES = frozenset({State.DRAFT, State.WITHDRAWN, State.PUBLISHED})


@transaction.atomic
def assign_handling_editor(*, user, submission_id: int, editor_person_id: int) -> Submission:
    submission = lock_submission(submission_id)
    permissions.ensure_can_assign_editor(user, submission)
    if submission.state in CLOSED_STATES:
        raise WrongState(
            f"A submission that is {submission.get_state_display().lower()} cannot be assigned an editor.",
            current=submission.state,
        )
    editor = _eligible_editor(submission, editor_person_id)
    if submission.handling_editor_id == editor.pk:
        return submission
    previous = submission.handling_editor
    submission.handling_editor = editor
    submission.save(update_fields=["handling_editor", "updated_at"])
    record_event(
        submission,
        actor=user,
        action=Event.Action.ASSIGNED,
        note=f"Handling editor: {editor.full_name}" + (f" (was {previous.full_name})" if previous else ""),
        data={"editor_person_id": editor.pk, "previous_person_id": previous.pk if previous else None},
    )
    emails.editor_assigned(submission, editor)
    return submission


def _eligible_editor(submission: Submission, person_id: int) -> Person:
    editor = (
        Person.objects.filter(
            pk=person_id, roles__journal_id=submission.journal_id, roles__kind__in=permissions.EDITOR_KINDS
        )
        .distinct()
        .first()
    )
    if editor is None:
        raise ValidationError({"editor": "Choose one of the journal's editors."})
    if editor.user_id is not None and editor.user_id == submission.submitter_id:
        raise ValidationError({"editor": "The author of a manuscript cannot handle it."})
    return editor
