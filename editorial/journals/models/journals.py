"""Journal, its sections and its issues."""

import string
import uuid

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models

from editorial.validators import normalize_issn, validate_doi_prefix, validate_issn

LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda item: item[1])

# Placeholders a DOI suffix pattern may use; filled from the publication record at minting time.
DOI_SUFFIX_PLACEHOLDERS = frozenset(
    {"issn", "year", "volume", "issue", "first_page", "last_page", "article_number", "article_id", "journal"}
)


def validate_doi_suffix_pattern(value: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise ValidationError(f"The DOI suffix pattern is not well formed: {exc}.") from exc
    unknown = sorted(names - DOI_SUFFIX_PLACEHOLDERS)
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in sorted(DOI_SUFFIX_PLACEHOLDERS))
        raise ValidationError(f"Unknown placeholder(s) {', '.join(unknown)} in the DOI suffix pattern; use {known}.")
    if not names:
        raise ValidationError("The DOI suffix pattern needs at least one placeholder, or every DOI would be the same.")


# URL prefixes of the site itself: a journal slug must not shadow them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "static",
        "media",
        "editorial",
        "doi",
        "healthz",
        "readyz",
        "search",
        "accounts",
        "oai",
        "feeds",
        "review",
    }
)


def validate_journal_slug(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(f"'{value}' is used by the site's own addresses; choose another short name.")


class CitationStyle(models.TextChoices):
    """The journal's house style for the "For citations" line."""

    ELPUB = "elpub", "Surname I.I. Title. Journal. Year;Vol(No):pages. (ELPUB / RSCI)"
    APA = "apa", "APA 7th edition"
    CHICAGO = "chicago-author-date", "Chicago author-date"
    VANCOUVER = "vancouver", "Vancouver"
    GOST = "gost", "GOST R 7.0.5-2008"


class Journal(models.Model):
    title = models.CharField(max_length=300)
    title_en = models.CharField("English title", max_length=300, blank=True, help_text="When the title is not English.")
    abbreviation = models.CharField(max_length=100, help_text="Abbreviated title (ISO 4), used in citations.")
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_journal_slug])
    issn_print = models.CharField("print ISSN", max_length=9, blank=True, validators=[validate_issn])
    issn_online = models.CharField("online ISSN", max_length=9, blank=True, validators=[validate_issn])
    doi_prefix = models.CharField("DOI prefix", max_length=20, blank=True, validators=[validate_doi_prefix])
    doi_suffix_pattern = models.CharField(
        "DOI suffix pattern",
        max_length=200,
        default="{issn}-{year}-{volume}-{issue}-{first_page}-{last_page}",
        validators=[validate_doi_suffix_pattern],
    )
    publisher = models.CharField(max_length=300, blank=True)
    primary_language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES, default="en")
    citation_style = models.CharField(
        "citation house style", max_length=30, choices=CitationStyle.choices, default=CitationStyle.APA
    )
    description = models.TextField("about the journal", blank=True)
    contact_email = models.EmailField(blank=True)
    license_url = models.URLField("licence URL", blank=True)
    deposit_to_production = models.BooleanField(
        "deposit DOIs to Crossref production",
        default=False,
        help_text="Off: deposits go to Crossref's test system and register nothing.",
    )
    signup_open = models.BooleanField(
        "open for sign-up",
        default=True,
        help_text="Off: nobody can create an account from this journal's pages (invited people still can).",
    )
    privacy_statement = models.TextField(
        blank=True,
        help_text="Shown at sign-up, where each person must agree to it. Empty: the site's default statement.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(issn_print="") | ~models.Q(issn_online="") | models.Q(doi_prefix=""),
                name="journal_with_doi_prefix_has_an_issn",
                violation_error_message="A journal that registers DOIs needs a print or an online ISSN.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.issn_print = normalize_issn(self.issn_print) if self.issn_print else ""
        self.issn_online = normalize_issn(self.issn_online) if self.issn_online else ""
        if self.issn_print and self.issn_print == self.issn_online:
            raise ValidationError({"issn_online": "The online ISSN must differ from the print ISSN."})

    @property
    def issn(self) -> str:
        """The ISSN that identifies the journal in DOIs and citations: print first, as on its cover."""
        return self.issn_print or self.issn_online


class Section(models.Model):
    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=1)
    is_active = models.BooleanField(default=True, help_text="Inactive sections take no new submissions.")

    class Meta:
        ordering = ["journal", "position", "title"]
        constraints = [models.UniqueConstraint(fields=["journal", "title"], name="unique_section_title_per_journal")]

    def __str__(self) -> str:
        return self.title


def cover_upload_path(instance: "Issue", filename: str) -> str:
    """A random stored name with the extension of a known image type; never the uploader's name."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{suffix}" if suffix in {"png", "jpg", "jpeg", "webp"} else ""
    return f"covers/{uuid.uuid4().hex}{suffix}"


def validate_cover_image(upload) -> None:
    """A cover is a PNG, JPEG or WebP image, judged by its first bytes."""
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff") or head[8:12] == b"WEBP"):
        raise ValidationError("The cover must be a PNG, JPEG or WebP image.")


class Issue(models.Model):
    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="issues")
    volume = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.CharField(max_length=20, help_text="As printed: 3, 1-2, S1.")
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300, blank=True, help_text="For a themed or special issue.")
    publication_date = models.DateField(null=True, blank=True)
    is_published = models.BooleanField(default=False)
    cover = models.FileField(upload_to=cover_upload_path, blank=True, validators=[validate_cover_image])
    editorial = models.TextField(blank=True, help_text="The issue's editorial; a little HTML (italic, links).")

    class Meta:
        ordering = ["journal", "-year", "-volume", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["journal", "year", "volume", "number"], name="unique_issue_per_journal"),
            models.CheckConstraint(
                condition=models.Q(year__gte=1665) & models.Q(year__lte=2999),
                name="issue_year_plausible",
                violation_error_message="The year must be between 1665 and 2999.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.journal.abbreviation} {self.citation_label}"

    @property
    def citation_label(self) -> str:
        """Year;Volume(Number) as in the house citation style, e.g. 2021;13(3)."""
        if self.volume is None:
            return f"{self.year};({self.number})"
        return f"{self.year};{self.volume}({self.number})"
