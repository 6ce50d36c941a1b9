"""Reference checks: one row per run over a submission's reference list, one per reference checked.

Results keep a copy of the text that was checked, so a report stays true after the author revises
the list; the link to the live Reference is what "apply the suggested DOI" writes through.
"""

from django.conf import settings
from django.db import models

from editorial.bibliography.status import REPORT_ORDER, Status
from editorial.validators import validate_doi

STATUS_CHOICES = [(str(status), status.label) for status in REPORT_ORDER]


class ReferenceCheck(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to run"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Reason(models.TextChoices):
        SUBMISSION = "submission", "Submitted"
        REVISION = "revision", "Revision submitted"
        EDITOR = "editor", "Requested by an editor"
        COMMAND = "command", "Run from the command line"

    submission = models.ForeignKey("editorial.Submission", on_delete=models.CASCADE, related_name="reference_checks")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.EDITOR)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    summary = models.JSONField(default=dict, blank=True, help_text="Number of references with each status.")
    reference_count = models.PositiveIntegerField(default=0)
    lookups = models.PositiveIntegerField(default=0, help_text="Crossref look-ups needed.")
    cache_hits = models.PositiveIntegerField(default=0, help_text="Look-ups answered from the cache.")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["submission", "-created_at"])]

    def __str__(self) -> str:
        return f"Reference check #{self.pk} of submission #{self.submission_id} [{self.state}]"

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in report order, for the statuses present."""
        return [(str(s), s.label, self.summary[str(s)]) for s in REPORT_ORDER if self.summary.get(str(s))]

    @property
    def flagged_count(self) -> int:
        return sum(count for status, _, count in self.counts if status != Status.OK)


class ReferenceCheckResult(models.Model):
    check_run = models.ForeignKey(ReferenceCheck, on_delete=models.CASCADE, related_name="results")
    reference = models.ForeignKey(
        "editorial.Reference", null=True, blank=True, on_delete=models.SET_NULL, related_name="check_results"
    )
    position = models.PositiveSmallIntegerField()
    raw_text = models.TextField(help_text="The reference as it was when checked.")
    status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    cited_doi = models.CharField("cited DOI", max_length=255, blank=True)
    detail = models.TextField(blank=True)
    disagreements = models.JSONField(default=list, blank=True)
    suggested_doi = models.CharField("suggested DOI", max_length=255, blank=True, validators=[validate_doi])
    registered = models.JSONField("registered metadata", default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["check_run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["check_run", "position"], name="unique_result_per_reference_per_check")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.status}"

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def can_apply_suggestion(self) -> bool:
        return bool(self.suggested_doi) and self.applied_at is None and self.reference_id is not None


class CrossrefLookup(models.Model):
    """A cached Crossref answer, used when there is no Redis (Django's cache is then per process)."""

    key = models.CharField(max_length=120, unique=True)
    value = models.JSONField()
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "cached Crossref look-up"

    def __str__(self) -> str:
        return self.key
