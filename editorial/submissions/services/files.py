"""Manuscript files: checked by content and size, stored under names that never come from the user.

The bytes are written to storage inside the transaction that records them; if the
transaction fails, ``FileBatch`` deletes what it wrote, so no orphan is left behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat

from editorial import permissions
from editorial.documents.names import check_file_name
from editorial.documents.types import (
    MANUSCRIPT_TYPES,
    DocumentType,
    PackageLimits,
    UnsafePackage,
    detect_document_type,
)
from editorial.submissions.models import Event, ManuscriptFile, Submission
from editorial.submissions.services.common import ensure_draft, lock_submission, record_event

ACCEPTED_LABELS = ", ".join(kind.label for kind in MANUSCRIPT_TYPES)


def validate_upload(upload: UploadedFile) -> DocumentType:
    """The document type, or a ValidationError naming what is wrong with the file."""
    check_file_name(upload.name or "")
    limit = settings.MANUSCRIPT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty_file")
    if upload.size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; the largest file accepted is {filesizeformat(limit)}.",
            code="file_too_large",
        )
    limits = PackageLimits(
        max_members=settings.DOCUMENT_PACKAGE_MAX_PARTS,
        max_uncompressed_bytes=settings.DOCUMENT_PACKAGE_MAX_UNPACKED_BYTES,
    )
    try:
        document_type = detect_document_type(upload, limits)
    except UnsafePackage as exc:
        raise ValidationError(str(exc), code="unsafe_package") from exc
    if document_type is None:
        raise ValidationError(
            f"This file is not a {ACCEPTED_LABELS} document (judged by its content, not its name). "
            "Save or export the manuscript in one of these formats and upload it again.",
            code="file_type",
        )
    return document_type


class FileBatch:
    """Files written during one transaction, deleted again if that transaction does not commit."""

    def __init__(self) -> None:
        self.stored: list[str] = []

    def store(self, submission: Submission, *, kind: str, upload: UploadedFile, user) -> ManuscriptFile:
        document_type = validate_upload(upload)
        same = ManuscriptFile.objects.filter(submission=submission, round=submission.current_round, kind=kind)
        version = (same.aggregate(latest=Max("version"))["latest"] or 0) + 1
        record = ManuscriptFile(
            submission=submission,
            round=submission.current_round,
            kind=kind,
            version=version,
            original_name=check_file_name(upload.name or ""),
            content_type=document_type.content_type,
            size=upload.size,
            sha256=_sha256(upload),
            uploaded_by=user,
        )
        # The stored name is random (see manuscript_upload_path) with the extension of the content.
        record.file.save(f"{kind}{document_type.extension}", upload, save=False)
        self.stored.append(record.file.name)
        record.save()
        record_event(
            submission,
            actor=user,
            action=Event.Action.FILE_UPLOADED,
            note=f"{record.get_kind_display()} v{version}: {record.original_name}",
            data={"file_id": record.pk, "round": record.round},
        )
        return record

    @contextmanager
    def cleanup_on_error(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            for name in self.stored:
                default_storage.delete(name)
            raise


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def add_file(*, user, submission_id: int, kind: str, upload: UploadedFile | None) -> ManuscriptFile:
    """A file for the draft; a second file of the same kind is its next version."""
    batch = FileBatch()
    with batch.cleanup_on_error(), transaction.atomic():
        submission = lock_submission(submission_id)
        permissions.ensure_author(user, submission)
        ensure_draft(submission)
        if kind not in ManuscriptFile.Kind.values:
            raise ValidationError({"kind": "Say what the file is: the manuscript, a cover letter or a supplement."})
        if upload is None:
            raise ValidationError({"file": "Choose a file to upload."})
        try:
            return batch.store(submission, kind=kind, upload=upload, user=user)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc


@transaction.atomic
def remove_file(*, user, file_id: int) -> None:
    """Remove a draft's file (a submitted file is part of the record and stays)."""
    record = ManuscriptFile.objects.select_related("submission").filter(pk=file_id).first()
    if record is None:
        raise ValidationError({"file": "There is no such file."})
    submission = lock_submission(record.submission_id)
    permissions.ensure_author(user, submission)
    ensure_draft(submission)
    name = record.file.name
    record.delete()
    record_event(submission, actor=user, action=Event.Action.EDITED, note=f"File removed: {record.original_name}")
    transaction.on_commit(lambda: default_storage.delete(name))
