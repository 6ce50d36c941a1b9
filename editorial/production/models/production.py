"""Production between acceptance and the article page: copyediting, author proofs, and the
versions a published record goes through (the original, each correction, a retraction)."""

from django.conf import settings
from django.db import models


class Copyedit(models.Model):
    """One copyeditor's assignment on a submission, from the assignment to the author's verdict.

    The edited manuscript is a ``ManuscriptFile`` of kind *copyedited* (checked by content like any
    manuscript); each upload is a new version, and the author judges the newest one.
    """

    class State(models.TextChoices):
        ASSIGNED = "assigned", "Waiting for the copyeditor"
        EDITED = "edited", "Edited; waiting for the author"
        CORRECTIONS = "corrections", "Author sent corrections"
        ACCEPTED = "accepted", "Accepted by the author"

    submission = models.ForeignKey("editorial.Submission", on_delete=models.CASCADE, related_name="copyedits")
    copyeditor = models.ForeignKey("editorial.Person", on_delete=models.PROTECT, related_name="copyedits")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.ASSIGNED)
    edited_file = models.ForeignKey(
        "editorial.ManuscriptFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_corrections = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submission", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Copyedit of #{self.submission_id} by {self.copyeditor}"


class ProofRound(models.Model):
    """The author reads the galleys (through a preview link) and approves them or lists corrections."""

    class State(models.TextChoices):
        SENT = "sent", "Waiting for the author"
        APPROVED = "approved", "Approved by the author"
        CORRECTIONS = "corrections", "Author listed corrections"

    article = models.ForeignKey("editorial.Article", on_delete=models.CASCADE, related_name="proof_rounds")
    number = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENT)
    corrections = models.TextField(blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["article", "number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_proof_round_number")]

    def __str__(self) -> str:
        return f"Proofs {self.number} of {self.article}"


class ArticleVersion(models.Model):
    """What the record said at each version, kept for ever: the page of an earlier version is
    rendered from this snapshot, and its galleys stay downloadable."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "Published"
        CORRECTION = "correction", "Correction"
        RETRACTION = "retraction", "Retraction"

    article = models.ForeignKey("editorial.Article", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True, help_text="The public note of a correction or the retraction notice.")
    snapshot = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_article_version")]

    def __str__(self) -> str:
        return f"{self.article} v{self.number} ({self.get_kind_display()})"
