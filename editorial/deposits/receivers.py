"""What the deposits domain does when production tells it something (connected in ``EditorialConfig.ready``).

Each receiver runs in the sender's transaction, so the deposit batch it queues (a row and an outbox
entry) commits or rolls back with the change that asked for it.
"""

from django.dispatch import receiver

from editorial.deposits.models import DepositBatch
from editorial.deposits.services import deposit_after_publication, redeposit_if_metadata_changed, request_deposit
from editorial.production.models import Article
from editorial.production.signals import article_metadata_changed, article_published
from editorial.submissions.signals import submission_metadata_changed


@receiver(article_published, dispatch_uid="deposits.deposit_on_publication")
def deposit_on_publication(sender, *, article_id: int, user=None, **kwargs) -> DepositBatch | None:
    """Published: the DOI is deposited once the publication commits (nothing without a DOI)."""
    return deposit_after_publication(article_id=article_id, published_by=user)


@receiver(article_metadata_changed, dispatch_uid="deposits.redeposit_on_metadata_change")
def redeposit_on_metadata_change(
    sender, *, article_id: int, user=None, always: bool = False, **kwargs
) -> DepositBatch | None:
    """The public record changed: deposit again if Crossref's copy differs, or in any case when
    ``always`` (a retraction notice)."""
    if always:
        return request_deposit(article_id=article_id, reason=DepositBatch.Reason.METADATA_CHANGE, requested_by=user)
    return redeposit_if_metadata_changed(article_id=article_id, requested_by=user)


@receiver(submission_metadata_changed, dispatch_uid="deposits.redeposit_articles_of_submission")
def redeposit_articles_of_submission(sender, *, submission, user=None, **kwargs) -> list[DepositBatch]:
    """A submission's metadata was edited: each of its deposited articles whose record changed goes again."""
    article_ids = Article.objects.filter(submission_id=submission.pk).order_by("pk").values_list("pk", flat=True)
    batches = (redeposit_on_metadata_change(sender, article_id=pk, user=user) for pk in article_ids)
    return [batch for batch in batches if batch is not None]
