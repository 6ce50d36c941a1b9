"""The workflow's e-mail: rendered from templates/<domain>/email/, recorded as rows, sent after commit.

Each message is one ``OutgoingEmail`` (with its delivery status) plus an ``Event`` on the
submission's timeline. Nothing is sent if the transaction that queued it rolls back.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from editorial.journals.models import Person, Role
from editorial.mail.render import render_email
from editorial.mail.services import queue_email
from editorial.submissions.models import Decision, Event, Submission
from editorial.submissions.models.decisions import REVISION_KINDS
from editorial.submissions.services.common import record_event


def author_addresses(submission: Submission) -> list[str]:
    """The submitting author and the corresponding author, once each."""
    addresses = [submission.submitter.email if submission.submitter else ""]
    corresponding = submission.contributors.filter(is_corresponding=True).first()
    if corresponding is not None:
        addresses.append(corresponding.email)
    return _unique(addresses)


def editor_addresses(submission: Submission) -> list[str]:
    """The journal's managing editors and the handling editor."""
    managing = Person.objects.filter(
        roles__journal_id=submission.journal_id, roles__kind=Role.Kind.MANAGING_EDITOR
    ).values_list("email", flat=True)
    handling = [submission.handling_editor.email] if submission.handling_editor else []
    return _unique([*managing, *handling])


def submission_received(submission: Submission) -> None:
    _send("submission_receipt", author_addresses(submission), submission)
    _send("submission_notice", editor_addresses(submission), submission)


def revision_received(submission: Submission) -> None:
    _send("revision_receipt", author_addresses(submission), submission)
    _send("revision_notice", editor_addresses(submission), submission)


def submission_withdrawn(submission: Submission) -> None:
    _send("withdrawal_notice", editor_addresses(submission), submission)


def editor_assigned(submission: Submission, editor: Person) -> None:
    _send("editor_assigned", [editor.email], submission, editor=editor)


def decision_made(submission: Submission, decision: Decision) -> None:
    """The letter as the editor wrote it; a request for revision says when it is due."""
    kind = "revision_request" if decision.kind in REVISION_KINDS else "decision"
    _send(kind, author_addresses(submission), submission, decision=decision)


def _send(template: str, recipients: Iterable[str], submission: Submission, **extra) -> None:
    context = {
        "submission": submission,
        "journal": submission.journal,
        "author_url": _absolute(reverse("author-submission", args=[submission.pk])),
        "editor_url": _absolute(reverse("editor-submission", args=[submission.pk])),
        **extra,
    }
    queue_rendered(template, recipients, submission, context)


def queue_rendered(template: str, recipients: Iterable[str], submission: Submission, context: dict) -> None:
    """Render the template of the e-mail kind ``template`` with ``context`` and queue it once per distinct address, each
    with an event. Callers choose the context: a reviewer's e-mail carries no author link."""
    subject, body = render_email(template, context)
    for address in dict.fromkeys(a for a in recipients if a):
        email = queue_email(to=address, subject=subject, body=body, kind=template, submission=submission)
        record_event(
            submission,
            actor=None,
            action=Event.Action.EMAIL_QUEUED,
            note=f"{subject} -> {address}",
            data={"email_id": email.pk, "kind": template},
        )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _unique(addresses: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for address in addresses:
        if address and address.strip().lower() not in seen:
            seen[address.strip().lower()] = address.strip()
    return list(seen.values())
