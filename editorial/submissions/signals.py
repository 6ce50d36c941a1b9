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

# What the submission says of itself (titles, abstract, contributors, references) was edited by hand
# (in the admin): sent with ``submission`` and ``user``. A receiver may answer with a list of what
# it did (the deposit batches it queued for the submission's published articles).
submission_metadata_changed = Signal()
