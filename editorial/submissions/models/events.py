"""The audit trail: who did what to a submission, when, and from which state to which."""

from django.conf import settings
from django.db import models


class Event(models.Model):
    """One thing that happened to a submission.

    ``action`` holds a value of ``Event.Action``, checked on save rather than by the field's
    choices: a domain that adds an action edits this class and needs no migration.
    """

    class Action(models.TextChoices):
        TRANSITION = "transition", "State changed"
        CREATED = "created", "Created"
        EDITED = "edited", "Metadata edited"
        FILE_UPLOADED = "file_uploaded", "File uploaded"
        ASSIGNED = "assigned", "Editor assigned"
        DUE_DATE_SET = "due_date_set", "Revision due date set"
        NOTE = "note", "Internal note"
        EMAIL_QUEUED = "email_queued", "E-mail queued"
        IMPORTED = "imported", "Imported"
        DOI_DEPOSIT = "doi_deposit", "DOI deposit"
        REVIEW = "review", "Peer review"
        PRODUCTION = "production", "Production"

    submission = models.ForeignKey("editorial.Submission", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["submission", "created_at", "pk"]

    def __str__(self) -> str:
        if self.action == self.Action.TRANSITION:
            return f"{self.from_state} -> {self.to_state}"
        return self.action_label

    def save(self, *args, **kwargs) -> None:
        self.Action(self.action)  # ValueError for an action this class does not know
        super().save(*args, **kwargs)

    @property
    def action_label(self) -> str:
        return self.Action(self.action).label
