"""The one place that decides what file a reviewer receives.

Both the review page's download and the reviewer API call :func:`reviewer_copy`. In double-blind
review the reviewer gets the editor's clean copy if one was uploaded, otherwise the file
rewritten by :mod:`editorial.documents.anonymize`; a file that cannot be rewritten is never handed out
(fail closed): the reviewer is told it is being prepared, and the editors see why on the
submission page, where they can upload a clean copy (:func:`upload_reviewer_copy`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404

from editorial import permissions
from editorial.documents import anonymize
from editorial.errors import DomainError
from editorial.review import selectors
from editorial.review.blind import identifying_strings
from editorial.review.models import BlindMode, ReviewAssignment
from editorial.submissions.models import Event, ManuscriptFile
from editorial.submissions.services.common import lock_submission, record_event
from editorial.submissions.services.files import FileBatch, validate_upload


@dataclass(frozen=True)
class ReviewerCopy:
    content: bytes
    content_type: str
    name: str


class ReviewerCopyUnavailable(DomainError):
    """The file could not be anonymised; the reviewer must wait for the editor's clean copy."""

    def __init__(self) -> None:
        super().__init__(
            "This file cannot be given to you yet: it could not be anonymised automatically for double-blind "
            "review. The editors have been told and will provide an anonymised copy."
        )


def reviewer_copy(*, user, assignment_id: int, file_id: int) -> ReviewerCopy:
    """The file as this reviewer may read it; Http404 if it is not theirs to read."""
    assignment = selectors.reviewer_assignment(user=user, assignment_id=assignment_id)
    if assignment.state in (ReviewAssignment.State.DECLINED, ReviewAssignment.State.INVITED):
        raise Http404("Accept the invitation to read the manuscript.")
    record = next((f for f in selectors.files_for_reviewer(assignment) if f.pk == file_id), None)
    if record is None:
        raise Http404("No such file.")
    name = anonymize.reviewer_file_name(record)
    if selectors.blind_mode_of(assignment.submission) != BlindMode.DOUBLE:
        return ReviewerCopy(_read(record.file), record.content_type, name)
    if record.reviewer_copy:
        return ReviewerCopy(_read(record.reviewer_copy), record.content_type, name)
    try:
        content = anonymize.scrub(_read(record.file), identifying_strings(assignment.submission))
    except anonymize.CannotAnonymise as exc:
        _record_problem(record, str(exc))
        raise ReviewerCopyUnavailable() from exc
    return ReviewerCopy(content, record.content_type, name)


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _record_problem(record: ManuscriptFile, problem: str) -> None:
    """Tell the editors once (the field shows on the submission page, the event in its history)."""
    with transaction.atomic():
        changed = ManuscriptFile.objects.filter(pk=record.pk).exclude(reviewer_copy_problem=problem)
        if changed.update(reviewer_copy_problem=problem):
            record_event(
                record.submission,
                actor=None,
                action=Event.Action.EDITED,
                note=f"{record.get_kind_display()} v{record.version} could not be anonymised for reviewers: {problem}",
                data={"file_id": record.pk},
            )


def upload_reviewer_copy(*, user, file_id: int, upload: UploadedFile | None) -> ManuscriptFile:
    """An editor's anonymised copy of a file, given to double-blind reviewers instead of it."""
    record = ManuscriptFile.objects.filter(pk=file_id).first()
    if record is None:
        raise ValidationError({"file": "There is no such file."})
    batch = FileBatch()
    with batch.cleanup_on_error(), transaction.atomic():
        submission = lock_submission(record.submission_id)
        permissions.ensure_can_manage(user, submission)
        if upload is None:
            raise ValidationError({"file": "Choose the anonymised file to upload."})
        try:
            document_type = validate_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        if document_type.content_type != record.content_type:
            expected = record.content_type
            raise ValidationError({"file": f"The anonymised copy must be of the same type as the file ({expected})."})
        record = ManuscriptFile.objects.select_for_update().get(pk=file_id)
        previous = record.reviewer_copy.name if record.reviewer_copy else ""
        record.reviewer_copy.save(f"reviewer-copy{document_type.extension}", upload, save=False)
        batch.stored.append(record.reviewer_copy.name)
        record.reviewer_copy_problem = ""
        record.save(update_fields=["reviewer_copy", "reviewer_copy_problem"])
        record_event(
            submission,
            actor=user,
            action=Event.Action.FILE_UPLOADED,
            note=f"Anonymised copy for reviewers of {record.get_kind_display()} v{record.version}",
            data={"file_id": record.pk},
        )
        if previous:
            transaction.on_commit(lambda: default_storage.delete(previous))
    return record
