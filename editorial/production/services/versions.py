"""After publication the record changes only by versions: a correction (with a public note, maybe a
corrected galley) or a retraction (the page stays, marked, with the notice). Every version's
snapshot is kept, and so are the galleys a correction replaced."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from editorial import permissions
from editorial.errors import WrongState
from editorial.production import signals
from editorial.production.models import Article, ArticleVersion
from editorial.production.services.common import ensure_in_production, notify, production_event
from editorial.production.services.galleys import store_galley
from editorial.production.services.publication import snapshot
from editorial.submissions.services import emails
from editorial.submissions.services.common import lock_submission
from editorial.workflow import State


def correct_article(
    *, user, submission_id: int, note: str, galley: UploadedFile | None = None, label: str = ""
) -> Article:
    """A new version with a public note; a corrected galley replaces the primary one (kept for the old version)."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            submission, article = _published(user, submission_id, "corrected")
            if not note.strip():
                raise ValidationError({"note": "Write the public correction note: what was corrected and why."})
            new_version = article.version + 1
            if galley is not None:
                replaced = article.galleys.filter(is_primary=True, retired_in_version__isnull=True).first()
                corrected = store_galley(
                    article,
                    galley,
                    label=label or (replaced.label if replaced else ""),
                    position=None,
                    user=user,
                    approved=True,
                )
                if replaced is not None:
                    corrected.position = replaced.position
                    replaced.is_primary, replaced.retired_in_version = False, new_version
                    replaced.save(update_fields=["is_primary", "retired_in_version"])
                corrected.is_primary = corrected.content_type == "application/pdf"
                stored.append(corrected.file.name)
                corrected.save()
            article.version = new_version
            article.status = Article.Status.CORRECTED
            article.notice = note.strip()
            article.corrected_on = timezone.localdate()
            article.save()
            ArticleVersion.objects.create(
                article=article,
                number=new_version,
                kind=ArticleVersion.Kind.CORRECTION,
                note=article.notice,
                snapshot=snapshot(article),
                created_by=user,
            )
            production_event(
                submission, actor=user, step="corrected", note=f"Correction (version {new_version}): {note.strip()}"
            )
            signals.article_metadata_changed.send(sender=Article, article_id=article.pk, user=user, always=False)
            notify("article_corrected", emails.author_addresses(submission), submission, article=article)
            return article
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def retract_article(*, user, submission_id: int, notice: str) -> Article:
    """The page stays, marked retracted with the notice; the metadata is deposited again."""
    submission, article = _published(user, submission_id, "retracted")
    if not notice.strip():
        raise ValidationError({"notice": "Write the retraction notice readers will see."})
    article.version += 1
    article.status = Article.Status.RETRACTED
    article.notice = notice.strip()
    article.retracted_on = timezone.localdate()
    article.save()
    ArticleVersion.objects.create(
        article=article,
        number=article.version,
        kind=ArticleVersion.Kind.RETRACTION,
        note=article.notice,
        snapshot=snapshot(article),
        created_by=user,
    )
    production_event(submission, actor=user, step="retracted", note=f"Retracted: {notice.strip()}")
    if article.doi:
        # The retraction notice is sent to Crossref whatever else changed.
        signals.article_metadata_changed.send(sender=Article, article_id=article.pk, user=user, always=True)
    notify("article_retracted", emails.author_addresses(submission), submission, article=article)
    return article


def _published(user, submission_id: int, what: str):
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    ensure_in_production(submission, f"An article can be {what}", states=(State.PUBLISHED,))
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("submission__journal", "issue")
        .get(submission=submission)
    )
    if article.status == Article.Status.RETRACTED:
        raise WrongState(
            "This article is retracted; a retracted record does not change again.", current=submission.state
        )
    return submission, article
