"""The e-mail the system sends: one row per message and recipient, with its delivery status.

A row is written in the transaction of the change that causes it and sent by a task after commit
(``editorial.mail.services``).
"""

from django.db import models


class OutgoingEmail(models.Model):
    """One message to one recipient, with its delivery status."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50, help_text="What the message is about, e.g. submission_receipt.")
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    submission = models.ForeignKey(
        "editorial.Submission", null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing e-mail"

    def __str__(self) -> str:
        return f"{self.subject} -> {self.to} [{self.status}]"
