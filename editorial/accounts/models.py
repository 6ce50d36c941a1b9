"""What a person agreed to when they made their account."""

from django.conf import settings
from django.db import models


class PrivacyConsent(models.Model):
    """The privacy statement a person agreed to at sign-up, word for word, and when.

    Kept as its own row (not a date on the person) so that the statement they saw is on record even
    after the journal rewrites it, and because the Person is linked only once the address is confirmed.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consent")
    journal = models.ForeignKey(
        "editorial.Journal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The journal whose pages the person signed up from; empty: the site.",
    )
    statement = models.TextField(help_text="The privacy statement as shown at sign-up.")
    given_at = models.DateTimeField()

    class Meta:
        verbose_name = "privacy consent"

    def __str__(self) -> str:
        return f"{self.user} agreed on {self.given_at:%Y-%m-%d %H:%M}"
