"""Galleys: the typesetter uploads PDF, HTML and JATS XML renditions (checked by content), each with
a label and an order; an editor approves them and marks one primary (the page's citation_pdf_url).

A typesetter's upload is not seen by the author or readers until an editor approves it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from editorial import permissions
from editorial.documents.galley_types import GALLEY_TYPES, GalleyType, detect_galley_type
from editorial.production.models import Article, Galley
from editorial.production.services.common import ensure_article, ensure_in_production, production_event
from editorial.submissions.services.common import lock_submission

ACCEPTED = ", ".join(kind.label for kind in GALLEY_TYPES)
LABEL_LIMIT = 50  # Galley.label; a longer label is refused, never cut


def validate_galley_file(upload: UploadedFile) -> GalleyType:
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty_file")
    if upload.size > settings.MANUSCRIPT_MAX_BYTES:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; the largest file accepted is "
            f"{filesizeformat(settings.MANUSCRIPT_MAX_BYTES)}.",
            code="file_too_large",
        )
    kind = detect_galley_type(upload)
    if kind is None:
        raise ValidationError(
            f"This file is not a {ACCEPTED} galley (judged by its content, not its name).", code="file_type"
        )
    return kind


def store_galley(article: Article, upload: UploadedFile, *, label: str, position: int | None, user, approved: bool):
    """Write the file and its row; the caller's cleanup deletes the file if the transaction fails."""
    try:
        kind = validate_galley_file(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    label = (label or "").strip()
    if len(label) > LABEL_LIMIT:
        raise ValidationError({"label": f"Label is {len(label)} characters; the limit is {LABEL_LIMIT}. Shorten it."})
    if position is None:
        position = article.galleys.filter(retired_in_version__isnull=True).count() + 1
    galley = Galley(
        article=article,
        label=label or kind.label,
        content_type=kind.content_type,
        position=position,
        is_approved=approved,
        approved_by=user if approved else None,
        uploaded_by=user,
    )
    galley.file.save(f"galley{kind.extension}", upload, save=False)
    return galley


def upload_galley(
    *, user, submission_id: int, upload: UploadedFile | None, label: str = "", position: int | None = None
) -> Galley:
    """A typesetter's galley waits for approval; an editor's own upload is approved at once."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            submission = lock_submission(submission_id)
            permissions.ensure_can_typeset(user, submission)
            ensure_in_production(submission, "Galleys can be uploaded")
            if upload is None:
                raise ValidationError({"file": "Choose the galley file to upload."})
            if position is not None and position < 1:
                raise ValidationError({"position": "The order starts at 1."})
            article = ensure_article(submission)
            approved = permissions.can_manage(user, submission)
            galley = store_galley(article, upload, label=label, position=position, user=user, approved=approved)
            stored.append(galley.file.name)
            galley.save()
            production_event(
                submission,
                actor=user,
                step="galley_uploaded",
                note=f"Galley {galley.label} uploaded" + ("" if approved else ", waiting for approval"),
                galley_id=galley.pk,
            )
            return galley
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def approve_galley(*, user, galley_id: int, primary: bool = False) -> Galley:
    """Approve a galley (and, if asked, make it the primary one: the others stop being primary)."""
    galley = _locked_galley(galley_id)
    submission = galley.article.submission
    permissions.ensure_can_manage(user, submission)
    if galley.retired_in_version is not None:
        raise ValidationError({"galley": "This galley was replaced by a correction; it stays as it was."})
    if primary and galley.content_type != "application/pdf":
        raise ValidationError({"primary": "The primary galley is the PDF indexers are pointed to; choose a PDF."})
    if primary:
        Galley.objects.filter(article=galley.article, is_primary=True).exclude(pk=galley.pk).update(is_primary=False)
        galley.is_primary = True
    galley.is_approved, galley.approved_by = True, user
    galley.save(update_fields=["is_approved", "approved_by", "is_primary"])
    production_event(
        submission,
        actor=user,
        step="galley_approved",
        note=f"Galley {galley.label} approved" + (" as the primary galley" if primary else ""),
        galley_id=galley.pk,
    )
    return galley


def _locked_galley(galley_id: int) -> Galley:
    found = Galley.objects.filter(pk=galley_id).values_list("article__submission_id", flat=True).first()
    if found is None:
        raise ValidationError({"galley": "There is no such galley."})
    lock_submission(found)
    return Galley.objects.select_for_update(of=("self",)).select_related("article__submission").get(pk=galley_id)
