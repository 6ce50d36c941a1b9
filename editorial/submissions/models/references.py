"""The reference list of a submission, numbered as printed."""

from django.db import models

from editorial.validators import validate_doi


class Reference(models.Model):
    """One cited work. ``raw_text`` is exactly what the author wrote and what the page prints;
    the parsed fields are derived from it and may be corrected, but never replace it."""

    submission = models.ForeignKey("editorial.Submission", on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField()
    raw_text = models.TextField()
    doi = models.CharField("DOI", max_length=255, blank=True, validators=[validate_doi])
    first_author = models.CharField("first author's surname", max_length=150, blank=True)
    authors = models.CharField(max_length=1000, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.TextField(blank=True)
    container = models.CharField("journal or book", max_length=500, blank=True)
    volume = models.CharField(max_length=30, blank=True)
    issue = models.CharField(max_length=30, blank=True)
    pages = models.CharField(max_length=30, blank=True)
    url = models.URLField(max_length=1000, blank=True)

    class Meta:
        ordering = ["submission", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position"],
                name="unique_reference_position",
                violation_error_message="Two references cannot share a number.",
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="reference_position_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.raw_text[:80]}"
