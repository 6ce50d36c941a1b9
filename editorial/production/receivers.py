"""What production does when submissions tells it something (connected in ``EditorialConfig.ready``)."""

from django.dispatch import receiver

from editorial.production.services.common import ensure_article
from editorial.submissions.signals import submission_accepted


@receiver(submission_accepted, dispatch_uid="production.article_on_acceptance")
def make_publication_record(sender, *, submission, user, **kwargs):
    """Accepted: the publication record is made now, so the production panel has one to fill in."""
    return ensure_article(submission)
