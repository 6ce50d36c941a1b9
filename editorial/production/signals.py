"""What happens to an article that domains above production act on (DOI deposits above all).

Sent inside the transaction that made the change; receivers record their side effects as rows in
it. Receivers are connected in ``EditorialConfig.ready``.
"""

from django.dispatch import Signal

# The article went public: sent with ``article_id`` and ``user``.
article_published = Signal()

# What the article's public record says changed: sent with ``article_id``, ``user`` and ``always``
# (True when the record must be sent again whatever changed, as for a retraction notice). A
# receiver may answer with what it did (the deposit batch it queued, or None).
article_metadata_changed = Signal()
