"""The publication record: what a reader sees and Crossref registers."""

from django.db import models

from editorial.validators import validate_doi


class Article(models.Model):
    """The published (or scheduled) article made from an accepted submission.

    Title, abstract, contributors and references stay on the submission; this row holds what
    publication adds: the issue, pages, DOI, date, status and counters.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        CORRECTED = "corrected", "Published, corrected"
        RETRACTED = "retracted", "Retracted"

    submission = models.OneToOneField("editorial.Submission", on_delete=models.PROTECT, related_name="article")
    issue = models.ForeignKey(
        "editorial.Issue", null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    section = models.ForeignKey(
        "editorial.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    position_in_issue = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Its place in the issue's contents, unique in the issue; empty: after those placed, by first page.",
    )
    first_page = models.CharField(max_length=20, blank=True)
    last_page = models.CharField(max_length=20, blank=True)
    article_number = models.CharField(max_length=30, blank=True, help_text="For journals without page numbers.")
    doi = models.CharField("DOI", max_length=255, blank=True, validators=[validate_doi])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    version = models.PositiveSmallIntegerField(default=1, help_text="Raised by each correction.")
    published_on = models.DateField(null=True, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    notice = models.TextField(blank=True, help_text="The public correction or retraction notice.")
    # Production (issue 11): how the DOI came about, why a failing checklist was overridden, and
    # the dates the page prints for a correction or a retraction.
    doi_set_by_hand = models.BooleanField(default=False, help_text="Set by an editor, not minted from the pattern.")
    checklist_override_reason = models.TextField(blank=True)
    corrected_on = models.DateField(null=True, blank=True)
    retracted_on = models.DateField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0, editable=False)
    downloads = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["issue", models.F("position_in_issue").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "position_in_issue"],
                name="unique_article_position_in_issue",
                violation_error_message="Another article of this issue already has this position.",
            ),
            models.UniqueConstraint(
                fields=["doi"],
                condition=~models.Q(doi=""),
                name="unique_article_doi",
                violation_error_message="Another article already has this DOI.",
            ),
        ]

    def __str__(self) -> str:
        return self.doi or f"Article of submission #{self.submission_id}"

    @property
    def pages(self) -> str:
        """'75-111', '75', or the article number: as the citation line prints it."""
        if self.first_page and self.last_page and self.first_page != self.last_page:
            return f"{self.first_page}-{self.last_page}"
        return self.first_page or self.article_number

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.SCHEDULED
