"""People and their roles in journals.

A Person is an identity that exists before any login: a reviewer invited by e-mail, a co-author.
A User (Django's) is how a person signs in; the two are linked once the person has an account.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django_countries.fields import CountryField

from editorial.validators import normalize_orcid, validate_orcid


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    given_names = models.CharField(max_length=150)
    family_name = models.CharField(max_length=150)
    email = models.EmailField()
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, validators=[validate_orcid])
    affiliation = models.CharField(max_length=300, blank=True)
    country = CountryField(blank=True)
    bio = models.TextField(blank=True, help_text="Position and short biography; a little HTML (italic, links).")
    expertise = models.CharField(max_length=500, blank=True, help_text="Keywords, separated by semicolons.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_person_email_case_insensitive"),
            models.UniqueConstraint(fields=["orcid"], condition=~models.Q(orcid=""), name="unique_person_orcid"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    def clean(self) -> None:
        self.email = self.email.strip().lower()
        if self.orcid:
            self.orcid = normalize_orcid(self.orcid)


class Role(models.Model):
    """What a person may do in one journal; one person may hold several roles in several journals."""

    class Kind(models.TextChoices):
        MANAGING_EDITOR = "managing_editor", "Managing editor"
        SECTION_EDITOR = "section_editor", "Section editor"
        REVIEWER = "reviewer", "Reviewer"
        AUTHOR = "author", "Author"
        COPYEDITOR = "copyeditor", "Copyeditor"
        TYPESETTER = "typesetter", "Typesetter"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    journal = models.ForeignKey("editorial.Journal", on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    sections = models.ManyToManyField(
        "editorial.Section", blank=True, help_text="For a section editor: the sections they handle."
    )

    class Meta:
        ordering = ["journal", "kind", "person"]
        constraints = [models.UniqueConstraint(fields=["person", "journal", "kind"], name="unique_role")]

    def __str__(self) -> str:
        return f"{self.person} - {self.get_kind_display()} of {self.journal}"
