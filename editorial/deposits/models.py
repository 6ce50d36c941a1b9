"""DOI registration with Crossref: each DOI's state, the batches sent, and every exchange.

A ``DoiRegistration`` is what an editor asks about ("is this DOI registered?"); a ``DepositBatch``
is one file sent to Crossref (one article, or a whole issue); a ``DepositRecord`` is one DOI in
one batch, with Crossref's verdict on it; a ``DepositAttempt`` is one HTTP exchange about a batch.
No credentials are stored: bodies are redacted by the client before they reach these rows.
"""

from django.conf import settings
from django.db import models


class RegistrationState(models.TextChoices):
    NOT_CONFIGURED = "not_configured", "Not configured"
    QUEUED = "queued", "Queued"
    SUBMITTED = "submitted", "Submitted, waiting for Crossref"
    REGISTERED = "registered", "Registered"
    WARNING = "warning", "Registered with a warning"
    FAILED = "failed", "Failed"


class DoiRegistration(models.Model):
    """The registration of one article's DOI: the state of its newest deposit."""

    State = RegistrationState

    article = models.OneToOneField("editorial.Article", on_delete=models.CASCADE, related_name="doi_registration")
    doi = models.CharField("DOI", max_length=255)
    state = models.CharField(max_length=20, choices=RegistrationState.choices, default=RegistrationState.QUEUED)
    message = models.TextField(blank=True, help_text="Crossref's message, or what to fix or configure.")
    last_timestamp = models.PositiveBigIntegerField(
        default=0, help_text="The timestamp of the newest deposit; every deposit of this DOI needs a larger one."
    )
    deposited_fingerprint = models.CharField(
        max_length=64, blank=True, help_text="A digest of the metadata last deposited, to tell when it changed."
    )
    registered_at = models.DateTimeField(null=True, blank=True, help_text="When Crossref first accepted the DOI.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "DOI registration"
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.doi} [{self.get_state_display()}]"

    @property
    def is_registered(self) -> bool:
        """Crossref accepted the DOI (with or without a warning); only a deposit result says so."""
        return self.state in (RegistrationState.REGISTERED, RegistrationState.WARNING)


class DepositBatch(models.Model):
    """One deposit file sent (or to be sent) to Crossref, followed until its result is in."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sent, answer not recorded"
        SUBMITTED = "submitted", "Submitted"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"
        NOT_CONFIGURED = "not_configured", "Not configured"

    class Reason(models.TextChoices):
        PUBLICATION = "publication", "Publication"
        METADATA_CHANGE = "metadata_change", "Metadata changed"
        MANUAL = "manual", "Deposit now"
        COMMAND = "command", "Command line"

    batch_id = models.CharField(
        "doi_batch_id", max_length=100, unique=True, help_text="Also the file name Crossref knows it by."
    )
    journal = models.ForeignKey("editorial.Journal", on_delete=models.PROTECT, related_name="deposit_batches")
    issue = models.ForeignKey(
        "editorial.Issue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deposit_batches",
        help_text="Set when the batch deposits a whole issue.",
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    message = models.TextField(blank=True, help_text="Why the batch failed or waits, in words.")
    timestamp = models.PositiveBigIntegerField(help_text="The head timestamp: the version of every record in it.")
    production = models.BooleanField(help_text="Sent to Crossref's production system (else its test system).")
    xml = models.TextField("deposit XML", blank=True)
    login_id = models.CharField("login id used", max_length=150, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    send_count = models.PositiveSmallIntegerField(default=0)
    check_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    send_started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deposit batches"
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.batch_id} [{self.get_state_display()}]"

    @property
    def file_name(self) -> str:
        return f"{self.batch_id}.xml"

    @property
    def system(self) -> str:
        return "production" if self.production else "test"


class DepositRecord(models.Model):
    """One DOI in one batch, and what Crossref said about it."""

    batch = models.ForeignKey(DepositBatch, on_delete=models.CASCADE, related_name="records")
    registration = models.ForeignKey(DoiRegistration, on_delete=models.CASCADE, related_name="records")
    doi = models.CharField("DOI", max_length=255)
    timestamp = models.PositiveBigIntegerField()
    state = models.CharField(max_length=20, choices=RegistrationState.choices, default=RegistrationState.QUEUED)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["registration", "-timestamp"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "registration"], name="one_record_per_doi_per_batch"),
            # Crossref ignores a deposit whose timestamp is not newer: two may never share one.
            models.UniqueConstraint(fields=["registration", "timestamp"], name="deposit_timestamps_increase"),
        ]

    def __str__(self) -> str:
        return f"{self.doi} in {self.batch.batch_id}: {self.get_state_display()}"


class DepositAttempt(models.Model):
    """One exchange with Crossref about a batch: an upload, or a look at its result."""

    class Kind(models.TextChoices):
        SEND = "send", "Upload"
        RESULT = "result", "Result"

    batch = models.ForeignKey(DepositBatch, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, help_text="As Crossref sent it, with credentials removed.")
    diagnostics = models.JSONField(default=list, blank=True, help_text="Crossref's verdict per DOI.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "created_at", "pk"]

    def __str__(self) -> str:
        status = self.http_status or "no answer"
        return f"{self.get_kind_display()} of {self.batch.batch_id}: {status}"
