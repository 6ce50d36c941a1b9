"""Copyediting: the editor assigns a copyeditor with a due date, the copyeditor uploads the edited
manuscript, the author accepts it or sends corrections (and the copyeditor uploads again).

Each step is an event on the timeline and an e-mail to whoever acts next.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from editorial import permissions
from editorial.errors import WrongState
from editorial.journals.models import Person, Role
from editorial.production.models import Copyedit
from editorial.production.services.common import (
    ensure_article,
    ensure_in_production,
    notify,
    person_addresses,
    production_event,
    start_production,
)
from editorial.submissions.models import ManuscriptFile
from editorial.submissions.services import emails
from editorial.submissions.services.common import lock_submission
from editorial.submissions.services.files import FileBatch
from editorial.workflow import State


@transaction.atomic
def assign_copyeditor(*, user, submission_id: int, copyeditor_person_id: int, due_on: date | None) -> Copyedit:
    """Starts production if it has not started: an accepted manuscript goes to the copyeditor first."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    ensure_in_production(submission, "A copyeditor can be assigned", states=(State.ACCEPTED, State.IN_PRODUCTION))
    copyeditor = Person.objects.filter(
        pk=copyeditor_person_id, roles__journal_id=submission.journal_id, roles__kind=Role.Kind.COPYEDITOR
    ).first()
    if copyeditor is None:
        raise ValidationError({"copyeditor": "Choose one of the journal's copyeditors."})
    if due_on is None or due_on <= timezone.localdate():
        raise ValidationError({"due_on": "The copyedit must be due after today."})
    start_production(submission, user)
    ensure_article(submission)
    copyedit = Copyedit.objects.create(submission=submission, copyeditor=copyeditor, assigned_by=user, due_on=due_on)
    production_event(
        submission,
        actor=user,
        step="copyeditor_assigned",
        note=f"Copyeditor {copyeditor.full_name} assigned, due {due_on.isoformat()}",
        copyedit_id=copyedit.pk,
    )
    notify("copyedit_assigned", person_addresses(copyeditor), submission, copyedit=copyedit)
    return copyedit


def upload_copyedit(*, user, copyedit_id: int, upload: UploadedFile | None) -> Copyedit:
    """The edited manuscript (checked by content); a second upload answers the author's corrections."""
    batch = FileBatch()
    with batch.cleanup_on_error(), transaction.atomic():
        copyedit = _locked_copyedit(copyedit_id)
        submission = copyedit.submission
        if not (copyedit.copyeditor.user_id == user.pk or permissions.can_manage(user, submission)):
            raise PermissionDenied("Only the assigned copyeditor can upload the copyedited manuscript.")
        ensure_in_production(submission, "The copyedited manuscript can be uploaded")
        if copyedit.state not in (Copyedit.State.ASSIGNED, Copyedit.State.CORRECTIONS):
            raise WrongState(
                f"This copyedit is {copyedit.get_state_display().lower()}; nothing is waiting for an upload.",
                current=submission.state,
            )
        if upload is None:
            raise ValidationError({"file": "Choose the copyedited manuscript to upload."})
        try:
            record = batch.store(submission, kind=ManuscriptFile.Kind.COPYEDITED, upload=upload, user=user)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        copyedit.edited_file = record
        copyedit.state = Copyedit.State.EDITED
        copyedit.save(update_fields=["edited_file", "state", "updated_at"])
        production_event(
            submission, actor=user, step="copyedit_uploaded", note="Copyedited manuscript uploaded", file_id=record.pk
        )
        notify("copyedit_review", emails.author_addresses(submission), submission, copyedit=copyedit)
        return copyedit


@transaction.atomic
def review_copyedit(*, user, copyedit_id: int, accept: bool, corrections: str = "") -> Copyedit:
    """The author accepts the copyedit, or lists what to correct (the copyeditor is told)."""
    copyedit = _locked_copyedit(copyedit_id)
    submission = copyedit.submission
    permissions.ensure_author(user, submission)
    if copyedit.state != Copyedit.State.EDITED:
        raise WrongState(
            f"This copyedit is {copyedit.get_state_display().lower()}; there is no edited manuscript to review.",
            current=submission.state,
        )
    if not accept and not corrections.strip():
        raise ValidationError({"corrections": "List the corrections the copyeditor should make."})
    copyedit.state = Copyedit.State.ACCEPTED if accept else Copyedit.State.CORRECTIONS
    copyedit.author_corrections = "" if accept else corrections.strip()
    copyedit.save(update_fields=["state", "author_corrections", "updated_at"])
    if accept:
        production_event(submission, actor=user, step="copyedit_accepted", note="Author accepted the copyedit")
        notify("copyedit_accepted", emails.editor_addresses(submission), submission, copyedit=copyedit)
    else:
        production_event(
            submission, actor=user, step="copyedit_corrections", note=f"Author's corrections: {corrections.strip()}"
        )
        recipients = [*person_addresses(copyedit.copyeditor), *emails.editor_addresses(submission)]
        notify("copyedit_corrections", recipients, submission, copyedit=copyedit)
    return copyedit


def _locked_copyedit(copyedit_id: int) -> Copyedit:
    found = Copyedit.objects.filter(pk=copyedit_id).values_list("submission_id", flat=True).first()
    if found is None:
        raise ValidationError({"copyedit": "There is no such copyedit."})
    lock_submission(found)
    return (
        Copyedit.objects.select_for_update(of=("self",))
        .select_related("submission__journal", "copyeditor")
        .get(pk=copyedit_id)
    )
