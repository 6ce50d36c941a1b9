"""What the references domain does when submissions tells it something (connected in ``EditorialConfig.ready``)."""

from django.dispatch import receiver

from editorial.references.services import request_reference_check
from editorial.submissions.signals import references_ready


@receiver(references_ready, dispatch_uid="references.check_on_references_ready")
def check_references(sender, *, submission, user, **kwargs):
    """Submitted or resubmitted: the references are checked (a row and an outbox entry in the
    sender's transaction)."""
    return request_reference_check(submission_id=submission.pk, requested_by=user)
