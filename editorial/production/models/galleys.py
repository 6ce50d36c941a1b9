"""The files a reader downloads: the published PDF (and any other rendition) of an article."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models


def galley_upload_path(instance: "Galley", filename: str) -> str:
    """Stored names never come from the uploader: a random name keeps only a known extension."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".pdf", ".html", ".xml", ".epub", ".zip"}:
        suffix = ""
    return f"galleys/{instance.article_id}/{uuid.uuid4().hex}{suffix}"


class Galley(models.Model):
    """One rendition of a published article (a galley, in publishers' words), counted per download."""

    article = models.ForeignKey("editorial.Article", on_delete=models.CASCADE, related_name="galleys")
    label = models.CharField(max_length=50, help_text="As the link reads, e.g. PDF or PDF (Russian).")
    file = models.FileField(upload_to=galley_upload_path)
    content_type = models.CharField(max_length=100, default="application/pdf")
    is_primary = models.BooleanField(
        default=False, help_text="The file indexers are pointed to (citation_pdf_url); one per article."
    )
    position = models.PositiveSmallIntegerField(default=1)
    downloads = models.PositiveIntegerField(default=0, editable=False)
    # Production: a typesetter's upload waits for an editor's approval before readers or proofs see
    # it; a galley replaced by a correction is retired (kept for the earlier version's page).
    is_approved = models.BooleanField(default=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retired_in_version = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(is_primary=True),
                name="one_primary_galley_per_article",
                violation_error_message="An article has one primary galley.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} of {self.article}"

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
