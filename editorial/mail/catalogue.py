"""Every e-mail the system sends, by kind, and the domain whose templates hold its text.

A kind is stored on each ``OutgoingEmail``; its text is ``templates/<domain>/email/<kind>.txt`` with
the subject beside it in ``<kind>_subject.txt``.
"""

from __future__ import annotations

DOMAIN_OF_KIND: dict[str, str] = {
    "submission_receipt": "submissions",
    "submission_notice": "submissions",
    "revision_receipt": "submissions",
    "revision_notice": "submissions",
    "withdrawal_notice": "submissions",
    "editor_assigned": "submissions",
    "decision": "submissions",
    "revision_request": "submissions",
    "review_accepted": "review",
    "review_cancelled": "review",
    "review_due_date": "review",
    "review_invitation": "review",
    "review_receipt": "review",
    "review_reminder_due_soon": "review",
    "review_reminder_long_overdue": "review",
    "review_reminder_overdue": "review",
    "review_response_notice": "review",
    "review_submitted_notice": "review",
    "copyedit_accepted": "production",
    "copyedit_assigned": "production",
    "copyedit_corrections": "production",
    "copyedit_review": "production",
    "proofs_answered": "production",
    "proofs_ready": "production",
    "publication_held_back": "production",
    "article_published": "production",
    "article_corrected": "production",
    "article_retracted": "production",
}


def template_base(kind: str) -> str:
    """The template name of an e-mail kind, without ``.txt`` (``review/email/review_invitation``)."""
    return f"{DOMAIN_OF_KIND[kind]}/email/{kind}"
