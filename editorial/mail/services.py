"""E-mail: recorded as a row with the change that causes it, delivered by a task after commit."""

from __future__ import annotations

import smtplib
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from editorial.mail.models import OutgoingEmail
from editorial.outbox import dispatch as outbox
from editorial.outbox import task_names

if TYPE_CHECKING:
    from editorial.submissions.models import Submission


class TransientEmailError(Exception):
    """The mail server could not take the message now; the task retries."""


def queue_email(*, to: str, subject: str, body: str, kind: str, submission: Submission | None = None) -> OutgoingEmail:
    """Record a message to send once the caller's transaction commits (none on rollback)."""
    email = OutgoingEmail.objects.create(to=to, subject=subject, body=body, kind=kind, submission=submission)
    outbox.enqueue(task_names.SEND_EMAIL, email.pk)
    return email


def deliver_pending_email(*, email_id: int) -> OutgoingEmail:
    """Send one recorded message; a message already sent is not sent again.

    A failed attempt is committed before TransientEmailError is raised: raised inside the atomic
    block, it would roll back the count of attempts and the error it should leave behind.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status == OutgoingEmail.Status.SENT:
            return email
        email.attempts += 1
        try:
            EmailMessage(subject=email.subject, body=email.body, to=[email.to]).send()
        except (smtplib.SMTPException, OSError) as exc:
            email.error = f"{type(exc).__name__}: {exc}"
            email.save(update_fields=["attempts", "error"])
            failure = exc
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.error = ""
            email.save(update_fields=["status", "sent_at", "attempts", "error"])
            return email
    raise TransientEmailError(email.error) from failure


def mark_email_failed(*, email_id: int, reason: str) -> None:
    OutgoingEmail.objects.filter(pk=email_id).exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.FAILED, error=reason[:2000]
    )
