"""What happens to a submission that domains above it act on, without submissions importing them.

Each signal is sent inside the transaction that made the change, so a receiver's rows (a requested
reference check, a publication record) commit or roll back with it. Receivers are connected in
``EditorialConfig.ready``.
"""

from django.dispatch import Signal

# The references are in place for a first look or a second one: sent on submission and on
# resubmission, with ``submission`` and ``user``.
references_ready = Signal()

# An editor accepted the manuscript: sent with ``submission`` and ``user``.
submission_accepted = Signal()
