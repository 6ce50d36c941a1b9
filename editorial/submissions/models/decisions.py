"""Editorial decisions, the letters that carry them, and the authors' revisions.

A decision is kept as written and sent, with the state it moved the submission to; the letter
template it was drafted from can change later without rewriting history.
"""

from django.conf import settings
from django.db import models

from editorial.submissions import letters
from editorial.workflow import State


class DecisionKind(models.TextChoices):
    ACCEPT = letters.ACCEPT, "Accept"
    MINOR_REVISION = letters.MINOR, "Minor revision"
    MAJOR_REVISION = letters.MAJOR, "Major revision"
    REJECT = letters.REJECT, "Reject"
    DESK_REJECT = letters.DESK_REJECT, "Reject without review"


# The state each decision moves a submission to; workflow.TRANSITIONS says from where.
DECISION_TARGET_STATE: dict[str, str] = {
    DecisionKind.ACCEPT: State.ACCEPTED,
    DecisionKind.MINOR_REVISION: State.REVISION_REQUESTED,
    DecisionKind.MAJOR_REVISION: State.REVISION_REQUESTED,
    DecisionKind.REJECT: State.REJECTED,
    DecisionKind.DESK_REJECT: State.DESK_REJECTED,
}

REVISION_KINDS = frozenset({DecisionKind.MINOR_REVISION, DecisionKind.MAJOR_REVISION})


class Decision(models.Model):
    submission = models.ForeignKey("editorial.Submission", on_delete=models.CASCADE, related_name="decisions")
    round = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    subject = models.CharField(max_length=300)
    letter = models.TextField(help_text="The letter as sent to the author.")
    revision_due = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=sorted(REVISION_KINDS)) | models.Q(revision_due__isnull=False),
                name="revision_decision_has_due_date",
                violation_error_message="A request for revision needs a due date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (round {self.round}) of #{self.submission_id}"


class LetterTemplate(models.Model):
    """A journal's wording for one kind of decision letter; without one the default is used."""

    journal = models.ForeignKey("editorial.Journal", on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    subject = models.CharField(max_length=300, validators=[letters.validate_letter_template])
    body = models.TextField(
        validators=[letters.validate_letter_template],
        help_text="Placeholders: " + ", ".join(f"{{{name}}} ({what})" for name, what in letters.PLACEHOLDERS.items()),
    )

    class Meta:
        ordering = ["journal", "kind"]
        constraints = [models.UniqueConstraint(fields=["journal", "kind"], name="unique_letter_template")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter of {self.journal}"


class Revision(models.Model):
    """What the authors sent back for one round: the response to reviewers (files are ManuscriptFiles)."""

    submission = models.ForeignKey("editorial.Submission", on_delete=models.CASCADE, related_name="revisions")
    round = models.PositiveSmallIntegerField(help_text="The round this revision opens.")
    response_to_reviewers = models.TextField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "round"]
        constraints = [models.UniqueConstraint(fields=["submission", "round"], name="unique_revision_round")]

    def __str__(self) -> str:
        return f"Revision for round {self.round} of #{self.submission_id}"
