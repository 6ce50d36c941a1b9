"""Peer review: rounds, invitations (assignments), the reviews themselves, the journal's questions.

A round is opened per submission round (the first review, then each revision). A reviewer is a
Person, so someone invited by e-mail exists before they have an account. An assignment moves
invited -> accepted -> submitted, or ends declined or cancelled; the review belongs to it.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models

# The assignment states in which a reviewer is still expected to report.
OPEN_STATES = ("invited", "accepted")


class BlindMode(models.TextChoices):
    DOUBLE = "double", "Double-blind: reviewers and authors do not see each other's names"
    SINGLE = "single", "Single-blind: authors do not see who reviewed"
    OPEN = "open", "Open: names are shown both ways"


class Recommendation(models.TextChoices):
    ACCEPT = "accept", "Accept"
    MINOR_REVISION = "minor_revision", "Minor revision"
    MAJOR_REVISION = "major_revision", "Major revision"
    REJECT = "reject", "Reject"


class ReviewPolicy(models.Model):
    """How a journal reviews: its blind mode and the default time a reviewer gets."""

    journal = models.OneToOneField("editorial.Journal", on_delete=models.CASCADE, related_name="review_policy")
    blind_mode = models.CharField(max_length=10, choices=BlindMode.choices, default=BlindMode.DOUBLE)
    review_days = models.PositiveSmallIntegerField(default=21, help_text="Days a reviewer gets after accepting.")
    remind_days_before = models.PositiveSmallIntegerField(
        default=3, help_text="A reminder goes this many days before a review is due."
    )

    class Meta:
        verbose_name_plural = "review policies"

    def __str__(self) -> str:
        return f"Review policy of {self.journal}"


class SubmissionBlindMode(models.Model):
    """The editor's choice of blind mode for one submission, over the journal's."""

    submission = models.OneToOneField(
        "editorial.Submission", on_delete=models.CASCADE, related_name="blind_mode_override"
    )
    blind_mode = models.CharField(max_length=10, choices=BlindMode.choices)

    def __str__(self) -> str:
        return f"#{self.submission_id}: {self.get_blind_mode_display()}"


class ReviewRound(models.Model):
    submission = models.ForeignKey("editorial.Submission", on_delete=models.CASCADE, related_name="review_rounds")
    number = models.PositiveSmallIntegerField(help_text="The submission round this review round belongs to.")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="unique_review_round")]

    def __str__(self) -> str:
        return f"Review round {self.number} of #{self.submission_id}"


class ReviewAssignment(models.Model):
    """One invitation of one reviewer in one round, and what became of it."""

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"
        SUBMITTED = "submitted", "Review submitted"

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="assignments")
    submission = models.ForeignKey("editorial.Submission", on_delete=models.CASCADE, related_name="review_assignments")
    reviewer = models.ForeignKey("editorial.Person", on_delete=models.PROTECT, related_name="review_assignments")
    state = models.CharField(max_length=10, choices=State.choices, default=State.INVITED, editable=False)
    due_date = models.DateField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    suggested_alternative = models.CharField(
        max_length=300, blank=True, help_text="Someone the reviewer suggests instead (name, e-mail)."
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Re-invited from."
    )

    class Meta:
        ordering = ["submission", "round__number", "invited_at", "pk"]
        indexes = [models.Index(fields=["state", "due_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "reviewer"],
                condition=models.Q(state__in=["invited", "accepted", "submitted"]),
                name="one_live_assignment_per_reviewer_and_round",
                violation_error_message="This person is already reviewing in this round.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on #{self.submission_id} (round {self.round.number}): {self.state}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ReviewReminder(models.Model):
    """A reminder sent for one threshold of one due date: the row makes a second send impossible."""

    class Threshold(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"
        LONG_OVERDUE = "long_overdue", "A week overdue"

    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField(max_length=20, choices=Threshold.choices)
    due_date = models.DateField(help_text="The due date the reminder was about; an extension starts afresh.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assignment", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "threshold", "due_date"], name="one_reminder_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.get_threshold_display()} reminder for assignment {self.assignment_id}"


def review_attachment_path(instance: Review, filename: str) -> str:
    """A random stored name with a known extension only; the reviewer's file name is never used."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".pdf", ".docx", ".odt"}:
        suffix = ""
    return f"reviews/{instance.assignment.submission_id}/{uuid.uuid4().hex}{suffix}"


class Review(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    assignment = models.OneToOneField(ReviewAssignment, on_delete=models.CASCADE, related_name="review")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT, editable=False)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    comments_to_author = models.TextField(blank=True)
    confidential_comments = models.TextField("confidential comments to the editor", blank=True)
    attachment = models.FileField(upload_to=review_attachment_path, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    no_competing_interests = models.BooleanField(default=False)
    competing_interests = models.TextField(blank=True)
    answers = models.JSONField(default=dict, blank=True, help_text="Answers to the journal's questions, by id.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    quality_rating = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 (poor) to 5 (excellent).")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quality_rating__isnull=True)
                | (models.Q(quality_rating__gte=1) & models.Q(quality_rating__lte=5)),
                name="review_rating_one_to_five",
            )
        ]

    def __str__(self) -> str:
        return f"Review for assignment {self.assignment_id} ({self.state})"


class ReviewQuestion(models.Model):
    """An extra question a journal asks every reviewer."""

    class Kind(models.TextChoices):
        SCALE = "scale", "Rating scale"
        YES_NO = "yes_no", "Yes or no"
        TEXT = "text", "Free text"

    journal = models.ForeignKey("editorial.Journal", on_delete=models.CASCADE, related_name="review_questions")
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=500)
    scale_max = models.PositiveSmallIntegerField(default=5, help_text="For a rating scale: 1 to this.")
    required = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["journal", "position", "pk"]

    def __str__(self) -> str:
        return self.text
