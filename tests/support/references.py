"""The reference-check world: Crossref work records as the checker reads them, the sample article page's
printed reference list, and the editors and submissions the service, API and page tests act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editorial.bibliography.parser import parse_reference_list
from editorial.models import Person, Reference, Role
from tests.support.factories import SubmissionFactory, UserFactory

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "article-page-lomonosov-2021-13-3.txt"
MAILTO = "editor@journal.invalid"


def work(doi: str, title: str, family: str, year: int, container: str = "", **extra: Any) -> dict[str, Any]:
    """A Crossref work message with what the checker reads, plus whatever a test adds."""
    record = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"family": family, "given": "A.", "sequence": "first"}],
        "issued": {"date-parts": [[year, 3]]},
        "container-title": [container] if container else [],
        "publisher": "Test Publisher",
    }
    return record | extra


def printed_reference_list(sample_text: str) -> str:
    return sample_text.split("\nReferences\n", 1)[1].split("\nReview\n", 1)[0]


def make_editor(journal, *, username: str = "editor", kind: str = "managing_editor"):
    """A user who holds an editor's role in ``journal``."""
    user = UserFactory(username=username)
    person = Person.objects.create(user=user, given_names="Eda", family_name=username.title(), email=user.email)
    Role.objects.create(person=person, journal=journal, kind=kind)
    return user


def make_submission_with_references(text: str, **submission_fields):
    """A submission whose reference list is ``text``, stored as the submission form would."""
    submission = SubmissionFactory(submitter=UserFactory(username="author"), **submission_fields)
    Reference.objects.bulk_create(
        Reference(submission=submission, position=ref.position, raw_text=ref.raw_text, doi=ref.doi)
        for ref in parse_reference_list(text)
    )
    return submission
