"""A submission and what the authors send with it: contributors and files.

Metadata is kept in the original language and, when that is not English, in English too; the
public page and Crossref use both.
"""

import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django_countries.fields import CountryField

from editorial.journals.models.journals import LANGUAGE_CHOICES
from editorial.validators import normalize_orcid, validate_orcid
from editorial.workflow import State


class Submission(models.Model):
    journal = models.ForeignKey("editorial.Journal", on_delete=models.PROTECT, related_name="submissions")
    section = models.ForeignKey(
        "editorial.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(max_length=30, choices=State.choices, default=State.DRAFT, editable=False)
    language = models.CharField("original language", max_length=10, choices=LANGUAGE_CHOICES, default="en")
    title = models.CharField("title (original language)", max_length=500, blank=True)
    abstract = models.TextField("abstract (original language)", blank=True)
    keywords = models.JSONField("keywords (original language)", default=list, blank=True)
    title_en = models.CharField("English title", max_length=500, blank=True)
    abstract_en = models.TextField("English abstract", blank=True)
    keywords_en = models.JSONField("English keywords", default=list, blank=True)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    handling_editor = models.ForeignKey(
        "editorial.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="handled_submissions"
    )
    current_round = models.PositiveSmallIntegerField(default=1, editable=False)
    originality_declared = models.BooleanField(
        "originality declared",
        default=False,
        help_text="The authors declare the work is original and not under consideration elsewhere.",
    )
    no_competing_interests = models.BooleanField("no competing interests declared", default=False)
    competing_interests = models.TextField(
        "competing interests statement", blank=True, help_text="Financial or personal interests that may matter."
    )
    revision_due = models.DateField(
        "revision due", null=True, blank=True, editable=False, help_text="When a requested revision is due."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    state_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    # On PostgreSQL a trigger keeps this in step with the title, keywords and abstract (both
    # languages), under a GIN index, so search reads stored vectors (migration 0007). Unused on SQLite.
    search_document = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["journal", "state", "state_changed_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.display_title}"

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    @property
    def display_title(self) -> str:
        """The English title where there is one (the site's default language), else the original."""
        return self.title_en or self.title

    @property
    def display_abstract(self) -> str:
        return self.abstract_en or self.abstract


class Contributor(models.Model):
    """An author (or editor, translator) as printed on the article, in order."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        EDITOR = "editor", "Editor"
        TRANSLATOR = "translator", "Translator"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="contributors")
    position = models.PositiveSmallIntegerField()
    person = models.ForeignKey(
        "editorial.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AUTHOR)
    given_names = models.CharField(max_length=150, help_text="As printed, e.g. Alexander N.")
    family_name = models.CharField(max_length=150)
    given_names_en = models.CharField(
        "given names in English", max_length=150, blank=True, help_text="When printed differently in English."
    )
    family_name_en = models.CharField("family name in English", max_length=150, blank=True)
    email = models.EmailField(blank=True)
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, validators=[validate_orcid])
    bio = models.TextField(blank=True, help_text="Position and biography as printed; a little HTML allowed.")
    is_corresponding = models.BooleanField("corresponding author", default=False)

    class Meta:
        ordering = ["submission", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position"],
                name="unique_contributor_position",
                violation_error_message="Two contributors cannot share a position in the author list.",
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="contributor_position_from_one"),
            models.UniqueConstraint(
                fields=["submission"],
                condition=models.Q(is_corresponding=True),
                name="one_corresponding_author",
                violation_error_message="A submission has one corresponding author.",
            ),
        ]

    def __str__(self) -> str:
        return self.printed_name

    def clean(self) -> None:
        if self.orcid:
            self.orcid = normalize_orcid(self.orcid)

    @property
    def name_en(self) -> tuple[str, str]:
        return (self.given_names_en or self.given_names, self.family_name_en or self.family_name)

    @property
    def initials(self) -> str:
        """'Alexander N.' -> 'A. N.'; hyphenated names keep the hyphen: 'Jean-Paul' -> 'J.-P.'."""
        given, _ = self.name_en
        return " ".join(
            "-".join(part[0] + "." for part in word.split("-") if part) for word in given.replace(".", ". ").split()
        )

    @property
    def printed_name(self) -> str:
        """The name as the author block prints it: 'A. N. Korolev'."""
        return f"{self.initials} {self.name_en[1]}".strip()


class Affiliation(models.Model):
    """Where a contributor works, as printed: institution, department, address, country."""

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="affiliations")
    position = models.PositiveSmallIntegerField(default=1)
    institution = models.CharField(max_length=300)
    department = models.CharField(max_length=300, blank=True)
    address = models.CharField(max_length=300, blank=True, help_text="City and postcode, as printed.")
    country = CountryField(blank=True)
    ror_id = models.URLField("ROR ID", blank=True, help_text="https://ror.org/...")

    class Meta:
        ordering = ["contributor", "position"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.institution, str(self.country.name or "")) if part)


def manuscript_upload_path(instance: "ManuscriptFile", filename: str) -> str:
    """Stored names never come from the user: a random name keeps only a known extension."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".pdf", ".docx", ".odt", ".doc", ".rtf", ".txt", ".zip", ".xml", ".html"}:
        suffix = ""
    return f"submissions/{instance.submission_id}/{uuid.uuid4().hex}{suffix}"


class ManuscriptFile(models.Model):
    """One version of one file of a submission, kept per review round."""

    class Kind(models.TextChoices):
        MANUSCRIPT = "manuscript", "Manuscript"
        SUPPLEMENT = "supplement", "Supplementary file"
        COVER_LETTER = "cover_letter", "Cover letter"
        RESPONSE = "response", "Response to reviewers"
        COPYEDITED = "copyedited", "Copyedited manuscript"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    round = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(upload_to=manuscript_upload_path)
    original_name = models.CharField(max_length=255, help_text="The name the author's file had; shown, never used.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Double-blind review: what reviewers get instead of this file when an editor supplied a clean
    # copy, and why the automatic anonymisation could not be done (shown to the editors).
    reviewer_copy = models.FileField(upload_to=manuscript_upload_path, blank=True)
    reviewer_copy_problem = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["submission", "round", "kind", "version"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "round", "kind", "version"], name="unique_file_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} (round {self.round}): {self.original_name}"

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()
